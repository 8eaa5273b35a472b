/**
 * Interop with nghttpd (nghttp2's reference HTTP/2 server, OpenSSL underneath) through AsyncClient
 * with Chrome's and Firefox's profiles: files, HEAD, a 404, an echoed upload, an 8 MiB body across
 * many flow-control windows, and 20 requests at once multiplexed on one connection (nghttpd -v
 * tags each log line with its connection id, so the server counts the connections).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { closeDefaultPool } from '../../src/pool/index.js';
import { makePki, type LeafEntry, type Pki } from '../helpers/pki.js';
import { freePort, requireBinary } from '../helpers/servers.js';
import { waitForPort } from '../http/servers.js';
import { BOTH_OK, interopSuite } from './harness.js';
import { clientFor, patternBytes, startDaemon, versionLine, type Daemon } from './support.js';

const suite = interopSuite('nghttpd');
const INDEX = '<!doctype html><title>nghttpd interop</title>\n';
const BIG = patternBytes(8 * 1024 * 1024);
const BIG_SHA256 = createHash('sha256').update(BIG).digest('hex');

let pki: Pki;
let dir: string;
const servers: Record<'ecdsa' | 'rsa', { daemon: Daemon; port: number }> = {} as never;

async function start(leaf: LeafEntry): Promise<{ daemon: Daemon; port: number }> {
  const binary = requireBinary('nghttpd', 'nghttp2-server');
  const port = await freePort();
  const daemon = startDaemon(binary, ['-v', '--echo-upload', '-a', '127.0.0.1', '-d', join(dir, 'www'), String(port), leaf.keyPath, leaf.chainPath]);
  try {
    await waitForPort(port);
  } catch (error) {
    await daemon.stop();
    throw new Error(`nghttpd did not start: ${(error as Error).message}\n${daemon.output()}`);
  }
  return { daemon, port };
}

beforeAll(async () => {
  suite.label = `nghttpd ${(await versionLine(requireBinary('nghttpd', 'nghttp2-server'), ['--version'])).replace(/^nghttpd nghttp2\//, '')}`;
  pki = await makePki();
  dir = mkdtempSync(join(tmpdir(), 'tls-requests-interop-nghttpd-'));
  mkdirSync(join(dir, 'www'));
  writeFileSync(join(dir, 'www', 'index.html'), INDEX);
  writeFileSync(join(dir, 'www', 'big.bin'), BIG);
  servers.ecdsa = await start(pki.leaves.ecdsaP256);
  servers.rsa = await start(pki.leaves.rsa2048);
});

afterAll(async () => {
  await closeDefaultPool();
  await Promise.all(Object.values(servers).map((s) => s.daemon.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const url = (server: 'ecdsa' | 'rsa', path: string): string => `https://localhost:${servers[server].port}${path}`;

/** nghttpd -v prefixes every line with its connection's id. */
function connectionIds(log: string): Set<string> {
  return new Set([...log.matchAll(/^\[id=(\d+)\]/gm)].map((m) => m[1]!));
}

describe('HTTP/2 against nghttpd', () => {
  for (const server of ['ecdsa', 'rsa'] as const) {
    suite.case(`GET a file (${server === 'ecdsa' ? 'ECDSA P-256' : 'RSA'} leaf)`, BOTH_OK, async (profile) => {
      await using client = clientFor(pki, profile);
      const response = await client.get(url(server, '/index.html'));
      expect(response.status).toBe(200);
      expect(response.httpVersion).toBe('HTTP/2');
      expect(response.tls).toMatchObject({ version: 'TLSv1.3', alpn: 'h2' });
      expect(response.text).toBe(INDEX);
    });
  }
  suite.case('HEAD and a 404', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile);
    const head = await client.head(url('ecdsa', '/big.bin'));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(BIG.length));
    expect(head.content.length).toBe(0);
    const missing = await client.get(url('ecdsa', '/missing'));
    expect(missing.status).toBe(404);
  });
  suite.case('POST, echoed back (--echo-upload)', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile);
    const body = 'interop upload '.repeat(5000);
    const response = await client.post(url('ecdsa', '/echo'), { content: body });
    expect(response.status).toBe(200);
    expect(response.text).toBe(body);
  });
  suite.case(
    'an 8 MiB body across many flow-control windows',
    BOTH_OK,
    async (profile) => {
      await using client = clientFor(pki, profile);
      const response = await client.get(url('ecdsa', '/big.bin'));
      expect(response.content.length).toBe(BIG.length);
      expect(createHash('sha256').update(response.content).digest('hex')).toBe(BIG_SHA256);
    },
    120_000,
  );
  suite.case('20 requests at once share one connection', BOTH_OK, async (profile) => {
    // The RSA server sees no other test's connections for this profile: count only new ones.
    const before = connectionIds(servers.rsa.daemon.output());
    await using client = clientFor(pki, profile);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => client.get(url('rsa', `/index.html?n=${i}`))));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const opened = [...connectionIds(servers.rsa.daemon.output())].filter((id) => !before.has(id));
    expect(opened.length).toBeLessThanOrEqual(1);
  });
});

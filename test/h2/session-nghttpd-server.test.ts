/**
 * Our HTTP/2 session over our TLS against nghttpd (nghttp2's reference server): files, HEAD, an
 * echoed upload, a 20 MiB file, 100 concurrent requests on one connection (nghttpd's verbose log
 * names each connection), and server push refused with RST_STREAM REFUSED_STREAM when a profile
 * leaves push enabled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { requireBinary } from '../helpers/servers.js';
import { freePort, get, openSession, pseudoRandomBytes, readBody, readText, sha256, waitFor, waitForPort, withBody, type SessionProfile } from './session-harness.js';

const BIG = pseudoRandomBytes(20 * 1024 * 1024, 'nghttpd');
const INDEX = '<!doctype html><title>nghttpd</title>\n';

interface Nghttpd {
  port: number;
  output(): string;
  stop(): Promise<void>;
}

let pki: Pki;
let dir = '';
const running: Nghttpd[] = [];

async function startNghttpd(args: string[]): Promise<Nghttpd> {
  const binary = requireBinary('nghttpd', 'nghttp2-server');
  const port = await freePort();
  const leaf = pki.leaves.ecdsaP256;
  const child: ChildProcess = spawn(binary, ['-v', '-a', '127.0.0.1', '-d', join(dir, 'www'), ...args, String(port), leaf.keyPath, leaf.chainPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  process.once('exit', () => child.kill('SIGKILL'));
  try {
    await waitForPort(port);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`nghttpd did not start: ${(error as Error).message}\n${log}`);
  }
  const server: Nghttpd = {
    port,
    output: () => log,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  running.push(server);
  return server;
}

/** nghttpd -v prefixes every line with its connection's id: how many connections it saw. */
function connectionIds(log: string): Set<string> {
  return new Set([...log.matchAll(/^\[id=(\d+)\]/gm)].map((m) => m[1]!));
}

let server: Nghttpd;

beforeAll(async () => {
  pki = await makePki();
  dir = await mkdtemp(join(tmpdir(), 'tls-requests-nghttpd-'));
  await mkdir(join(dir, 'www'), { recursive: true });
  await writeFile(join(dir, 'www', 'index.html'), INDEX);
  await writeFile(join(dir, 'www', 'pushed.css'), 'body { color: red }\n');
  await writeFile(join(dir, 'www', 'big.bin'), BIG);
  server = await startNghttpd(['--echo-upload']);
});

afterAll(async () => {
  for (const s of running) await s.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['chrome_156', chrome156],
  ['firefox_153', firefox153],
] as [string, SessionProfile][])('Http2Session (%s) against nghttpd', (name, profile) => {
  it('GET, HEAD, POST (echoed), PUT (echoed) and DELETE', async () => {
    const { session } = await openSession(pki, server.port, profile);
    try {
      expect(await readText(await session.request(get('/index.html')))).toBe(INDEX);
      const head = await session.request({ ...get('/big.bin'), method: 'HEAD' });
      expect(head.status).toBe(200);
      expect((await readBody(head.body)).length).toBe(0);
      for (const method of ['POST', 'PUT']) {
        const body = pseudoRandomBytes(300_000, method);
        const echoed = await readBody((await session.request(withBody(method, '/index.html', body))).body);
        expect(sha256(echoed)).toBe(sha256(body));
      }
      const deleted = await session.request({ ...get('/index.html'), method: 'DELETE' });
      expect(deleted.status).toBeGreaterThanOrEqual(200);
      await readBody(deleted.body);
    } finally {
      session.close();
    }
  });

  it('downloads a 20 MiB file (sha256 checked)', async () => {
    const { session } = await openSession(pki, server.port, profile);
    try {
      const started = performance.now();
      const body = await readBody((await session.request(get('/big.bin'))).body);
      console.log(`[h2 nghttpd ${name}] 20 MiB download: ${(performance.now() - started).toFixed(0)} ms`);
      expect(sha256(body)).toBe(sha256(BIG));
    } finally {
      session.close();
    }
  });

  it('runs 100 concurrent requests on one connection', async () => {
    const before = connectionIds(server.output());
    const { session } = await openSession(pki, server.port, profile);
    try {
      const bodies = await Promise.all(Array.from({ length: 100 }, (_, i) => session.request(get(`/index.html?i=${i}`)).then(readText)));
      expect(bodies.every((b) => b === INDEX)).toBe(true);
      await waitFor(() => connectionIds(server.output()).size > before.size, 2_000, 'nghttpd to log the connection');
      expect(connectionIds(server.output()).size - before.size).toBe(1);
    } finally {
      session.close();
    }
  });
});

describe('server push against nghttpd', () => {
  it('is refused with RST_STREAM REFUSED_STREAM when the profile leaves push enabled', async () => {
    const pushing = await startNghttpd(['-p/index.html=/pushed.css']);
    // Chrome's opening without SETTINGS_ENABLE_PUSH=0: push stays enabled (the RFC default).
    const pushEnabled: SessionProfile = { http2: { ...chrome156.http2, settings: chrome156.http2.settings.filter(([id]) => id !== 2) } };
    const { session } = await openSession(pki, pushing.port, pushEnabled);
    try {
      expect(await readText(await session.request(get('/index.html')))).toBe(INDEX);
      await waitFor(() => /recv RST_STREAM frame <length=4, flags=0x00, stream_id=2>/.test(pushing.output()), 3_000, 'the refusal');
      expect(pushing.output()).toMatch(/send PUSH_PROMISE frame/);
      expect(pushing.output()).toMatch(/error_code=REFUSED_STREAM/);
      // The connection is fine afterwards.
      expect(await readText(await session.request(get('/index.html')))).toBe(INDEX);
    } finally {
      session.close();
    }
  });

  it('never happens with SETTINGS_ENABLE_PUSH=0 (the browsers)', async () => {
    const pushing = running.find((s) => s !== server) ?? (await startNghttpd(['-p/index.html=/pushed.css']));
    const { session } = await openSession(pki, pushing.port, chrome156);
    try {
      const before = (pushing.output().match(/send PUSH_PROMISE/g) ?? []).length;
      expect(await readText(await session.request(get('/index.html')))).toBe(INDEX);
      expect((pushing.output().match(/send PUSH_PROMISE/g) ?? []).length).toBe(before);
    } finally {
      session.close();
    }
  });
});

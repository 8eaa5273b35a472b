/**
 * Our HTTP/2 session over our TLS against nginx (1.22, `listen ... ssl http2`): methods, a
 * 20 MiB static file through the flow-control windows, gzip, and 100 concurrent requests counted
 * as one accepted connection by nginx's own stub_status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { requireBinary } from '../helpers/servers.js';
import { freePort, get, openSession, pseudoRandomBytes, readBody, readText, sha256, waitForPort, withBody, type SessionProfile } from './session-harness.js';

const BIG = pseudoRandomBytes(20 * 1024 * 1024, 'nginx');
const TEXT = Array.from({ length: 5_000 }, (_, i) => `line ${i}: the quick brown fox jumps over the lazy dog\n`).join('');

let pki: Pki;
let dir = '';
let port = 0;
let nginx: ChildProcess | undefined;
let nginxLog = '';

function config(): string {
  const leaf = pki.leaves.ecdsaP256;
  return `
daemon off;
master_process off;
worker_processes 1;
error_log ${dir}/error.log info;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  types { text/plain txt; application/octet-stream bin; text/html html; }
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${leaf.chainPath};
    ssl_certificate_key ${leaf.keyPath};
    root ${dir}/www;
    gzip on;
    gzip_types text/plain;
    gzip_min_length 1;
    location = /method { return 200 "$request_method $content_length\\n"; }
    location = /status { stub_status; }
  }
}
`;
}

beforeAll(async () => {
  const binary = requireBinary('nginx', 'nginx');
  pki = await makePki();
  dir = await mkdtemp(join(tmpdir(), 'tls-requests-nginx-'));
  port = await freePort();
  await mkdir(join(dir, 'www'), { recursive: true });
  await mkdir(join(dir, 'tmp'), { recursive: true });
  await writeFile(join(dir, 'www', 'index.html'), '<!doctype html><title>nginx</title>\n');
  await writeFile(join(dir, 'www', 'big.bin'), BIG);
  await writeFile(join(dir, 'www', 'text.txt'), TEXT);
  await writeFile(join(dir, 'nginx.conf'), config());
  nginx = spawn(binary, ['-c', join(dir, 'nginx.conf'), '-p', dir, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stdout?.on('data', (c: Buffer) => (nginxLog += c.toString()));
  nginx.stderr?.on('data', (c: Buffer) => (nginxLog += c.toString()));
  const child = nginx;
  process.once('exit', () => child.kill('SIGKILL'));
  try {
    await waitForPort(port);
  } catch (error) {
    throw new Error(`nginx did not start: ${(error as Error).message}\n${nginxLog}`);
  }
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx!.once('exit', resolve));
    nginx.kill('SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** nginx's count of accepted connections, read over `session`. */
async function accepted(session: Awaited<ReturnType<typeof openSession>>['session']): Promise<number> {
  const text = await readText(await session.request(get('/status')));
  const m = /server accepts handled requests\s+(\d+)/.exec(text);
  if (!m) throw new Error(`unexpected stub_status output: ${text}`);
  return Number(m[1]);
}

describe.each([
  ['chrome_156', chrome156],
  ['firefox_153', firefox153],
] as [string, SessionProfile][])('Http2Session (%s) against nginx', (name, profile) => {
  it('GET, HEAD, POST, PUT and DELETE', async () => {
    const { session } = await openSession(pki, port, profile);
    try {
      const index = await session.request(get('/'));
      expect(index.status).toBe(200);
      expect(index.headers).toContainEqual(['content-type', 'text/html']);
      expect(await readText(index)).toBe('<!doctype html><title>nginx</title>\n');

      const head = await session.request({ ...get('/big.bin'), method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers).toContainEqual(['content-length', String(BIG.length)]);
      expect((await readBody(head.body)).length).toBe(0);

      for (const method of ['POST', 'PUT', 'DELETE']) {
        const body = new TextEncoder().encode(`${method}=1`);
        const response = await session.request(withBody(method, '/method', body, [['content-length', String(body.length)]]));
        expect(await readText(response)).toBe(`${method} ${body.length}\n`);
      }
      const missing = await session.request(get('/nope'));
      expect(missing.status).toBe(404);
      await readBody(missing.body);
    } finally {
      session.close();
    }
  });

  it('downloads a 20 MiB file (sha256 checked)', async () => {
    const { session } = await openSession(pki, port, profile);
    try {
      const started = performance.now();
      const response = await session.request(get('/big.bin'));
      const body = await readBody(response.body);
      console.log(`[h2 nginx ${name}] 20 MiB download: ${(performance.now() - started).toFixed(0)} ms`);
      expect(body.length).toBe(BIG.length);
      expect(sha256(body)).toBe(sha256(BIG));
    } finally {
      session.close();
    }
  });

  it('gets a gzip-encoded body that decodes to the file', async () => {
    const { session } = await openSession(pki, port, profile);
    try {
      const response = await session.request(get('/text.txt', [['accept-encoding', 'gzip, deflate, br, zstd']]));
      expect(response.headers).toContainEqual(['content-encoding', 'gzip']);
      const raw = await readBody(response.body);
      expect(raw.length).toBeLessThan(TEXT.length / 5);
      expect(gunzipSync(raw).toString()).toBe(TEXT);
    } finally {
      session.close();
    }
  });

  it('runs 100 concurrent requests on one connection (nginx accepts one)', async () => {
    const { session } = await openSession(pki, port, profile);
    try {
      const before = await accepted(session);
      const started = performance.now();
      const bodies = await Promise.all(Array.from({ length: 100 }, (_, i) => session.request(get(`/?i=${i}`)).then(readText)));
      console.log(`[h2 nginx ${name}] 100 concurrent requests: ${(performance.now() - started).toFixed(0)} ms`);
      expect(new Set(bodies)).toEqual(new Set(['<!doctype html><title>nginx</title>\n']));
      expect(await accepted(session)).toBe(before);
    } finally {
      session.close();
    }
  });
});

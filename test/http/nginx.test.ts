/**
 * HTTP/1.1 over our TLS against nginx (ssl + http2 enabled, so ALPN is a real choice): a 20 MiB
 * static file checked by SHA-256, a gzip-compressed response (which nginx sends chunked), and
 * keep-alive reuse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { requireBinary } from '../helpers/servers.js';
import { header, makeRequest, text } from './request.js';
import { freePort, waitForPort } from './servers.js';

const BIG_SIZE = 20 * 1024 * 1024;
const TEXT = 'nginx gzip test line, compressible and repeated.\n'.repeat(5000);

let pki: Pki;
let dir: string;
let nginx: ChildProcess;
let port: number;
let bigSha256: string;
let stderr = '';

beforeAll(async () => {
  const binary = requireBinary('nginx', 'nginx');
  pki = await makePki();
  dir = mkdtempSync(join(tmpdir(), 'tls-requests-nginx-'));
  const www = join(dir, 'www');
  mkdirSync(www);
  const big = randomBytes(BIG_SIZE);
  bigSha256 = createHash('sha256').update(big).digest('hex');
  writeFileSync(join(www, 'big.bin'), big);
  writeFileSync(join(www, 'text.txt'), TEXT);
  const leaf = pki.leaves.ecdsaP256;
  port = await freePort();
  const temp = (name: string): string => `${name} ${join(dir, name)};`;
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
error_log stderr warn;
pid ${join(dir, 'nginx.pid')};
events { worker_connections 64; }
http {
  access_log off;
  ${temp('client_body_temp_path')} ${temp('proxy_temp_path')} ${temp('fastcgi_temp_path')} ${temp('uwsgi_temp_path')} ${temp('scgi_temp_path')}
  types { text/plain txt; application/octet-stream bin; }
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${leaf.chainPath};
    ssl_certificate_key ${leaf.keyPath};
    ssl_protocols TLSv1.2 TLSv1.3;
    root ${www};
    gzip on;
    gzip_types text/plain;
    gzip_min_length 0;
    location = /echo-method { return 200 "$request_method\\n"; }
  }
}
`,
  );
  nginx = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  nginx.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort(port);
  } catch (error) {
    throw new Error(`nginx did not start: ${(error as Error).message}\n${stderr}`);
  }
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGTERM');
    await new Promise((resolve) => nginx.once('exit', resolve));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const url = (path: string): string => `https://localhost:${port}${path}`;

describe('nginx over HTTPS, HTTP/1.1', () => {
  it('downloads a 20 MiB file intact', async () => {
    const pool = new ConnectionPool();
    try {
      const started = performance.now();
      const response = await performRequest(makeRequest(url('/big.bin'), { ca: [pki.ca], http2: 'http1', timeout: 120_000 }), { pool });
      const seconds = (performance.now() - started) / 1000;
      expect(response.status).toBe(200);
      expect(response.tls!.alpn).toBe('http/1.1');
      expect(response.body!.length).toBe(BIG_SIZE);
      expect(createHash('sha256').update(response.body!).digest('hex')).toBe(bigSha256);
      console.log(`20 MiB over HTTP/1.1 + our TLS (${response.tls!.version}, ${response.tls!.cipher}): ${seconds.toFixed(2)} s, ${(20 / seconds).toFixed(1)} MiB/s`);
    } finally {
      pool.close();
    }
  }, 180_000);

  it('decodes a gzip response that nginx sends chunked', async () => {
    const pool = new ConnectionPool();
    try {
      const response = await performRequest(makeRequest(url('/text.txt'), { ca: [pki.ca], http2: 'http1' }), { pool });
      expect(header(response.headers, 'content-encoding')).toBe('gzip');
      expect(header(response.headers, 'transfer-encoding')).toBe('chunked');
      expect(header(response.headers, 'content-length')).toBeUndefined();
      expect(text(response.body)).toBe(TEXT);
    } finally {
      pool.close();
    }
  });

  it('GET, POST, PUT, DELETE, HEAD on one kept-alive connection', async () => {
    const pool = new ConnectionPool();
    try {
      const methods = ['GET', 'POST', 'PUT', 'DELETE'];
      const reused: boolean[] = [];
      for (const method of methods) {
        const response = await performRequest(
          makeRequest(url('/echo-method'), { method, ca: [pki.ca], http2: 'http1', body: method === 'GET' ? null : new TextEncoder().encode('data') }),
          { pool },
        );
        expect(text(response.body)).toBe(`${method}\n`);
        reused.push(response.connectionReused);
      }
      const head = await performRequest(makeRequest(url('/big.bin'), { method: 'HEAD', ca: [pki.ca], http2: 'http1' }), { pool });
      expect(header(head.headers, 'content-length')).toBe(String(BIG_SIZE));
      expect(head.body!.length).toBe(0);
      reused.push(head.connectionReused);
      expect(reused).toEqual([false, true, true, true, true]);
    } finally {
      pool.close();
    }
  });

  it('streams the 20 MiB file through onChunk', async () => {
    const pool = new ConnectionPool();
    try {
      const hash = createHash('sha256');
      let total = 0;
      await performRequest(makeRequest(url('/big.bin'), { ca: [pki.ca], http2: 'http1', timeout: 120_000 }), {
        pool,
        onChunk: (chunk) => {
          hash.update(chunk);
          total += chunk.length;
        },
      });
      expect(total).toBe(BIG_SIZE);
      expect(hash.digest('hex')).toBe(bigSha256);
    } finally {
      pool.close();
    }
  }, 180_000);
});

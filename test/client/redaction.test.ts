/**
 * Secrets stay out of logs, against real peers on loopback: a Node HTTP/2 server (HTTP/1.1 by
 * ALPN fallback) that reports the Authorization, the request target and the Host it received,
 * and tinyproxy with Basic auth. `user:pass@` in a request URL becomes Basic auth and leaves the
 * URL; the debug log and error messages mask proxy passwords, Authorization, Proxy-Authorization
 * and cookies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, ProxyError } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { requireBinary } from '../helpers/servers.js';
import { freePort, waitForPort } from '../http/servers.js';

const PROXY_PASSWORD = 'pr0xyS3cret';

interface Seen {
  httpVersion: string;
  target: string;
  host: string;
  authorization: string | null;
}

let pki: Pki;
let server: http2.Http2SecureServer;
let origin: string;
let tinyproxy: ChildProcess;
let tinyPort: number;
let dir: string;

beforeAll(async () => {
  pki = await makePki();
  const leaf = pki.leaves.ecdsaP256;
  server = http2.createSecureServer({ key: leaf.keyPem, cert: leaf.chainPem, allowHTTP1: true }, (req, res) => {
    const seen: Seen = {
      httpVersion: req.httpVersion,
      // HTTP/1.1: the request line's target; HTTP/2: :path (Node gives both as req.url).
      target: req.url,
      host: String(req.headers[':authority'] ?? req.headers.host ?? ''),
      authorization: req.headers.authorization ?? null,
    };
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'sid=s3tCookieValue; Path=/; HttpOnly' });
    res.end(JSON.stringify(seen));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `localhost:${(server.address() as AddressInfo).port}`;

  const binary = requireBinary('tinyproxy', 'tinyproxy');
  dir = mkdtempSync(join(tmpdir(), 'tls-requests-redaction-'));
  tinyPort = await freePort();
  const conf = join(dir, 'tinyproxy.conf');
  // No ConnectPort line: CONNECT is then allowed to any port (the origin's is ephemeral).
  writeFileSync(conf, [`Port ${tinyPort}`, 'Listen 127.0.0.1', 'Timeout 30', 'Allow 127.0.0.1', 'LogLevel Error', `BasicAuth user ${PROXY_PASSWORD}`].join('\n') + '\n');
  tinyproxy = spawn(binary, ['-d', '-c', conf], { stdio: 'ignore' });
  await waitForPort(tinyPort);
});

afterAll(async () => {
  tinyproxy?.kill();
  await closeDefaultPool();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

describe('user:pass@ in a request URL', () => {
  for (const http2Option of ['http1', 'http2'] as const) {
    it(`becomes Basic auth (percent-decoded) and leaves the URL (${http2Option})`, async () => {
      await using client = new AsyncClient({ ca: pki.ca, trustEnv: false, http2: http2Option });
      const response = await client.get(`https://al%40ice:p%3Ass%20w@${origin}/whoami?x=1`);
      const seen = response.json() as Seen;
      expect(seen.httpVersion).toBe(http2Option === 'http2' ? '2.0' : '1.1');
      expect(seen.authorization).toBe(basic('al@ice', 'p:ss w'));
      expect(seen.target).toBe('/whoami?x=1');
      expect(seen.host).toBe(origin);
      expect(response.url).toBe(`https://${origin}/whoami?x=1`);
      expect(response.request.url).toBe(`https://${origin}/whoami?x=1`);
    });
  }

  it('gives way to the auth option and to an Authorization header', async () => {
    await using client = new AsyncClient({ ca: pki.ca, trustEnv: false });
    const url = `https://url:creds@${origin}/whoami`;
    expect(((await client.get(url, { auth: ['opt', 'ion'] })).json() as Seen).authorization).toBe(basic('opt', 'ion'));
    expect(((await client.get(url, { headers: { Authorization: 'Bearer tok' } })).json() as Seen).authorization).toBe('Bearer tok');
  });
});

describe('the debug log', () => {
  it('masks the proxy password, Authorization, Proxy-Authorization and cookies', async () => {
    const lines: string[] = [];
    await using client = new AsyncClient({ ca: pki.ca, trustEnv: false, debug: (line) => lines.push(line), proxy: `http://user:${PROXY_PASSWORD}@127.0.0.1:${tinyPort}` });
    const response = await client.get(`https://${origin}/whoami`, {
      headers: { Authorization: 'Bearer b34rerT0ken', 'Proxy-Authorization': 'Basic cHJveHlQcm94eQ==', Cookie: 'session=c00kieValue; theme=dark' },
    });
    expect(response.status).toBe(200);
    expect((response.json() as Seen).authorization).toBe('Bearer b34rerT0ken');
    const log = lines.join('\n');
    for (const secret of [PROXY_PASSWORD, 'b34rerT0ken', 'cHJveHlQcm94eQ==', 'c00kieValue', 's3tCookieValue']) expect(log).not.toContain(secret);
    // What was there is still said.
    expect(log).toContain(`via http://user:****@127.0.0.1:${tinyPort}`);
    expect(log).toMatch(/^> authorization: Bearer \*\*\*\*$/im);
    expect(log).toMatch(/^> proxy-authorization: Basic \*\*\*\*$/im);
    expect(log).toMatch(/^> cookie: session=\*\*\*\*; theme=\*\*\*\*$/im);
    expect(log).toMatch(/^< set-cookie: sid=\*\*\*\*; Path=\/; HttpOnly$/im);
  });
});

describe('error messages of a failing proxy with a password', () => {
  it('a proxy refusing the password: the error and the log name the proxy, not the password', async () => {
    const lines: string[] = [];
    await using client = new AsyncClient({ ca: pki.ca, trustEnv: false, debug: (line) => lines.push(line), proxy: `http://user:wr0ng${PROXY_PASSWORD}@127.0.0.1:${tinyPort}` });
    const error = await client.get(`https://${origin}/whoami`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxyError);
    // tinyproxy answers a bad password with 401 (not 407).
    expect((error as Error).message).toMatch(/refused CONNECT .*40[17]/);
    expect(`${(error as Error).message}\n${lines.join('\n')}`).not.toContain(PROXY_PASSWORD);
  });

  it('a proxy that is down: neither the error nor the log holds the password', async () => {
    const lines: string[] = [];
    const port = await freePort();
    await using client = new AsyncClient({ ca: pki.ca, trustEnv: false, debug: (line) => lines.push(line), proxy: `http://user:${PROXY_PASSWORD}@127.0.0.1:${port}` });
    const error = await client.get(`https://${origin}/whoami`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(`${(error as Error).message}\n${lines.join('\n')}`).not.toContain(PROXY_PASSWORD);
    expect(lines.join('\n')).toContain(`via http://user:****@127.0.0.1:${port}`);
  });

  it('a proxy URL that does not parse: the message shows it masked', () => {
    const error = (() => {
      try {
        return new AsyncClient({ proxy: `http://user:${PROXY_PASSWORD}@127.0.0.1:99999` });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('invalid proxy URL');
    expect((error as Error).message).toContain('http://user:****@127.0.0.1:99999');
    expect((error as Error).message).not.toContain(PROXY_PASSWORD);
  });
});

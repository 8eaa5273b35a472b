/**
 * Proxies, through real proxy servers: tinyproxy (HTTP, CONNECT, Basic auth), tinyproxy behind a
 * TLS front (an https proxy: TLS to the proxy, then TLS to the origin inside it), and microsocks
 * (SOCKS5, with and without username/password; socks5 resolving here, socks5h at the proxy).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyError } from '../../src/errors.js';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import type { RequestMessage } from '../../src/pool/messages.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { requireBinary } from '../helpers/servers.js';
import { makeRequest, text } from './request.js';
import { freePort, localhostListenAddress, startHttpServer, startHttpsServer, waitForPort, type CountingServer } from './servers.js';

let pki: Pki;
let dir: string;
const children: ChildProcess[] = [];
let httpTarget: CountingServer;
let httpsTarget: CountingServer;
let tinyOpen: number;
let tinyAuth: number;
let tlsFront: tls.Server;
let tlsFrontPort: number;
let socksOpen: number;
let socksAuth: number;
const seenVia: string[] = [];

async function startChild(binary: string, args: string[], port: number): Promise<void> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  children.push(child);
  try {
    await waitForPort(port);
  } catch (error) {
    throw new Error(`${binary} ${args.join(' ')} did not start: ${(error as Error).message}\n${output}`);
  }
}

async function startTinyproxy(name: string, auth: boolean): Promise<number> {
  const binary = requireBinary('tinyproxy', 'tinyproxy');
  const port = await freePort();
  const conf = join(dir, `${name}.conf`);
  // No ConnectPort line: CONNECT is then allowed to any port (the targets use ephemeral ones).
  writeFileSync(conf, [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 30', 'Allow 127.0.0.1', 'MaxClients 64', 'LogLevel Error', ...(auth ? ['BasicAuth user pass'] : [])].join('\n') + '\n');
  await startChild(binary, ['-d', '-c', conf], port);
  return port;
}

async function startMicrosocks(auth: boolean): Promise<number> {
  const binary = requireBinary('microsocks', 'microsocks');
  const port = await freePort();
  await startChild(binary, ['-i', '127.0.0.1', '-p', String(port), ...(auth ? ['-u', 'sockuser', '-P', 'sockpass'] : [])], port);
  return port;
}

beforeAll(async () => {
  pki = await makePki();
  dir = mkdtempSync(join(tmpdir(), 'tls-requests-proxy-'));
  const host = await localhostListenAddress();
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
    if (req.headers.via) seenVia.push(String(req.headers.via));
    res.end(`${req.method} ${req.url} via ${req.socket.remoteAddress}`);
  };
  httpTarget = await startHttpServer(handler, {}, host);
  httpsTarget = await startHttpsServer(pki, handler, host);
  [tinyOpen, tinyAuth, socksOpen, socksAuth] = await Promise.all([startTinyproxy('open', false), startTinyproxy('auth', true), startMicrosocks(false), startMicrosocks(true)]);

  // An https proxy: TLS terminated here, the plaintext handed to tinyproxy.
  const leaf = pki.leaves.ecdsaP256;
  tlsFront = tls.createServer({ key: leaf.keyPem, cert: leaf.chainPem }, (socket) => {
    const upstream = net.connect(tinyAuth, '127.0.0.1');
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => tlsFront.listen(0, '127.0.0.1', () => resolve()));
  tlsFrontPort = (tlsFront.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  await new Promise<void>((resolve) => (tlsFront ? tlsFront.close(() => resolve()) : resolve()));
  await httpTarget?.close();
  await httpsTarget?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function viaProxy(url: string, proxy: string, overrides: Partial<RequestMessage> = {}) {
  const pool = new ConnectionPool();
  try {
    return await performRequest(makeRequest(url, { proxy, ca: [pki.ca], http2: 'http1', ...overrides }), { pool });
  } finally {
    pool.close();
  }
}

describe('HTTP proxy (tinyproxy)', () => {
  it('plain http goes to the proxy in absolute form', async () => {
    const before = seenVia.length;
    const response = await viaProxy(`${httpTarget.url}/plain?x=1`, `http://127.0.0.1:${tinyOpen}`);
    expect(text(response.body)).toMatch(/^GET \/plain\?x=1 via/);
    expect(seenVia.length).toBe(before + 1);
    expect(seenVia.at(-1)).toMatch(/tinyproxy/);
  });

  it('https through CONNECT, and the tunnel is kept alive', async () => {
    const pool = new ConnectionPool();
    try {
      const first = await performRequest(makeRequest(`${httpsTarget.url}/a`, { proxy: `http://127.0.0.1:${tinyOpen}`, ca: [pki.ca] }), { pool });
      expect(text(first.body)).toMatch(/^GET \/a via/);
      expect(first.tls!.version).toBe('TLSv1.3');
      const second = await performRequest(makeRequest(`${httpsTarget.url}/b`, { proxy: `http://127.0.0.1:${tinyOpen}`, ca: [pki.ca] }), { pool });
      expect(text(second.body)).toMatch(/^GET \/b via/);
      expect(second.connectionReused).toBe(true);
    } finally {
      pool.close();
    }
  });

  it('Basic credentials from the proxy URL, for http and https targets', async () => {
    const proxy = `http://user:pass@127.0.0.1:${tinyAuth}`;
    expect(text((await viaProxy(`${httpTarget.url}/auth-plain`, proxy)).body)).toMatch(/^GET \/auth-plain/);
    expect(text((await viaProxy(`${httpsTarget.url}/auth-tls`, proxy)).body)).toMatch(/^GET \/auth-tls/);
  });

  it("refused credentials: ProxyError with the proxy's status for a tunnel, the 407 response for plain http", async () => {
    const error = await viaProxy(`${httpsTarget.url}/`, `http://user:wrong@127.0.0.1:${tinyAuth}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxyError);
    // tinyproxy 1.11 answers a CONNECT with bad credentials 401 (407 for other methods).
    expect((error as ProxyError).code).toMatch(/^40[17]$/);
    expect((error as Error).message).not.toContain('wrong');
    const plain = await viaProxy(`${httpTarget.url}/`, `http://127.0.0.1:${tinyAuth}`);
    expect(plain.status).toBe(407);
  });

  it('an https proxy: TLS to the proxy, TLS to the origin inside it', async () => {
    const proxy = `https://user:pass@localhost:${tlsFrontPort}`;
    const secure = await viaProxy(`${httpsTarget.url}/tls-in-tls`, proxy);
    expect(text(secure.body)).toMatch(/^GET \/tls-in-tls via/);
    expect(secure.tls!.version).toBe('TLSv1.3');
    const plain = await viaProxy(`${httpTarget.url}/plain-in-tls`, proxy);
    expect(text(plain.body)).toMatch(/^GET \/plain-in-tls via/);
  });
});

describe('SOCKS5 (microsocks)', () => {
  it('without credentials, to http and https targets', async () => {
    const proxy = `socks5://127.0.0.1:${socksOpen}`;
    expect(text((await viaProxy(`${httpTarget.url}/s-plain`, proxy)).body)).toMatch(/^GET \/s-plain via/);
    const secure = await viaProxy(`${httpsTarget.url}/s-tls`, proxy);
    expect(text(secure.body)).toMatch(/^GET \/s-tls via/);
    expect(secure.tls!.version).toBe('TLSv1.3');
  });

  it('with username and password', async () => {
    const proxy = `socks5://sockuser:sockpass@127.0.0.1:${socksAuth}`;
    expect(text((await viaProxy(`${httpTarget.url}/sa-plain`, proxy)).body)).toMatch(/^GET \/sa-plain/);
    expect(text((await viaProxy(`${httpsTarget.url}/sa-tls`, proxy)).body)).toMatch(/^GET \/sa-tls/);
  });

  it('wrong or missing credentials are a ProxyError', async () => {
    const wrong = await viaProxy(`${httpsTarget.url}/`, `socks5://sockuser:nope@127.0.0.1:${socksAuth}`).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ProxyError);
    expect((wrong as ProxyError).code).toBe('SOCKS5_AUTH_FAILED');
    const missing = await viaProxy(`${httpsTarget.url}/`, `socks5://127.0.0.1:${socksAuth}`).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ProxyError);
    expect((missing as ProxyError).code).toBe('SOCKS5_AUTH_REQUIRED');
  });

  it('socks5h sends the host name: the proxy resolves localhost', async () => {
    const response = await viaProxy(`${httpsTarget.url}/h`, `socks5h://127.0.0.1:${socksOpen}`);
    expect(text(response.body)).toMatch(/^GET \/h via/);
  });

  it('socks5 resolves here, socks5h at the proxy: a name only we can resolve tells them apart', async () => {
    const url = `http://only-we-know.test:${httpTarget.port}/r`;
    const resolve = { 'only-we-know.test': '127.0.0.1' };
    const local = await viaProxy(url, `socks5://127.0.0.1:${socksOpen}`, { resolve });
    expect(text(local.body)).toMatch(/^GET \/r via/);
    const remote = await viaProxy(url, `socks5h://127.0.0.1:${socksOpen}`, { resolve }).catch((e: unknown) => e);
    expect(remote).toBeInstanceOf(ProxyError);
    expect((remote as ProxyError).code).toMatch(/^SOCKS5_\d$/);
  });

  it('a proxy that is not listening is a ConnectError', async () => {
    const port = await freePort();
    await expect(viaProxy(`${httpTarget.url}/`, `socks5://127.0.0.1:${port}`)).rejects.toMatchObject({ name: 'ConnectError', code: 'ECONNREFUSED' });
  });
});

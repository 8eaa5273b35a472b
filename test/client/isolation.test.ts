/**
 * Every client its own browser (issue 14, items 1, 2 and 4), against real servers on loopback:
 * Node's https and http2 servers counting the connections they accept, tinyproxy for tunnels, the
 * echo server for what goes on the wire.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, ClientClosedError, ConnectionPool, generateEchoCertificate, getProfile, get, startEchoServer, type EchoReport, type EchoServer, type Profile } from '../../src/index.js';
import { REPO_ROOT, freePort, requireBinary } from '../helpers/servers.js';
import { waitForPort } from '../http/servers.js';

interface CountingHttps {
  url: string;
  ca: string;
  /** TLS connections accepted so far. */
  accepted: number;
  /** Connections open right now. */
  open: number;
  close(): Promise<void>;
}

/** Node's https (HTTP/1.1) or http2 server, answering `/slow` after a second and anything else at once. */
async function startCounting(kind: 'h1' | 'h2'): Promise<CountingHttps> {
  const { cert, key } = generateEchoCertificate();
  const handler = (req: { url?: string }, res: { end(body: string): void }): void => {
    if (req.url === '/slow') setTimeout(() => res.end('slow'), 1_000);
    else if (req.url === '/big') (res as unknown as { end(body: Buffer): void }).end(Buffer.alloc(8 << 20, 1));
    else res.end('ok');
  };
  const server = kind === 'h1' ? https.createServer({ cert, key, keepAliveTimeout: 60_000 }, handler) : http2.createSecureServer({ cert, key }, handler);
  const sockets = new Set<Socket>();
  const state: CountingHttps = {
    url: '',
    ca: cert,
    accepted: 0,
    get open() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('secureConnection', (socket: Socket) => {
    state.accepted++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `https://localhost:${(server.address() as AddressInfo).port}`;
  return state;
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

describe('each client owns its connections', () => {
  let h1: CountingHttps;
  let h2: CountingHttps;
  beforeAll(async () => {
    h1 = await startCounting('h1');
    h2 = await startCounting('h2');
  });
  afterAll(async () => {
    await h1.close();
    await h2.close();
  });

  for (const kind of ['h1', 'h2'] as const) {
    it(`${kind}: two clients never share a connection; each reuses its own`, async () => {
      const server = kind === 'h1' ? h1 : h2;
      const before = server.accepted;
      await using a = new AsyncClient({ ca: server.ca });
      await using b = new AsyncClient({ ca: server.ca });
      const first = await a.get(`${server.url}/`);
      const second = await b.get(`${server.url}/`);
      const again = await a.get(`${server.url}/`);
      expect([first.connectionReused, second.connectionReused, again.connectionReused]).toEqual([false, false, true]);
      expect(server.accepted - before).toBe(2);
    });

    it(`${kind}: close() closes the client's connections at once, and the server sees it`, async () => {
      const server = kind === 'h1' ? h1 : h2;
      const client = new AsyncClient({ ca: server.ca });
      await client.get(`${server.url}/`);
      expect(server.open).toBeGreaterThan(0);
      await client.close();
      // Closed by the time close() resolves (a moment for the server to read the FIN).
      expect(await until(() => server.open === 0, 1_000)).toBe(true);
    });
  }

  it('a server with keep-alive clients closes quickly once the clients are closed', async () => {
    const server = await startCounting('h1');
    const clients = [new AsyncClient({ ca: server.ca }), new AsyncClient({ ca: server.ca })];
    for (const client of clients) await client.get(`${server.url}/`);
    await Promise.all(clients.map((client) => client.close()));
    const started = Date.now();
    // No destroy() of sockets here: the server's close() waits for its connections to end.
    await new Promise<void>((resolve) => (server as unknown as { close(): Promise<void> }).close().then(resolve));
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('close() rejects in-flight requests with ClientClosedError', async () => {
    const client = new AsyncClient({ ca: h1.ca });
    const pending = client.get(`${h1.url}/slow`).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.close();
    const error = await pending;
    expect(error).toBeInstanceOf(ClientClosedError);
    await expect(client.get(`${h1.url}/`)).rejects.toBeInstanceOf(ClientClosedError);
  });

  it('clients given one ConnectionPool share its connections; closing a client leaves them open', async () => {
    const before = h2.accepted;
    await using pool = new ConnectionPool();
    const a = new AsyncClient({ ca: h2.ca, pool });
    const b = new AsyncClient({ ca: h2.ca, pool });
    await a.get(`${h2.url}/`);
    await a.close();
    const shared = await b.get(`${h2.url}/`);
    expect(shared.connectionReused).toBe(true);
    expect(h2.accepted - before).toBe(1);
    await b.close();
    await pool.close();
    expect(await until(() => h2.open === 0, 1_000)).toBe(true);
  });

  it('TLS sessions are not shared either: a second client makes a full handshake', async () => {
    // Node's server issues tickets by default: a client that had one would resume.
    await using a = new AsyncClient({ ca: h1.ca, http2: 'http1' });
    await using b = new AsyncClient({ ca: h1.ca, http2: 'http1' });
    await a.get(`${h1.url}/`);
    await a.close();
    const other = await b.get(`${h1.url}/`);
    expect(other.tls?.resumed).toBe(false);
  });

  it('module-level get() closes its connection when it returns', async () => {
    const response = await get(`${h1.url}/`, { ca: h1.ca });
    expect(response.status).toBe(200);
    expect(await until(() => h1.open === 0, 1_000)).toBe(true);
  });
});

describe('through a proxy, each client is its own tunnel', () => {
  let dir: string;
  let proxy: ChildProcess;
  let proxyPort: number;
  let target: CountingHttps;
  beforeAll(async () => {
    const binary = requireBinary('tinyproxy', 'tinyproxy');
    dir = mkdtempSync(join(tmpdir(), 'tls-requests-isolation-'));
    proxyPort = await freePort();
    const conf = join(dir, 'tinyproxy.conf');
    writeFileSync(conf, [`Port ${proxyPort}`, 'Listen 127.0.0.1', 'Timeout 30', 'Allow 127.0.0.1', 'LogLevel Error'].join('\n') + '\n');
    proxy = spawn(binary, ['-d', '-c', conf], { stdio: 'ignore' });
    await waitForPort(proxyPort);
    target = await startCounting('h2');
  });
  afterAll(async () => {
    proxy.kill();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('three clients made and closed in turn through one proxy open three CONNECT tunnels', async () => {
    const before = target.accepted;
    for (let i = 0; i < 3; i++) {
      await using client = new AsyncClient({ ca: target.ca, proxy: `http://127.0.0.1:${proxyPort}` });
      const first = await client.get(`${target.url}/`);
      const second = await client.get(`${target.url}/`);
      expect([first.connectionReused, second.connectionReused]).toEqual([false, true]);
    }
    // Each tunnel reaches the target as one connection of its own.
    expect(target.accepted - before).toBe(3);
  });
});

describe("a profile's identity is its content", () => {
  let echo: EchoServer;
  beforeAll(async () => {
    echo = await startEchoServer();
  });
  afterAll(() => echo.close());

  it('an edited clone that keeps its id gets its own connection, and the original keeps its own', async () => {
    await using client = new AsyncClient({ ca: echo.ca });
    const edited: Profile = structuredClone(getProfile('chrome'));
    // One cipher suite fewer: a different ClientHello under the same name.
    edited.tls.cipherSuites = edited.tls.cipherSuites.filter((suite) => suite !== 0x002f);
    expect(edited.id).toBe(getProfile('chrome').id);

    const plain = await client.get(echo.url);
    const cloned = await client.get(echo.url, { clientIdentifier: edited });
    const plainAgain = await client.get(echo.url);
    const clonedAgain = await client.get(echo.url, { clientIdentifier: edited });
    const ja4 = (r: { json<T>(): T }): string => r.json<EchoReport>().tls.ja4;

    expect(cloned.connectionReused).toBe(false);
    expect(ja4(cloned)).not.toBe(ja4(plain));
    expect(plainAgain.connectionReused).toBe(true);
    expect(ja4(plainAgain)).toBe(ja4(plain));
    expect(clonedAgain.connectionReused).toBe(true);
    expect(ja4(clonedAgain)).toBe(ja4(cloned));
  });
});

describe('streams do not pin the process', () => {
  let server: CountingHttps;
  beforeAll(async () => {
    server = await startCounting('h1');
  });
  afterAll(() => server.close());

  it('a script that reads one chunk of a large body and drops the stream exits by itself', async () => {
    const script = join(REPO_ROOT, 'test', 'client', 'fixtures', 'abandoned-stream.ts');
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', script, `${server.url}/big`], {
      cwd: REPO_ROOT,
      env: { ...process.env, TEST_CA: server.ca },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 20_000);
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code, output).toBe(0);
    expect(output).toMatch(/read one chunk of \d+ bytes/);
    console.log(`abandoned stream: the script exited by itself after ${Date.now() - started} ms`);
  });
});

/**
 * The seed's examples in TypeScript (basic GET, concurrent requests, `await using`, manual
 * close), through the real worker pool and our TLS and HTTP stacks, against a local HTTPS server;
 * and the one-line script `await get(url)`, which must exit by itself.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, CertificateError, HTTPStatusError, TooManyRedirects, fetch, get, post } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startE2eServer, type E2eServer } from './e2e-server.js';

let pki: Pki;
let server: E2eServer;

beforeAll(async () => {
  pki = await makePki();
  // Node's http2 server with allowHTTP1: the profile's ALPN picks HTTP/2, `http2: 'http1'` forces 1.1.
  server = await startE2eServer(pki, { http2: true });
});

afterAll(async () => {
  await closeDefaultPool();
  await server?.close();
});

interface Echo {
  method: string;
  path: string;
  httpVersion: string;
  headers: [string, string][];
  body: string;
}

describe('the seed examples', () => {
  it('basic example: async with → await using', async () => {
    await using client = new AsyncClient({ ca: pki.ca });
    const response = await client.get(`${server.url}/get`);
    expect(response.statusCode).toBe(200);
    const data = response.json<Echo>();
    expect(data.method).toBe('GET');
    expect(response.httpVersion).toBe('HTTP/2');
    expect(response.tls).toMatchObject({ version: 'TLSv1.3', profile: 'chrome_156', alpn: 'h2' });
    const sent = new Map(data.headers.map(([n, v]) => [n.toLowerCase(), v]));
    // Every default header of the profile reached the server, in HTTP/2 `priority` included.
    for (const [name, value] of chrome156.headers) expect(sent.get(name)).toBe(value);
  });

  it('concurrent requests: asyncio.gather → Promise.all', async () => {
    const fetchUrl = async (client: AsyncClient, url: string): Promise<number> => (await client.get(url)).status;
    const urls = [`${server.url}/get`, `${server.url}/ip`, `${server.url}/user-agent`];
    await using client = new AsyncClient({ ca: pki.ca });
    const results = await Promise.all(urls.map((url) => fetchUrl(client, url)));
    expect(results).toEqual([200, 200, 200]);
  });

  it('lifecycle: the client is closed at the end of the await using block', async () => {
    let outer: AsyncClient;
    {
      await using client = new AsyncClient({ ca: pki.ca });
      outer = client;
      expect((await client.get(`${server.url}/get`)).ok).toBe(true);
    }
    expect(outer.isClosed).toBe(true);
  });

  it('manual closing: try / finally aclose()', async () => {
    const client = new AsyncClient({ ca: pki.ca });
    let status = 0;
    try {
      status = (await client.get(`${server.url}/get`)).status;
    } finally {
      await client.aclose();
    }
    expect(status).toBe(200);
    expect(client.closed).toBe(true);
  });
});

describe('end to end', () => {
  it('cookies set during a redirect are sent on the next hop and kept', async () => {
    await using client = new AsyncClient({ ca: pki.ca });
    const response = await client.get(`${server.url}/cookies/set?a=1&b=2`);
    expect(response.json()).toEqual({ cookie: 'a=1; b=2' });
    expect(response.history.map((r) => r.status)).toEqual([302]);
    expect(client.cookies.get('a')).toBe('1');
    expect((await client.get(`${server.url}/cookies`)).json()).toEqual({ cookie: 'a=1; b=2' });
  });

  it('redirect limits, status errors and bodies over HTTP/1.1', async () => {
    await using client = new AsyncClient({ ca: pki.ca, http2: 'http1' });
    const response = await client.post(`${server.url}/anything`, { json: { hello: 'world' } });
    expect(response.httpVersion).toBe('HTTP/1.1');
    expect(response.json<Echo>().body).toBe('{"hello":"world"}');
    expect((await client.get(`${server.url}/redirect/3`)).history).toHaveLength(3);
    await expect(client.get(`${server.url}/redirect/3`, { maxRedirects: 2 })).rejects.toBeInstanceOf(TooManyRedirects);
    const missing = await client.get(`${server.url}/status/404`);
    expect(() => missing.raiseForStatus()).toThrow(HTTPStatusError);
    expect(() => missing.raiseForStatus()).toThrow(`404 Client Error: Not Found for url: ${server.url}/status/404`);
  });

  it('stream() delivers lines as the server writes them', async () => {
    await using client = new AsyncClient({ ca: pki.ca });
    await using response = await client.stream('GET', `${server.url}/stream`);
    const lines: unknown[] = [];
    for await (const line of response.iterLines()) lines.push(JSON.parse(line));
    expect(lines).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  it('an untrusted server is a CertificateError; verify: false lets it through', async () => {
    await using client = new AsyncClient();
    await expect(client.get(`${server.url}/get`)).rejects.toBeInstanceOf(CertificateError);
    expect((await client.get(`${server.url}/get`, { verify: false })).status).toBe(200);
  });

  it('fetch returns a standard Response', async () => {
    const response = await fetch(`${server.url}/anything`, { method: 'POST', body: 'hi', ca: pki.ca });
    expect(response).toBeInstanceOf(globalThis.Response);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Echo).body).toBe('hi');
  });

  it('module-level get and post', async () => {
    expect((await get(`${server.url}/get`, { ca: pki.ca })).status).toBe(200);
    expect((await post(`${server.url}/anything`, { ca: pki.ca, data: { a: '1' } })).json<Echo>().body).toBe('a=1');
  });

  it('a one-line script `await get(url)` exits by itself', async () => {
    const script = fileURLToPath(new URL('./fixtures/get-script.ts', import.meta.url));
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', script, `${server.url}/user-agent`], {
      env: { ...process.env, TLS_REQUESTS_TEST_CA: pki.ca },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    clearTimeout(killer);
    const elapsed = performance.now() - started;
    expect(stderr).toBe('');
    expect(signal).toBeNull(); // SIGKILL here means it did not exit by itself
    expect(code).toBe(0);
    expect(stdout).toMatch(/^200 HTTP\/2 \{"user-agent":"Mozilla\/5\.0 .*Chrome\/156/);
    console.log(`get-script exited by itself after ${elapsed.toFixed(0)} ms`);
    // Far below the pool's 30 s idle timeout: the process is not waiting for threads to time out.
    expect(elapsed).toBeLessThan(15_000);
  });
});

/**
 * The seed's examples (fixtures/seed/async-support.md, tls_requests' "Asynchronous Support" page),
 * in TypeScript, run against the local echo server with only the base URL changed: the page's
 * `https://httpbin.org` becomes the echo server's plain-HTTP URL, so `new AsyncClient()` runs with
 * no option at all, exactly as the page writes it (the TLS port would need its CA trusted).
 * Each example keeps the page's structure; `print` collects what Python prints.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient } from '../../src/index.js';
import { startEchoServer, type EchoServer } from '../../src/fingerprint/echo/index.js';
import { fixturePath } from '../helpers/fixtures.js';

const SEED = readFileSync(fixturePath('seed', 'async-support.md'), 'utf8');
/** The only change to the examples: where httpbin is. */
let BASE = '';
let server: EchoServer;
const printed: string[] = [];
const print = (line: string): void => {
  printed.push(line);
};
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'];
const savedProxies = new Map(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  // AsyncClient() honours proxy variables (trustEnv, as httpx): a proxy on the test machine must not take these requests.
  for (const name of PROXY_VARIABLES) delete process.env[name];
  server = await startEchoServer({ httpPort: 0 });
  BASE = server.plainUrl!.replace(/\/$/, '');
});
afterAll(async () => {
  for (const [name, value] of savedProxies) if (value !== undefined) process.env[name] = value;
  await server.close();
});

describe('the seed page against startEchoServer()', () => {
  it('uses only the httpbin URLs ported below', () => {
    const urls = [...new Set(SEED.match(/https:\/\/httpbin\.org\/[\w/-]+/g) ?? [])].sort();
    expect(urls).toEqual(['https://httpbin.org/get', 'https://httpbin.org/ip', 'https://httpbin.org/user-agent']);
  });

  it('Basic Example', async () => {
    printed.length = 0;
    async function main(): Promise<void> {
      await using client = new AsyncClient();
      const response = await client.get(`${BASE}/get`);
      print(`Status: ${response.statusCode}`);
      print(`Data: ${JSON.stringify(response.json())}`);
    }
    await main();
    expect(printed[0]).toBe('Status: 200');
    const data = JSON.parse(printed[1]!.slice('Data: '.length)) as { url: string; args: object; headers: Record<string, string>; origin: string };
    expect(data).toMatchObject({ url: `${BASE}/get`, args: {}, origin: '127.0.0.1' });
    expect(data.headers['User-Agent']).toMatch(/Chrome\//);
  });

  it('Concurrent Requests', async () => {
    printed.length = 0;
    async function fetchUrl(client: AsyncClient, url: string): Promise<number> {
      const response = await client.get(url);
      return response.statusCode;
    }
    async function main(): Promise<void> {
      const urls = [`${BASE}/get`, `${BASE}/ip`, `${BASE}/user-agent`];
      await using client = new AsyncClient();
      const tasks = urls.map((url) => fetchUrl(client, url));
      const results = await Promise.all(tasks);
      print(`Results: ${JSON.stringify(results)}`);
    }
    await main();
    expect(printed).toEqual(['Results: [200,200,200]']);
  });

  it('Lifecycle Management: the client is closed when the block ends', async () => {
    let kept: AsyncClient | undefined;
    {
      await using client = new AsyncClient();
      kept = client;
      expect((await client.get(`${BASE}/ip`)).json()).toMatchObject({ origin: '127.0.0.1' });
    }
    // "session is closed here"
    await expect(kept.get(`${BASE}/get`)).rejects.toThrow();
  });

  it('Manual Closing', async () => {
    async function fetch(_url: string): Promise<Record<string, unknown>> {
      const client = new AsyncClient();
      try {
        const response = await client.get(`${BASE}/get`);
        return response.json<Record<string, unknown>>();
      } finally {
        await client.aclose();
      }
    }
    expect(await fetch(`${BASE}/get`)).toMatchObject({ url: `${BASE}/get` });
  });

  it('The Async Methods: get, post, put, patch, delete, request', async () => {
    await using client = new AsyncClient();
    expect((await client.get(`${BASE}/get`)).status).toBe(200);
    expect((await client.post(`${BASE}/post`, { json: { a: 1 } })).json()).toMatchObject({ json: { a: 1 } });
    expect((await client.put(`${BASE}/put`, { data: { b: '2' } })).json()).toMatchObject({ form: { b: '2' } });
    expect((await client.patch(`${BASE}/patch`, { content: 'raw' })).json()).toMatchObject({ data: 'raw' });
    expect((await client.delete(`${BASE}/delete`)).status).toBe(200);
    expect((await client.request('GET', `${BASE}/anything`)).json()).toMatchObject({ method: 'GET' });
  });
});

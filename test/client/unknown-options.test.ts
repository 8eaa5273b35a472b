/**
 * Unknown option names are a TypeError naming the option meant, before anything is sent: a
 * misspelt `proxies` would otherwise go direct (the caller's own address reaches the server),
 * `tls_identifier` would send Chrome, `follow_redirects` would follow. A real HTTPS server on
 * loopback counts what reaches it: nothing may, for any misspelt call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, fetch, get, type ClientOptions, type FetchInit, type RequestOptions } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startHttpsServer, type CountingServer } from '../http/servers.js';

let pki: Pki;
let server: CountingServer;
const seen: string[] = [];

beforeAll(async () => {
  pki = await makePki();
  server = await startHttpsServer(pki, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/final' });
      return void res.end();
    }
    res.end('ok');
  });
});

afterAll(async () => {
  await closeDefaultPool();
  await server?.close();
});

/** An options object with a key the interface does not have, as a JavaScript caller writes it. */
function loose<T>(options: Record<string, unknown>): T {
  return options as unknown as T;
}

describe('unknown options', () => {
  it('a well-spelt request reaches the server (the control)', async () => {
    await using client = new AsyncClient({ ca: pki.ca, trustEnv: false });
    const response = await client.get(`${server.url}/redirect`, { followRedirects: false });
    expect(response.status).toBe(302);
    expect(seen).toEqual(['GET /redirect']);
    seen.length = 0;
  });

  it('AsyncClient({ proxies }) throws instead of going direct', () => {
    const options = loose<ClientOptions>({ ca: pki.ca, proxies: { https: 'http://127.0.0.1:9' } });
    expect(() => new AsyncClient(options)).toThrow(TypeError);
    expect(() => new AsyncClient(options)).toThrow('unknown option "proxies" — did you mean "proxy"?');
  });

  it('per-request tls_identifier and follow_redirects reject, and nothing is sent', async () => {
    await using client = new AsyncClient({ ca: pki.ca, trustEnv: false });
    const url = `${server.url}/redirect`;
    await expect(client.get(url, loose<RequestOptions>({ tls_identifier: 'firefox_133' }))).rejects.toThrow('unknown option "tls_identifier" — did you mean "clientIdentifier"?');
    await expect(client.get(url, loose<RequestOptions>({ follow_redirects: false }))).rejects.toThrow('unknown option "follow_redirects" — did you mean "followRedirects"?');
    await expect(client.post(url, loose<RequestOptions>({ body: 'x' }))).rejects.toThrow('did you mean "content"?');
    await expect(client.get(url, loose<RequestOptions>({ timout: 5 }))).rejects.toThrow('did you mean "timeout"?');
    await expect(client.get(url, loose<RequestOptions>({ baseUrl: server.url }))).rejects.toThrow('it is an AsyncClient option');
    await expect(client.get(url, loose<RequestOptions>({ hooks: { requests: [] } }))).rejects.toThrow('unknown hook kind "requests" — did you mean "request"?');
    const error = await client.get(url, loose<RequestOptions>({ follow_redirects: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(seen).toEqual([]);
  });

  it('a name with no near match lists the valid ones', () => {
    expect(() => new AsyncClient(loose<ClientOptions>({ zzzzzzzzzz: 1 }))).toThrow(/unknown option "zzzzzzzzzz"; the AsyncClient options are: clientIdentifier, .*baseUrl/);
  });

  it('module-level get() and fetch() reject unknown keys', async () => {
    const url = `${server.url}/redirect`;
    await expect(get(url, loose<RequestOptions>({ ca: pki.ca, proxies: { https: 'http://127.0.0.1:9' } }))).rejects.toThrow('unknown option "proxies" — did you mean "proxy"?');
    await expect(get(url, loose<RequestOptions>({ ca: pki.ca, trust_env: false }))).rejects.toThrow('did you mean "trustEnv"?');
    await expect(fetch(url, loose<FetchInit>({ ca: pki.ca, follow_redirects: false }))).rejects.toThrow(TypeError);
    await expect(fetch(url, loose<FetchInit>({ ca: pki.ca, redirects: 'manual' }))).rejects.toThrow('did you mean "redirect"?');
    // undici's dispatcher (a ProxyAgent, say) would be ignored: the request would go direct.
    await expect(fetch(url, loose<FetchInit>({ ca: pki.ca, dispatcher: {} }))).rejects.toThrow('unknown option "dispatcher"');
    expect(seen).toEqual([]);
  });

  it("fetch accepts RequestInit's browser-only members that Node's fetch also ignores", async () => {
    const response = await fetch(`${server.url}/redirect`, { ca: pki.ca, trustEnv: false, redirect: 'manual', duplex: 'half', keepalive: true, mode: 'cors', credentials: 'omit', cache: 'no-store', priority: 'high', window: null });
    expect(response.status).toBe(302);
    await response.body?.cancel();
    expect(seen).toEqual(['GET /redirect']);
  });
});

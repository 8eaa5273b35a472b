/**
 * TlsRequestsHttpClient called as Crawlee calls it (sendRequest, stream with an onRedirect
 * handler), against the echo server: got's field names and semantics on our responses.
 */
import { createServer, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { CookieJar } from 'tough-cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTPStatusError, ProxyError } from '../../src/errors.js';
import { TlsRequestsHttpClient } from '../../src/crawlee/index.js';
import { startEchoServer, type EchoServer } from '../../src/fingerprint/echo/index.js';
import type { EchoReport } from '../../src/fingerprint/echo/report.js';
import { directFingerprint, wireHeader, type Fingerprint } from './fixtures.js';

let echo: EchoServer;
let client: TlsRequestsHttpClient;
let firefox: Fingerprint;
let chrome: Fingerprint;

beforeAll(async () => {
  echo = await startEchoServer();
  client = new TlsRequestsHttpClient({ ca: echo.ca, trustEnv: false });
  [chrome, firefox] = await Promise.all([directFingerprint(echo.url, echo.ca, 'chrome'), directFingerprint(echo.url, echo.ca, 'firefox')]);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await echo?.close();
});

const at = (path: string): string => new URL(path, echo.url).href;

describe('TlsRequestsHttpClient', () => {
  it('follows redirects itself and reports them as got does', async () => {
    const response = await client.sendRequest({ url: at('/redirect/2'), responseType: 'json' });
    expect(response.statusCode).toBe(200);
    expect(new URL(response.url).pathname).toBe('/get');
    expect(response.redirectUrls.map((u) => u.pathname)).toEqual(['/relative-redirect/1', '/get']);
    expect((response.body as EchoReport).tls.ja4).toBe(chrome.ja4);
    expect(response.headers['content-type']).toMatch(/application\/json/);
  });

  it('stops at a redirect when told to, and at maxRedirects', async () => {
    const stopped = await client.sendRequest({ url: at('/redirect/1'), followRedirect: false });
    expect(stopped.statusCode).toBe(302);
    await expect(client.sendRequest({ url: at('/redirect/3'), maxRedirects: 2 })).rejects.toThrow(/Too many redirects/);
  });

  it('throws on 4xx only with throwHttpErrors', async () => {
    expect((await client.sendRequest({ url: at('/status/404') })).statusCode).toBe(404);
    await expect(client.sendRequest({ url: at('/status/404'), throwHttpErrors: true })).rejects.toBeInstanceOf(HTTPStatusError);
  });

  it('sends method, headers and body; answers buffer and text', async () => {
    const response = await client.sendRequest({ url: at('/post'), method: 'post', headers: { 'x-crawlee': 'yes', 'content-type': 'text/plain' }, body: 'hello', responseType: 'buffer' });
    expect(Buffer.isBuffer(response.body)).toBe(true);
    const report = JSON.parse(response.body.toString('utf8')) as EchoReport;
    expect(report.data).toBe('hello');
    expect(report.headers?.['X-Crawlee']).toBe('yes');
    const form = new FormData();
    form.append('a', '1');
    const multipart = JSON.parse((await client.sendRequest({ url: at('/post'), method: 'POST', body: form })).body) as EchoReport;
    expect(multipart.form).toEqual({ a: '1' });
  });

  it('uses the cookie jar on every hop, and the onRedirect handler may rewrite the next request', async () => {
    const cookieJar = new CookieJar();
    const seen: string[] = [];
    const response = await client.stream({ url: at('/cookies/set?k=v'), cookieJar }, (redirect, next) => {
      seen.push(`${redirect.statusCode} ${String(next.url)}`);
      next.headers['x-from-handler'] = '1';
    });
    const chunks: Buffer[] = [];
    for await (const chunk of response.stream as AsyncIterable<Buffer>) chunks.push(chunk);
    const report = JSON.parse(Buffer.concat(chunks).toString('utf8')) as EchoReport;
    expect(report.cookies).toEqual({ k: 'v' });
    expect(wireHeader(report, 'x-from-handler')).toBe('1');
    expect(seen).toEqual([`302 ${at('/cookies')}`]);
    expect(await cookieJar.getCookieString(echo.url)).toBe('k=v');
    expect(response.complete).toBe(true);
    expect(response.downloadProgress.transferred).toBe(Buffer.concat(chunks).length);
    expect(response.redirectUrls).toHaveLength(1);
  });

  it('a stream destroyed unread does not hold its client', async () => {
    const response = await client.stream({ url: at('/bytes/100000') });
    expect(response.stream).toBeInstanceOf(Readable);
    response.stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await client.sendRequest({ url: at('/get') })).statusCode).toBe(200);
  });

  it('gives each session one profile from a list, for its whole life', async () => {
    await using rotating = new TlsRequestsHttpClient({ clientIdentifier: ['chrome', 'firefox'], ca: echo.ca, trustEnv: false });
    const first = {};
    const second = {};
    const uaOf = async (sessionToken: object): Promise<string | undefined> =>
      ((await rotating.sendRequest({ url: at('/get'), sessionToken, responseType: 'json' })).body as EchoReport).headers?.['User-Agent'];
    const a = [await uaOf(first), await uaOf(second), await uaOf(first), await uaOf(second)];
    expect(a).toEqual([chrome.userAgent, firefox.userAgent, chrome.userAgent, firefox.userAgent]);
    expect(rotating.openClients).toBe(2);
  });

  it('one client per proxy and profile; closed ones fail', async () => {
    const own = new TlsRequestsHttpClient({ ca: echo.ca, trustEnv: false, maxClients: 1 });
    await own.sendRequest({ url: at('/get') });
    await own.sendRequest({ url: at('/get'), proxyUrl: 'http://127.0.0.1:9' }).catch(() => undefined);
    expect(own.openClients).toBe(1);
    await own.close();
    await expect(own.sendRequest({ url: at('/get') })).rejects.toThrow(/closed/);
  });

  it("a proxy refusing the tunnel fails in words Crawlee knows (so it retires the session's proxy)", async () => {
    const refusing = createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
      const error: unknown = await client.sendRequest({ url: at('/get'), proxyUrl }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProxyError);
      expect((error as Error).message).toMatch(/403.*ERR_TUNNEL_CONNECTION_FAILED/);
    } finally {
      await new Promise((resolve) => refusing.close(resolve));
    }
  });
});

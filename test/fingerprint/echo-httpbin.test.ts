/**
 * The echo server is httpbin: every route family answered with httpbin's semantics, to our
 * AsyncClient and to curl, over HTTP/2 and HTTP/1.1 on the TLS port and over the plain-HTTP
 * port, with the fingerprint report in every JSON answer.
 */
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoServer, type EchoReport, type EchoServer } from '../../src/fingerprint/echo/index.js';
import { CLIENTS, header, json, openClient, type Exchange, type HttpbinClient } from './httpbin-clients.js';

let server: EchoServer;
beforeAll(async () => {
  server = await startEchoServer({ httpPort: 0 });
});
afterAll(async () => {
  await server.close();
});

const FORM = 'application/x-www-form-urlencoded';

describe.each(CLIENTS)('$name', (spec) => {
  let client: HttpbinClient;
  beforeAll(() => {
    client = openClient(spec, server);
  });
  afterAll(async () => {
    await client.close();
  });

  /** The wire facts every JSON answer carries, checked against this client's transport. */
  function expectReport(exchange: Exchange, method: string, path: string): EchoReport {
    expect(exchange.httpVersion).toBe(spec.httpVersion);
    const report = json<EchoReport>(exchange);
    expect(report).toMatchObject({ httpVersion: spec.httpVersion, method, path });
    if (client.scheme === 'https') expect(report.tls.ja4).toMatch(/^t13d/);
    else expect(report).not.toHaveProperty('tls');
    expect(spec.httpVersion === 'HTTP/2' ? report.http2?.akamai : report.http1?.requestLine).toBeTruthy();
    return report;
  }

  describe('HTTP methods', () => {
    it('GET /get: args (repeats as lists), headers, origin, url, and the report', async () => {
      const r = await client.call('/get?a=1&a=2&b=x');
      expect(r.status).toBe(200);
      expect(header(r, 'content-type')).toBe('application/json');
      const body = expectReport(r, 'GET', '/get?a=1&a=2&b=x');
      expect(body).toMatchObject({ args: { a: ['1', '2'], b: 'x' }, origin: '127.0.0.1', url: `${client.base}/get?a=1&a=2&b=x` });
      expect(body.headers?.Host).toBe(new URL(client.base).host);
      expect(Object.keys(body)).not.toContain('data');
    });

    it('POST /post: a JSON body is data and json; a form body is form, with empty data', async () => {
      const sent = await client.call('/post', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"hello":["node",1]}' });
      expect(sent.status).toBe(200);
      expect(expectReport(sent, 'POST', '/post')).toMatchObject({ data: '{"hello":["node",1]}', json: { hello: ['node', 1] }, form: {}, files: {}, args: {} });
      const form = json(await client.call('/post', { method: 'POST', headers: { 'Content-Type': FORM }, body: 'a=1&b=2&b=3&c=x+y' }));
      expect(form).toMatchObject({ form: { a: '1', b: ['2', '3'], c: 'x y' }, data: '', json: null });
    });

    it('PUT /put, PATCH /patch, DELETE /delete answer their method only (405 with Allow otherwise)', async () => {
      for (const [method, path] of [['PUT', '/put'], ['PATCH', '/patch'], ['DELETE', '/delete']] as const) {
        const r = await client.call(path, { method, headers: { 'Content-Type': 'text/plain' }, body: `${method} body` });
        expect(r.status, path).toBe(200);
        expect(json(r)).toMatchObject({ data: `${method} body`, url: `${client.base}${path}`, method });
      }
      const refused = await client.call('/get', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
      expect(refused.status).toBe(405);
      expect(header(refused, 'allow')).toBe('GET, HEAD, OPTIONS');
    });

    it('/anything/... takes any method and says which; an unknown path answers like it (the report, 200)', async () => {
      const r = await client.call('/anything/deep/path?q=1', { method: 'PATCH', headers: { 'Content-Type': FORM }, body: 'k=v' });
      expect(expectReport(r, 'PATCH', '/anything/deep/path?q=1')).toMatchObject({ method: 'PATCH', args: { q: '1' }, form: { k: 'v' }, url: `${client.base}/anything/deep/path?q=1` });
      const other = await client.call('/not/an/httpbin/route');
      expect(other.status).toBe(200);
      expect(expectReport(other, 'GET', '/not/an/httpbin/route')).toHaveProperty('args', {});
    });

    it('HEAD sends the head only; OPTIONS answers the CORS preflight', async () => {
      const head = await client.call('/get', { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(Number(header(head, 'content-length'))).toBeGreaterThan(100);
      const options = await client.call('/get', { method: 'OPTIONS', headers: { Origin: 'https://example.test', 'Access-Control-Request-Headers': 'x-a' } });
      expect(options.status).toBe(200);
      expect(header(options, 'access-control-allow-origin')).toBe('https://example.test');
      expect(header(options, 'access-control-allow-methods')).toBe('GET, POST, PUT, DELETE, PATCH, OPTIONS');
      expect(header(options, 'access-control-allow-headers')).toBe('x-a');
    });
  });

  describe('status codes', () => {
    it('/status/{code} answers that code, with what httpbin adds to it', async () => {
      const teapot = await client.call('/status/418');
      expect(teapot.status).toBe(418);
      expect(teapot.body.toString()).toContain('-=[ teapot ]=-');
      expect(header(teapot, 'x-more-info')).toBe('http://tools.ietf.org/html/rfc2324');
      const created = await client.call('/status/201', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
      expect(created.status).toBe(201);
      const empty = await client.call('/status/204');
      expect([empty.status, empty.body.length]).toEqual([204, 0]);
      expect(header(await client.call('/status/401'), 'www-authenticate')).toBe('Basic realm="Fake Realm"');
      expect(header(await client.call('/status/302'), 'location')).toBe('/redirect/1');
      expect((await client.call('/status/abc')).status).toBe(400);
    });

    it('/status/{a,b:w} draws by weight: a zero weight is never drawn', async () => {
      for (let i = 0; i < 4; i++) expect((await client.call('/status/500:0,404,503:0')).status).toBe(404);
    });
  });

  describe('redirects', () => {
    it('/redirect/{n} hops through /relative-redirect to /get', async () => {
      const first = await client.call('/redirect/3');
      expect(first.status).toBe(302);
      expect(header(first, 'location')).toBe('/relative-redirect/2');
      const followed = await client.call('/redirect/3', { follow: true });
      expect(followed.status).toBe(200);
      expect(followed.url).toBe(`${client.base}/get`);
      expect(json(followed)).toMatchObject({ url: `${client.base}/get` });
    });

    it('/absolute-redirect/{n} and /redirect/{n}?absolute=true send absolute Locations', async () => {
      expect(header(await client.call('/absolute-redirect/2'), 'location')).toBe(`${client.base}/absolute-redirect/1`);
      expect(header(await client.call('/absolute-redirect/1'), 'location')).toBe(`${client.base}/get`);
      expect(header(await client.call('/redirect/2?absolute=true'), 'location')).toBe(`${client.base}/absolute-redirect/1`);
      expect(header(await client.call('/relative-redirect/1'), 'location')).toBe('/get');
      expect((await client.call('/absolute-redirect/2', { follow: true })).url).toBe(`${client.base}/get`);
    });

    it('/redirect-to?url=&status_code= goes where it says, with a 3xx code (302 otherwise)', async () => {
      const r = await client.call('/redirect-to?url=%2Fanything%2Fthere&status_code=307');
      expect([r.status, header(r, 'location')]).toEqual([307, '/anything/there']);
      expect((await client.call('/redirect-to?url=/get&status_code=200')).status).toBe(302);
      const followed = await client.call('/redirect-to?url=/anything/there', { follow: true });
      expect(json(followed)).toMatchObject({ url: `${client.base}/anything/there` });
    });
  });

  describe('cookies', () => {
    it('/cookies/set sets (Secure only over TLS) and redirects to /cookies, /cookies/delete expires', async () => {
      const set = await client.call('/cookies/set?k=v&z=1');
      expect([set.status, header(set, 'location')]).toEqual([302, '/cookies']);
      const secure = client.scheme === 'https' ? 'Secure; ' : '';
      expect(set.headers.get('set-cookie')).toEqual([`k=v; ${secure}Path=/`, `z=1; ${secure}Path=/`]);
      expect(json(await client.call('/cookies'))).toMatchObject({ cookies: { k: 'v', z: '1' } });
      const deleted = await client.call('/cookies/delete?k', { follow: true });
      expect(json(deleted)).toMatchObject({ cookies: { z: '1' } });
      expect(json(deleted)).not.toHaveProperty('cookies.k');
      const byPath = await client.call('/cookies/set/name/value', { follow: true });
      expect(json(byPath)).toMatchObject({ cookies: { z: '1', name: 'value' } });
    });
  });

  describe('request inspection', () => {
    it('/headers, /ip, /user-agent, /uuid', async () => {
      const headers = json<{ headers: Record<string, string> }>(await client.call('/headers', { headers: { 'X-Test-Header': 'yes' } }));
      expect(headers.headers['X-Test-Header']).toBe('yes');
      expect(json(await client.call('/ip'))).toMatchObject({ origin: '127.0.0.1' });
      expect(json(await client.call('/user-agent', { headers: { 'User-Agent': 'httpbin-test/1.0' } }))).toMatchObject({ 'user-agent': 'httpbin-test/1.0' });
      expect(json<{ uuid: string }>(await client.call('/uuid')).uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  });

  describe('content encodings', () => {
    const decoders: Record<string, [string, (b: Buffer) => Uint8Array]> = {
      gzip: ['gzipped', gunzipSync],
      deflate: ['deflated', inflateSync],
      brotli: ['brotli', brotliDecompressSync],
      zstd: ['zstd', (b) => zstdDecompress(b)],
    };
    it.each(Object.keys(decoders))('/%s: coded on the wire, decoded by the client, with the report', async (route) => {
      const [flag, decode] = decoders[route]!;
      const decoded = await client.call(`/${route}`);
      expect(expectReport(decoded, 'GET', `/${route}`)).toMatchObject({ [flag]: true, method: 'GET', origin: '127.0.0.1' });
      const raw = await client.call(`/${route}`, { raw: true });
      expect(header(raw, 'content-encoding')).toBe(route === 'brotli' ? 'br' : route);
      expect(JSON.parse(Buffer.from(decode(raw.body)).toString('utf8'))).toMatchObject({ [flag]: true });
    });
  });

  describe('dynamic data', () => {
    it('/delay/{n} answers after n seconds', async () => {
      const r = await client.call('/delay/1');
      expect(r.elapsedMs).toBeGreaterThanOrEqual(950);
      expect(json(r)).toMatchObject({ url: `${client.base}/delay/1` });
    });

    it('/bytes/{n} and /stream-bytes/{n}: n bytes, the same ones for the same seed', async () => {
      const a = await client.call('/bytes/64?seed=7');
      const b = await client.call('/bytes/64?seed=7');
      expect([a.body.length, header(a, 'content-type')]).toEqual([64, 'application/octet-stream']);
      expect(a.body.equals(b.body)).toBe(true);
      expect(a.body.equals((await client.call('/bytes/64?seed=8')).body)).toBe(false);
      const streamed = await client.call('/stream-bytes/5000?chunk_size=700&seed=3');
      expect(streamed.body.length).toBe(5000);
      expect(streamed.body.equals((await client.call('/stream-bytes/5000?chunk_size=5000&seed=3')).body)).toBe(true);
    });

    it('/stream/{n}: n JSON lines with ids', async () => {
      const lines = (await client.call('/stream/3?x=1')).body.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: number; args: unknown; url: string });
      expect(lines.map((l) => [l.id, l.args])).toEqual([[0, { x: '1' }], [1, { x: '1' }], [2, { x: '1' }]]);
    });

    it('/drip: numbytes asterisks over duration seconds, with the status asked for', async () => {
      const r = await client.call('/drip?numbytes=5&duration=0.5&code=202');
      expect([r.status, r.body.toString(), header(r, 'content-length')]).toEqual([202, '*****', '5']);
      expect(r.elapsedMs).toBeGreaterThanOrEqual(380);
    });

    it('/range/{n}: Range requests against the alphabet (206, 416, ETag)', async () => {
      const part = await client.call('/range/26', { headers: { Range: 'bytes=2-4' } });
      expect([part.status, part.body.toString(), header(part, 'content-range'), header(part, 'etag')]).toEqual([206, 'cde', 'bytes 2-4/26', 'range26']);
      const whole = await client.call('/range/26');
      expect([whole.status, whole.body.toString(), header(whole, 'accept-ranges')]).toEqual([200, 'abcdefghijklmnopqrstuvwxyz', 'bytes']);
      expect((await client.call('/range/26', { headers: { Range: 'bytes=-3' } })).body.toString()).toBe('xyz');
      const outside = await client.call('/range/26', { headers: { Range: 'bytes=30-40' } });
      expect([outside.status, header(outside, 'content-range')]).toEqual([416, 'bytes */26']);
    });

    it('/base64/{value} decodes URL-safe base64, or says how', async () => {
      expect((await client.call('/base64/SFRUUEJJTiBpcyBhd2Vzb21l')).body.toString()).toBe('HTTPBIN is awesome');
      expect((await client.call('/base64/not*base64')).body.toString()).toBe('Incorrect Base64 data try: SFRUUEJJTiBpcyBhd2Vzb21l');
    });
  });

  describe('auth', () => {
    it('/basic-auth/{user}/{passwd}: 200 with those credentials, else 401 with a Basic challenge', async () => {
      const ok = await client.call('/basic-auth/user/pa55', { auth: ['user', 'pa55'] });
      expect([ok.status, json(ok)]).toEqual([200, expect.objectContaining({ authenticated: true, user: 'user' })]);
      const wrong = await client.call('/basic-auth/user/pa55', { auth: ['user', 'nope'] });
      expect([wrong.status, header(wrong, 'www-authenticate')]).toEqual([401, 'Basic realm="Fake Realm"']);
    });

    it('/bearer: 200 with the token, else 401 with a Bearer challenge', async () => {
      expect(json(await client.call('/bearer', { headers: { Authorization: 'Bearer t0ken' } }))).toMatchObject({ authenticated: true, token: 't0ken' });
      const none = await client.call('/bearer');
      expect([none.status, header(none, 'www-authenticate')]).toEqual([401, 'Bearer']);
    });
  });

  describe('response formats', () => {
    it('/json, /html, /xml, /image/png', async () => {
      const slides = await client.call('/json');
      expect(expectReport(slides, 'GET', '/json')).toMatchObject({ slideshow: { title: 'Sample Slide Show', author: 'Yours Truly' } });
      const html = await client.call('/html');
      expect([header(html, 'content-type'), html.body.toString().includes('<h1>Herman Melville - Moby-Dick</h1>')]).toEqual(['text/html; charset=utf-8', true]);
      const xml = await client.call('/xml');
      expect([header(xml, 'content-type'), xml.body.toString().includes('<slideshow')]).toEqual(['application/xml', true]);
      const png = await client.call('/image/png');
      expect(header(png, 'content-type')).toBe('image/png');
      expect(png.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect([png.body.readUInt32BE(16), png.body.readUInt32BE(20)]).toEqual([64, 64]);
    });
  });

  describe('caching and response headers', () => {
    it('/cache: 304 to a conditional request; /cache/{n}: Cache-Control', async () => {
      const fresh = await client.call('/cache');
      expect([fresh.status, typeof header(fresh, 'etag'), typeof header(fresh, 'last-modified')]).toEqual([200, 'string', 'string']);
      const conditional = await client.call('/cache', { headers: { 'If-None-Match': header(fresh, 'etag')! } });
      expect([conditional.status, conditional.body.length]).toEqual([304, 0]);
      expect(header(await client.call('/cache/60'), 'cache-control')).toBe('public, max-age=60');
    });

    it('/etag/{etag}: If-None-Match 304, a failed If-Match 412', async () => {
      const plain = await client.call('/etag/abc');
      expect([plain.status, header(plain, 'etag')]).toEqual([200, 'abc']);
      const match = await client.call('/etag/abc', { headers: { 'If-None-Match': '"abc"' } });
      expect([match.status, header(match, 'etag')]).toEqual([304, 'abc']);
      expect((await client.call('/etag/abc', { headers: { 'If-Match': '"zzz"' } })).status).toBe(412);
      expect((await client.call('/etag/abc', { headers: { 'If-Match': '"abc"' } })).status).toBe(200);
    });

    it('/response-headers: the query becomes headers, and the JSON lists them with its own Content-Length', async () => {
      const r = await client.call('/response-headers?X-One=1&X-One=2&X-Two=b');
      expect(r.headers.get('x-one')).toEqual(['1', '2']);
      expect(header(r, 'x-two')).toBe('b');
      const listed = json<Record<string, unknown>>(r);
      expect(listed).toMatchObject({ 'X-One': ['1', '2'], 'X-Two': 'b', 'Content-Type': 'application/json' });
      expect(listed['Content-Length']).toBe(String(r.body.length));
    });
  });
});

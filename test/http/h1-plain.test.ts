/** HTTP/1.1 over plain TCP against Node's own http server: methods, framing, headers, reuse, limits of time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, DecodingError, RequestError, TimeoutError } from '../../src/errors.js';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { header, makeRequest, text } from './request.js';
import { sleep, startHttpServer, type CountingServer } from './servers.js';

let server: CountingServer;
let pool: ConnectionPool;
const seen: { method: string; url: string; rawHeaders: string[]; body: string }[] = [];

beforeAll(async () => {
  server = await startHttpServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    seen.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body });
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    switch (path) {
      case '/echo':
        res.setHeader('X-Method', req.method ?? '');
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.end(`${req.method} ${body}`);
        return;
      case '/chunked':
        res.writeHead(200, { 'Content-Type': 'text/plain', Trailer: 'X-Checksum' });
        for (let i = 0; i < 5; i++) {
          res.write(`part ${i};`);
          await sleep(5);
        }
        res.addTrailers({ 'X-Checksum': 'abc123' });
        res.end();
        return;
      case '/204':
        res.writeHead(204).end();
        return;
      case '/304':
        res.writeHead(304, { ETag: '"x"' }).end();
        return;
      case '/head':
        res.writeHead(200, { 'Content-Length': '100' }).end(req.method === 'HEAD' ? undefined : 'x'.repeat(100));
        return;
      case '/early-hints':
        res.writeEarlyHints({ link: '</style.css>; rel=preload' });
        res.end('after hints');
        return;
      case '/slow':
        await sleep(Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 300));
        res.end('slow');
        return;
      case '/never':
        return; // no answer at all
      case '/big': {
        const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size'));
        res.writeHead(200, { 'Content-Length': String(size) });
        const block = Buffer.alloc(64 * 1024, 0x61);
        for (let sent = 0; sent < size; sent += block.length) {
          if (!res.write(block.subarray(0, Math.min(block.length, size - sent)))) await new Promise((r) => res.once('drain', r));
        }
        res.end();
        return;
      }
      default:
        res.end('ok');
    }
  });
  pool = new ConnectionPool();
});

afterAll(async () => {
  pool.close();
  await server.close();
});

describe('HTTP/1.1 over TCP', () => {
  it('GETs, with headers in received order and duplicates kept', async () => {
    const response = await performRequest(makeRequest(`${server.url}/echo?q=1`), { pool });
    expect(response.status).toBe(200);
    expect(response.reason).toBe('OK');
    expect(response.httpVersion).toBe('HTTP/1.1');
    expect(text(response.body)).toBe('GET ');
    expect(response.tls).toBeNull();
    expect(response.headers.filter(([n]) => n === 'Set-Cookie').map(([, v]) => v)).toEqual(['a=1', 'b=2']);
    expect(response.headers[0]![0]).toBe('X-Method');
    expect(response.headersElapsedMs).toBeGreaterThan(0);
    expect(seen.at(-1)!.url).toBe('/echo?q=1');
  });

  it("writes the profile's HTTP/1.1 header order and spelling, Host first", async () => {
    await performRequest(makeRequest(`${server.url}/order`, { headers: [['x-custom', 'v'], ...makeRequest('http://x/').headers, ['cookie', 'c=1']] }), { pool });
    const names = seen.at(-1)!.rawHeaders.filter((_, i) => i % 2 === 0);
    expect(names).toEqual([
      'Host',
      'Connection',
      'sec-ch-ua',
      'sec-ch-ua-mobile',
      'sec-ch-ua-platform',
      'Upgrade-Insecure-Requests',
      'User-Agent',
      'Accept',
      'Sec-Fetch-Site',
      'Sec-Fetch-Mode',
      'Sec-Fetch-User',
      'Sec-Fetch-Dest',
      'Accept-Encoding',
      'Accept-Language',
      'Cookie',
      'x-custom',
    ]);
    const raw = seen.at(-1)!.rawHeaders;
    expect(raw[1]).toBe(`127.0.0.1:${server.port}`);
    expect(raw[3]).toBe('keep-alive');
  });

  it('follows an explicit headerOrder', async () => {
    await performRequest(makeRequest(`${server.url}/order2`, { headers: [['b-header', '2'], ['a-header', '1']], headerOrder: ['a-header', 'b-header'] }), { pool });
    const names = seen.at(-1)!.rawHeaders.filter((_, i) => i % 2 === 0);
    expect(names).toEqual(['Host', 'a-header', 'b-header', 'Connection']);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('%s sends its body with Content-Length', async (method) => {
    const body = new TextEncoder().encode(`payload for ${method}`);
    const response = await performRequest(makeRequest(`${server.url}/echo`, { method, body }), { pool });
    expect(text(response.body)).toBe(`${method} payload for ${method}`);
    const raw = seen.at(-1)!.rawHeaders;
    expect(raw[raw.indexOf('Content-Length') + 1]).toBe(String(body.length));
    // Chrome's place for it: right after Host and Connection.
    expect(raw.indexOf('Content-Length')).toBe(4);
  });

  it('sends Content-Length: 0 for a POST without a body, none for a GET', async () => {
    await performRequest(makeRequest(`${server.url}/echo`, { method: 'POST' }), { pool });
    expect(seen.at(-1)!.rawHeaders).toContain('Content-Length');
    await performRequest(makeRequest(`${server.url}/echo`), { pool });
    expect(seen.at(-1)!.rawHeaders).not.toContain('Content-Length');
  });

  it('sends a caller-chunked body in chunked coding', async () => {
    const body = new TextEncoder().encode('chunked upload');
    const response = await performRequest(makeRequest(`${server.url}/echo`, { method: 'POST', body, headers: [['Transfer-Encoding', 'chunked']] }), { pool });
    expect(text(response.body)).toBe('POST chunked upload');
  });

  it('HEAD reads no body even with a Content-Length, and the connection stays usable', async () => {
    const own = new ConnectionPool();
    try {
      const head = await performRequest(makeRequest(`${server.url}/head`, { method: 'HEAD' }), { pool: own });
      expect(head.body).toEqual(new Uint8Array(0));
      expect(header(head.headers, 'content-length')).toBe('100');
      const get = await performRequest(makeRequest(`${server.url}/head`), { pool: own });
      expect(text(get.body)).toBe('x'.repeat(100));
      expect(get.connectionReused).toBe(true);
    } finally {
      own.close();
    }
  });

  it('reads a chunked body with its trailers', async () => {
    const response = await performRequest(makeRequest(`${server.url}/chunked`), { pool });
    expect(header(response.headers, 'transfer-encoding')).toBe('chunked');
    expect(text(response.body)).toBe('part 0;part 1;part 2;part 3;part 4;');
    expect(response.trailers).toEqual([['X-Checksum', 'abc123']]);
  });

  it('204 and 304 have no body, and keep the connection', async () => {
    const own = new ConnectionPool();
    try {
      const r204 = await performRequest(makeRequest(`${server.url}/204`), { pool: own });
      expect(r204.status).toBe(204);
      expect(r204.body!.length).toBe(0);
      const r304 = await performRequest(makeRequest(`${server.url}/304`), { pool: own });
      expect(r304.status).toBe(304);
      expect(r304.body!.length).toBe(0);
      expect(r304.connectionReused).toBe(true);
    } finally {
      own.close();
    }
  });

  it('reads past 100 Continue and 103 Early Hints to the final response', async () => {
    const body = new TextEncoder().encode('expecting');
    const continued = await performRequest(makeRequest(`${server.url}/echo`, { method: 'POST', body, headers: [['Expect', '100-continue']] }), { pool });
    expect(continued.status).toBe(200);
    expect(text(continued.body)).toBe('POST expecting');
    const hinted = await performRequest(makeRequest(`${server.url}/early-hints`), { pool });
    expect(hinted.status).toBe(200);
    expect(text(hinted.body)).toBe('after hints');
  });

  it('reuses one kept-alive connection for sequential requests', async () => {
    const own = new ConnectionPool();
    const before = server.sockets;
    try {
      const reused: boolean[] = [];
      for (let i = 0; i < 4; i++) reused.push((await performRequest(makeRequest(`${server.url}/echo`), { pool: own })).connectionReused);
      expect(reused).toEqual([false, true, true, true]);
      expect(server.sockets - before).toBe(1);
    } finally {
      own.close();
    }
  });

  it('opens at most 6 connections to an origin; the other requests queue', async () => {
    const own = new ConnectionPool();
    const before = server.sockets;
    server.maxActive = 0;
    try {
      const started = Date.now();
      const responses = await Promise.all(Array.from({ length: 10 }, () => performRequest(makeRequest(`${server.url}/slow?ms=300`), { pool: own })));
      expect(responses.every((r) => text(r.body) === 'slow')).toBe(true);
      expect(server.sockets - before).toBe(6);
      expect(server.maxActive).toBe(6);
      expect(responses.filter((r) => r.connectionReused)).toHaveLength(4);
      // Two rounds of 300 ms, not one (all at once) nor ten (one at a time).
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    } finally {
      own.close();
    }
  });

  it('streams the body through onChunk, awaiting it (backpressure)', async () => {
    const size = 4 * 1024 * 1024;
    let total = 0;
    let calls = 0;
    let headersSeen = false;
    const response = await performRequest(makeRequest(`${server.url}/big?size=${size}`), {
      pool,
      onHeaders: (head) => {
        headersSeen = true;
        expect(head.status).toBe(200);
        expect(total).toBe(0);
      },
      onChunk: async (chunk) => {
        expect(headersSeen).toBe(true);
        total += chunk.length;
        if (++calls % 16 === 0) await sleep(1);
      },
    });
    expect(response.body).toBeNull();
    expect(total).toBe(size);
  });

  it('maxBodySize: a larger body is a DecodingError', async () => {
    await expect(performRequest(makeRequest(`${server.url}/big?size=200000`, { maxBodySize: 100_000 }), { pool })).rejects.toBeInstanceOf(DecodingError);
    const ok = await performRequest(makeRequest(`${server.url}/big?size=100000`, { maxBodySize: 100_000 }), { pool });
    expect(ok.body!.length).toBe(100_000);
  });

  it('times out with TimeoutError when the server never answers', async () => {
    const started = Date.now();
    const error = await performRequest(makeRequest(`${server.url}/never`, { timeout: 300 }), { pool }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('read');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('aborts with AbortError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(performRequest(makeRequest(`${server.url}/never`), { pool, signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(2_000);
    const already = AbortSignal.abort();
    await expect(performRequest(makeRequest(`${server.url}/echo`), { pool, signal: already })).rejects.toBeInstanceOf(AbortError);
  });

  it('a timeout passed as the abort reason stays a TimeoutError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new TimeoutError('pool deadline', 'total', 50)), 50);
    await expect(performRequest(makeRequest(`${server.url}/never`), { pool, signal: controller.signal })).rejects.toThrow('pool deadline');
  });

  it('a header that would inject a line is a RequestError, and the connection stays in the pool', async () => {
    const own = new ConnectionPool();
    try {
      await performRequest(makeRequest(`${server.url}/echo`), { pool: own });
      for (let i = 0; i < 8; i++) {
        await expect(performRequest(makeRequest(`${server.url}/echo`, { headers: [['X-Evil', 'a\r\nX-Injected: 1']] }), { pool: own })).rejects.toBeInstanceOf(RequestError);
      }
      const after = await performRequest(makeRequest(`${server.url}/echo`), { pool: own });
      expect(after.connectionReused).toBe(true);
      expect(Object.values(own.stats())[0]).toMatchObject({ h1: 1, idle: 1 });
    } finally {
      own.close();
    }
  });

  it('does not reuse a connection the server closed while it was idle', async () => {
    const closing = await startHttpServer((req, res) => {
      res.on('finish', () => setTimeout(() => req.socket.destroy(), 20));
      res.end('fresh');
    });
    const own = new ConnectionPool();
    try {
      await performRequest(makeRequest(`${closing.url}/`), { pool: own });
      await sleep(150);
      const second = await performRequest(makeRequest(`${closing.url}/`), { pool: own });
      expect(text(second.body)).toBe('fresh');
      expect(second.connectionReused).toBe(false);
      expect(closing.sockets).toBe(2);
    } finally {
      own.close();
      await closing.close();
    }
  });
});

/**
 * The cookie jar's bounds, with Set-Cookie fields from a real HTTP server on 127.0.0.1 reached
 * under many host names (the client's `lookup`): a cookie over 4,096 octets of name and value is
 * dropped, one registrable domain keeps at most 180 cookies and the jar 3,300, the oldest going
 * first (Chrome's kMaxCookieNamePlusValueSize, kDomainMaxCookies, kMaxCookies).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COOKIES, MAX_COOKIES_PER_DOMAIN, MAX_COOKIE_NAME_VALUE_OCTETS } from '../../src/client/cookie-limits.js';
import { AsyncClient } from '../../src/index.js';

let server: http.Server;
let port: number;
const hosts = Array.from({ length: 20 }, (_, i) => `d${i}.test`);
const lookup = Object.fromEntries([...hosts, 'big.test'].map((h) => [h, '127.0.0.1']));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const count = Number(url.searchParams.get('n') ?? 0);
    const prefix = url.searchParams.get('p') ?? 'c';
    const cookies = Array.from({ length: count }, (_, i) => `${prefix}${i}=v; Path=/; Max-Age=3600`);
    if (url.pathname === '/size') {
      // Exactly at the limit, and one octet past it.
      cookies.push(`fits=${'a'.repeat(MAX_COOKIE_NAME_VALUE_OCTETS - 4)}; Path=/`, `over=${'a'.repeat(MAX_COOKIE_NAME_VALUE_OCTETS - 3)}; Path=/`);
    }
    res.setHeader('Set-Cookie', cookies);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('cookie jar limits', () => {
  it('a name and value over 4,096 octets are dropped; exactly 4,096 is kept', async () => {
    await using client = new AsyncClient({ lookup, timeout: 5_000 });
    await client.get(`http://big.test:${port}/size`);
    const names = client.cookies.all().map((c) => c.key);
    expect(names).toContain('fits');
    expect(names).not.toContain('over');
  });

  it(`one domain keeps its newest ${MAX_COOKIES_PER_DOMAIN} cookies`, async () => {
    await using client = new AsyncClient({ lookup, timeout: 5_000 });
    await client.get(`http://d0.test:${port}/?n=150&p=old`);
    await client.get(`http://d0.test:${port}/?n=100&p=new`);
    const names = client.cookies.all().map((c) => c.key);
    expect(names).toHaveLength(MAX_COOKIES_PER_DOMAIN);
    // The 70 oldest went: old0..old69.
    expect(names).not.toContain('old69');
    expect(names).toContain('old70');
    expect(names).toContain('new99');
  });

  it(`the jar keeps its newest ${MAX_COOKIES} cookies across domains, in bounded time`, async () => {
    await using client = new AsyncClient({ lookup, timeout: 5_000 });
    const started = performance.now();
    for (const host of hosts) await client.get(`http://${host}:${port}/?n=${MAX_COOKIES_PER_DOMAIN}`);
    const all = client.cookies.all();
    expect(all).toHaveLength(MAX_COOKIES);
    // 20 × 180 = 3,600: the first host's cookies went first (300 of them: all 180 of d0, 120 of d1).
    expect(all.some((c) => c.domain === 'd0.test')).toBe(false);
    expect(all.filter((c) => c.domain === 'd1.test')).toHaveLength(60);
    expect(all.filter((c) => c.domain === 'd19.test')).toHaveLength(MAX_COOKIES_PER_DOMAIN);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

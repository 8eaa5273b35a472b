import { describe, expect, it } from 'vitest';
import { CookieJar } from 'tough-cookie';
import { AsyncClient, Cookies } from '../../src/index.js';
import { FakeTransport, redirect, routes } from './fake-transport.js';

describe('cookies', () => {
  it('persist across requests with domain and path rules', async () => {
    const transport = new FakeTransport(
      routes({
        '/login': { headers: [['set-cookie', 'sid=1; Path=/'], ['set-cookie', 'scoped=2; Path=/app'], ['set-cookie', 'wide=3; Domain=example.com']] },
      }),
    );
    const client = new AsyncClient({ transport });
    await client.get('https://www.example.com/login');
    await client.get('https://www.example.com/app/page');
    await client.get('https://www.example.com/other');
    await client.get('https://api.example.com/');
    await client.get('https://elsewhere.test/');
    expect(transport.header(0, 'cookie')).toBeUndefined();
    expect(transport.header(1, 'cookie')).toBe('scoped=2; sid=1; wide=3');
    expect(transport.header(2, 'cookie')).toBe('sid=1; wide=3');
    expect(transport.header(3, 'cookie')).toBe('wide=3');
    expect(transport.header(4, 'cookie')).toBeUndefined();
    expect(client.cookies.get('sid')).toBe('1');
  });

  it('are stored and sent on each redirect hop', async () => {
    const transport = new FakeTransport(
      routes({
        '/start': redirect(302, '/second', [['set-cookie', 'hop1=a']]),
        '/second': redirect(302, 'https://other.test/third', [['set-cookie', 'hop2=b']]),
        '/third': redirect(302, 'https://example.com/end', [['set-cookie', 'other=c']]),
      }),
    );
    const client = new AsyncClient({ transport });
    await client.get('https://example.com/start');
    expect(transport.header(1, 'cookie')).toBe('hop1=a');
    expect(transport.header(2, 'cookie')).toBeUndefined();
    expect(transport.header(3, 'cookie')).toBe('hop1=a; hop2=b');
  });

  it('Secure cookies do not go over http, expired ones are removed', async () => {
    const transport = new FakeTransport(
      routes({ '/set': { headers: [['set-cookie', 's=1; Secure'], ['set-cookie', 'p=2']] }, '/expire': { headers: [['set-cookie', 'p=; Max-Age=0']] } }),
    );
    const client = new AsyncClient({ transport });
    await client.get('https://example.com/set');
    await client.get('http://example.com/plain');
    await client.get('https://example.com/expire');
    await client.get('https://example.com/after');
    expect(transport.header(1, 'cookie')).toBe('p=2');
    expect(transport.header(3, 'cookie')).toBe('s=1');
  });

  it('a jar can be passed in and read out', async () => {
    const jar = new CookieJar();
    await jar.setCookie('pre=0; Path=/', 'https://example.com/');
    const transport = new FakeTransport(routes({ '/': { headers: [['set-cookie', 'new=1']] } }));
    const client = new AsyncClient({ transport, cookies: jar });
    await client.get('https://example.com/');
    expect(transport.header(0, 'cookie')).toBe('pre=0');
    expect(await jar.getCookieString('https://example.com/')).toBe('pre=0; new=1');
    expect(client.cookies.jar).toBe(jar);
  });

  it('domain-less client cookies go to every host; request cookies override for one request', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport, cookies: { token: 't', lang: 'en' } });
    await client.get('https://a.test/');
    await client.get('https://b.test/', { cookies: { lang: 'fr', extra: 'x' } });
    await client.get('https://b.test/');
    expect(transport.header(0, 'cookie')).toBe('token=t; lang=en');
    expect(transport.header(1, 'cookie')).toBe('token=t; lang=fr; extra=x');
    expect(transport.header(2, 'cookie')).toBe('token=t; lang=en');
  });

  it('an explicit Cookie header wins over the jar', async () => {
    const transport = new FakeTransport(routes({ '/set': { headers: [['set-cookie', 'jar=1']] } }));
    const client = new AsyncClient({ transport });
    await client.get('https://example.com/set');
    await client.get('https://example.com/', { headers: { Cookie: 'mine=1' } });
    expect(transport.header(1, 'cookie')).toBe('mine=1');
  });

  it('Cookies: set with and without domain, get, delete, clear', () => {
    const cookies = new Cookies({ a: '1' });
    cookies.set('b', '2', { domain: '.example.com', path: '/x' });
    expect(cookies.get('a')).toBe('1');
    expect(cookies.get('b', { domain: 'example.com' })).toBe('2');
    expect(cookies.toJSON()).toEqual({ a: '1', b: '2' });
    expect(cookies.size).toBe(2);
    cookies.delete('b');
    expect(cookies.get('b')).toBeUndefined();
    cookies.clear();
    expect(cookies.size).toBe(0);
  });

  it('response.cookies holds what that response set, with the domain from the URL (tls_requests #47)', async () => {
    const transport = new FakeTransport(() => ({ headers: [['Set-Cookie', 'x=1; Path=/'], ['set-cookie', 'y=2; Domain=example.com']] }));
    const response = await new AsyncClient({ transport }).get('https://www.example.com/');
    expect(response.cookies.toJSON()).toEqual({ x: '1', y: '2' });
    expect(response.cookies.all().find((c) => c.key === 'x')!.domain).toBe('www.example.com');
  });
});

import { describe, expect, it } from 'vitest';
import { AsyncClient, RemoteProtocolError, TooManyRedirects } from '../../src/index.js';
import { FakeTransport, redirect, routes } from './fake-transport.js';

const text = (body: Uint8Array | null): string | null => (body ? new TextDecoder().decode(body) : null);

describe('redirect method rules (tls_requests)', () => {
  const cases: [number, string, string, boolean][] = [
    // status, method, method after, body kept
    [301, 'POST', 'GET', false],
    [301, 'PUT', 'PUT', true],
    [302, 'POST', 'GET', false],
    [302, 'PUT', 'GET', false],
    [302, 'HEAD', 'HEAD', false],
    [303, 'POST', 'GET', false],
    [303, 'DELETE', 'GET', false],
    [303, 'HEAD', 'HEAD', false],
    [307, 'POST', 'POST', true],
    [308, 'PUT', 'PUT', true],
  ];
  for (const [status, method, after, bodyKept] of cases) {
    it(`${status} after ${method} → ${after}${bodyKept ? ' with the body' : ''}`, async () => {
      const transport = new FakeTransport(routes({ '/from': redirect(status, '/to') }));
      const withBody = method !== 'HEAD';
      const response = await new AsyncClient({ transport }).request(method, 'https://example.com/from', withBody ? { json: { x: 1 } } : {});
      expect(transport.calls).toHaveLength(2);
      const second = transport.calls[1]!;
      expect(second.method).toBe(after);
      expect(second.url).toBe('https://example.com/to');
      if (bodyKept) {
        expect(text(second.body)).toBe('{"x":1}');
        expect(transport.header(1, 'content-type')).toBe('application/json');
      } else {
        expect(second.body).toBeNull();
        expect(transport.header(1, 'content-type')).toBeUndefined();
      }
      expect(response.history.map((r) => r.status)).toEqual([status]);
      expect(response.url).toBe('https://example.com/to');
    });
  }
});

describe('following redirects', () => {
  it('keeps the history in order and resolves relative Locations against each hop', async () => {
    const transport = new FakeTransport(
      routes({
        '/a': redirect(302, 'https://other.example/b'),
        '/b': redirect(301, '../c/d?q=1'),
        '/c/d': { status: 200, body: 'done' },
      }),
    );
    const response = await new AsyncClient({ transport }).get('https://example.com/a');
    expect(transport.calls.map((c) => c.url)).toEqual(['https://example.com/a', 'https://other.example/b', 'https://other.example/c/d?q=1']);
    expect(response.text).toBe('done');
    expect(response.history.map((r) => r.url)).toEqual(['https://example.com/a', 'https://other.example/b']);
    expect(response.history[1]!.history.map((r) => r.url)).toEqual(['https://example.com/a']);
  });

  it('allows maxRedirects hops and throws TooManyRedirects past them', async () => {
    let n = 0;
    const transport = new FakeTransport(() => redirect(302, `/r${++n}`));
    const client = new AsyncClient({ transport });
    await expect(client.get('https://example.com/r0')).rejects.toBeInstanceOf(TooManyRedirects);
    expect(transport.calls).toHaveLength(10); // the first request and 9 redirects (tls_requests' default)

    const ok = new FakeTransport(routes({ '/0': redirect(302, '/1'), '/1': redirect(302, '/2'), '/2': { body: 'end' } }));
    expect((await new AsyncClient({ transport: ok, maxRedirects: 2 }).get('https://example.com/0')).text).toBe('end');
    const tooFew = new FakeTransport(routes({ '/0': redirect(302, '/1'), '/1': redirect(302, '/2'), '/2': { body: 'end' } }));
    const error = await new AsyncClient({ transport: tooFew, maxRedirects: 1 }).get('https://example.com/0').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRedirects);
    expect((error as TooManyRedirects).maxRedirects).toBe(1);
  });

  it('returns the redirect itself when not following (client level or per request)', async () => {
    const transport = new FakeTransport(routes({ '/a': redirect(301, '/b') }));
    const response = await new AsyncClient({ transport, followRedirects: false }).get('https://example.com/a');
    expect(response.status).toBe(301);
    expect(response.isRedirect).toBe(true);
    expect(response.isPermanentRedirect).toBe(true);
    expect(transport.calls).toHaveLength(1);
    const again = await new AsyncClient({ transport }).get('https://example.com/a', { followRedirects: false });
    expect(again.status).toBe(301);
  });

  it('a redirect without Location, or with an invalid one, is a RemoteProtocolError', async () => {
    const client = new AsyncClient({
      transport: new FakeTransport(routes({ '/none': { status: 302 }, '/bad': redirect(302, 'http://[::1'), '/ftp': redirect(302, 'ftp://x/') })),
    });
    await expect(client.get('https://example.com/none')).rejects.toBeInstanceOf(RemoteProtocolError);
    await expect(client.get('https://example.com/bad')).rejects.toThrow(/invalid URL in the Location/);
    await expect(client.get('https://example.com/ftp')).rejects.toBeInstanceOf(RemoteProtocolError);
  });

  it('keeps Authorization on the same origin and on an http → https upgrade, drops it elsewhere', async () => {
    const transport = new FakeTransport(
      routes({
        '/same': redirect(302, '/next'),
        '/up': redirect(302, 'https://example.com/next'),
        '/away': redirect(302, 'https://evil.example/next'),
      }),
    );
    const client = new AsyncClient({ transport, auth: ['user', 'pass'] });
    await client.get('https://example.com/same');
    await client.get('http://example.com/up');
    await client.get('https://example.com/away');
    const auth = transport.calls.map((_, i) => transport.header(i, 'authorization'));
    const basic = `Basic ${Buffer.from('user:pass').toString('base64')}`;
    expect(auth).toEqual([basic, basic, basic, basic, basic, undefined]);
  });
});

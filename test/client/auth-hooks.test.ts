import { describe, expect, it } from 'vitest';
import { AsyncClient, Auth, BasicAuth, Request, RequestError, type Response } from '../../src/index.js';
import { FakeTransport } from './fake-transport.js';

describe('auth', () => {
  it('a [user, password] pair is Basic, UTF-8', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport, auth: ['zoë', 'p:ss'] }).get('https://example.com/');
    expect(transport.header(0, 'authorization')).toBe(`Basic ${Buffer.from('zoë:p:ss', 'utf8').toString('base64')}`);
  });

  it('a function may change the request in place or return a new one; per request overrides the client', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport, auth: (r: Request) => void r.headers.set('X-Token', 'client') });
    await client.get('https://example.com/');
    await client.get('https://example.com/', { auth: (r: Request) => new Request(r.method, `${r.url}?signed=1`, { headers: r.headers }) });
    await client.get('https://example.com/', { auth: null });
    expect(transport.header(0, 'x-token')).toBe('client');
    expect(transport.calls[1]!.url).toBe('https://example.com/?signed=1');
    expect(transport.header(1, 'x-token')).toBeUndefined();
    expect(transport.header(2, 'x-token')).toBeUndefined();
  });

  it('an Auth subclass (or any object with buildAuth) works, async too', async () => {
    class Bearer extends Auth {
      async buildAuth(request: Request): Promise<Request> {
        request.headers.set('Authorization', 'Bearer tok');
        return request;
      }
    }
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport });
    await client.get('https://example.com/', { auth: new Bearer() });
    await client.get('https://example.com/', { auth: { buildAuth: (r: Request) => void r.headers.set('Authorization', 'Custom') } });
    await client.get('https://example.com/', { auth: new BasicAuth('a', 'b') });
    expect([0, 1, 2].map((i) => transport.header(i, 'authorization'))).toEqual(['Bearer tok', 'Custom', `Basic ${btoa('a:b')}`]);
  });

  it('refuses credentials that are not strings', () => {
    expect(() => new BasicAuth(1 as unknown as string, 'x')).toThrow(RequestError);
  });
});

describe('hooks', () => {
  it('every request hook and every response hook runs, in order, each getting the last one’s result', async () => {
    const transport = new FakeTransport();
    const order: string[] = [];
    const client = new AsyncClient({
      transport,
      hooks: {
        request: [
          (r) => {
            order.push('req1');
            r.headers.set('X-1', '1');
          },
          async (r) => {
            order.push('req2');
            const copy = r.copy();
            copy.headers.set('X-2', r.headers.get('X-1') + '2');
            return copy;
          },
        ],
        response: [
          (r: Response) => void order.push(`res1:${r.status}`),
          (r: Response) => {
            order.push('res2');
            return r;
          },
        ],
      },
    });
    const response = await client.get('https://example.com/', { hooks: { request: [() => void order.push('req3')], response: [() => void order.push('res3')] } });
    expect(order).toEqual(['req1', 'req2', 'req3', 'res1:200', 'res2', 'res3']);
    expect(transport.header(0, 'x-2')).toBe('12');
    expect(response.request.headers.get('x-2')).toBe('12');
  });

  it('a response hook may replace the response', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport });
    const replacement = await client.get('https://example.com/replacement');
    client.hooks.response.push(() => replacement);
    expect((await client.get('https://example.com/original')).url).toBe('https://example.com/replacement');
  });

  it('request hooks see the cookies and auth the request will carry', async () => {
    const transport = new FakeTransport();
    let seen: string | null = null;
    const client = new AsyncClient({ transport, cookies: { c: '1' }, auth: ['u', 'p'], hooks: { request: [(r) => void (seen = `${r.headers.get('cookie')}|${r.headers.get('authorization')}`)] } });
    await client.get('https://example.com/');
    expect(seen).toBe(`c=1|Basic ${btoa('u:p')}`);
  });
});

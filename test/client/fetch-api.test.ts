import { describe, expect, it } from 'vitest';
import { AsyncClient, RequestError, fetchWith, get, post, request } from '../../src/index.js';
import * as api from '../../src/index.js';
import { FakeTransport, echo, redirect, routes } from './fake-transport.js';

interface Echo {
  method: string;
  url: string;
  headers: [string, string][];
  body: string | null;
}

describe('fetch facade', () => {
  it('returns a standard Response with status, headers, url, redirected and a streamed body', async () => {
    const transport = new FakeTransport(
      routes({ '/r': redirect(302, '/data'), '/data': { status: 201, headers: [['content-type', 'application/json'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']], body: ['{"x"', ':1}'] } }),
    );
    const response = await fetchWith(new AsyncClient({ transport }), 'https://example.com/r');
    expect(response).toBeInstanceOf(globalThis.Response);
    expect([response.status, response.statusText, response.ok, response.url, response.redirected]).toEqual([201, 'Created', true, 'https://example.com/data', true]);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ x: 1 });
    expect(transport.calls.every((c) => c.stream)).toBe(true);
  });

  it('sends method, ordered headers and every kind of body with fetch’s content types', async () => {
    const transport = new FakeTransport(echo);
    const client = new AsyncClient({ transport });
    const sent = async (init: Parameters<typeof fetchWith>[2]): Promise<Echo> => (await (await fetchWith(client, 'https://example.com/', init)).json()) as Echo;
    const type = (e: Echo): string | undefined => e.headers.find(([n]) => n === 'content-type')?.[1];

    const text = await sent({ method: 'post', body: 'hi', headers: [['X-B', '2'], ['X-A', '1']] });
    expect([text.method, text.body, type(text)]).toEqual(['POST', 'hi', 'text/plain;charset=UTF-8']);
    expect(text.headers.filter(([n]) => n.startsWith('X-'))).toEqual([
      ['X-B', '2'],
      ['X-A', '1'],
    ]);
    const form = await sent({ method: 'POST', body: new URLSearchParams({ q: 'a b' }) });
    expect([form.body, type(form)]).toEqual(['q=a+b', 'application/x-www-form-urlencoded;charset=UTF-8']);
    const json = await sent({ method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(type(json)).toBe('application/json');
    const bytes = await sent({ method: 'PUT', body: new Uint8Array([104, 105]) });
    expect([bytes.body, type(bytes)]).toEqual(['hi', undefined]);

    const data = new FormData();
    data.append('first', '1');
    data.append('file', new Blob(['content'], { type: 'text/plain' }), 'f.txt');
    data.append('last', '2');
    const multipart = await sent({ method: 'POST', body: data });
    const boundary = /boundary=(.+)$/.exec(type(multipart)!)![1]!;
    expect(boundary).toMatch(/^----WebKitFormBoundary/);
    expect(multipart.body).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="first"\r\n\r\n1\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\ncontent\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="last"\r\n\r\n2\r\n--${boundary}--\r\n`,
    );
  });

  it('accepts a Request object; redirect modes manual and error', async () => {
    const transport = new FakeTransport(routes({ '/r': redirect(301, '/x') }));
    const client = new AsyncClient({ transport });
    const fromRequest = await fetchWith(client, new globalThis.Request('https://example.com/echo', { method: 'DELETE' }));
    expect(((await fromRequest.json()) as Echo).method).toBe('DELETE');
    const manual = await fetchWith(client, 'https://example.com/r', { redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([301, '/x']);
    // WHATWG fetch's network error: a TypeError, with the library's error as its cause.
    const refused = await fetchWith(client, 'https://example.com/r', { redirect: 'error' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as TypeError).cause).toBeInstanceOf(RequestError);
  });

  it('gives a null body for HEAD and 204', async () => {
    const transport = new FakeTransport(routes({ '/empty': { status: 204 } }));
    const client = new AsyncClient({ transport });
    expect((await fetchWith(client, 'https://example.com/empty')).body).toBeNull();
    expect((await fetchWith(client, 'https://example.com/', { method: 'HEAD' })).body).toBeNull();
  });
});

describe('module-level functions', () => {
  it('each call has a client of its own: no cookie carries over', async () => {
    const transport = new FakeTransport(routes({ '/set': { headers: [['set-cookie', 'a=1']] } }));
    await get('https://example.com/set', { transport });
    await get('https://example.com/next', { transport });
    expect(transport.header(1, 'cookie')).toBeUndefined();
    const response = await post('https://example.com/', { transport, json: { a: 1 } });
    expect((response.json() as Echo).body).toBe('{"a":1}');
    expect((await request('PATCH', 'https://example.com/', { transport })).request.method).toBe('PATCH');
    expect(transport.closed).toBe(false);
  });

  it('exports every method, delete included', () => {
    for (const name of ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'request', 'fetch'] as const) expect(typeof api[name]).toBe('function');
  });
});

import { describe, expect, it } from 'vitest';
import { AsyncClient, ClientClosedError, HTTPStatusError, ResponseNotRead, StreamConsumed } from '../../src/index.js';
import { FAKE_TLS, FakeTransport, routes } from './fake-transport.js';

describe('Response', () => {
  it('raiseForStatus uses tls_requests’ messages and returns the response when fine', async () => {
    const transport = new FakeTransport(
      routes({ '/404': { status: 404, reason: 'Not Found' }, '/503': { status: 503 }, '/301': { status: 301 }, '/ok': { status: 200 } }),
    );
    const client = new AsyncClient({ transport });
    const notFound = await client.get('https://example.com/404');
    expect(() => notFound.raiseForStatus()).toThrow('404 Client Error: Not Found for url: https://example.com/404');
    const error = (() => {
      try {
        notFound.raiseForStatus();
      } catch (e) {
        return e as HTTPStatusError;
      }
    })()!;
    expect(error).toBeInstanceOf(HTTPStatusError);
    expect([error.status, error.url]).toEqual([404, 'https://example.com/404']);
    // HTTP/2 has no reason phrase: the standard one is filled in.
    const unavailable = await client.get('https://example.com/503');
    expect(() => unavailable.raiseForStatus()).toThrow('503 Server Error: Service Unavailable for url: https://example.com/503');
    const ok = await client.get('https://example.com/ok');
    expect(ok.raiseForStatus()).toBe(ok);
    expect((await client.get('https://example.com/301', { followRedirects: false })).raiseForStatus().status).toBe(301);
  });

  it('exposes status, statusCode, ok, httpVersion, elapsed, request and TLS details', async () => {
    const transport = new FakeTransport(routes({ '/teapot': { status: 418 } }));
    const client = new AsyncClient({ transport });
    const response = await client.get('https://example.com/');
    expect([response.status, response.statusCode, response.reason, response.ok, response.httpVersion]).toEqual([200, 200, 'OK', true, 'HTTP/2']);
    expect(response.elapsed).toBeGreaterThanOrEqual(0);
    expect(response.request.method).toBe('GET');
    expect(response.tls).toEqual({ ...FAKE_TLS, profile: 'chrome_156' });
    expect((await client.get('http://example.com/')).tls).toBeNull();
    expect((await client.get('https://example.com/teapot')).ok).toBe(false);
  });

  it('decodes text by the Content-Type charset, else the default; json() is synchronous', async () => {
    const latin1 = Buffer.from('café', 'latin1');
    const transport = new FakeTransport(
      routes({
        '/latin1': { headers: [['content-type', 'text/plain; charset=ISO-8859-1']], body: new Uint8Array(latin1) },
        '/list': { headers: [['content-type', 'text/html; charset="bogus,utf-8"']], body: 'é' },
        '/json': { headers: [['content-type', 'application/json']], body: '{"a":[1,2]}' },
      }),
    );
    const client = new AsyncClient({ transport });
    expect((await client.get('https://example.com/latin1')).text).toBe('café');
    const list = await client.get('https://example.com/list');
    expect([list.text, list.encoding]).toEqual(['é', 'utf-8']);
    const json = await client.get('https://example.com/json');
    expect(json.json()).toEqual({ a: [1, 2] });
    expect(json.content).toBeInstanceOf(Uint8Array);
  });
});

describe('stream()', () => {
  const sse = ['data: one\r', '\ndata: two\n\nda', 'ta: thr', 'ee\r\rlast'];

  it('yields chunks as they come and lines across chunk boundaries', async () => {
    const transport = new FakeTransport(routes({ '/sse': { headers: [['content-type', 'text/event-stream']], body: sse } }));
    const client = new AsyncClient({ transport });
    const response = await client.stream('GET', 'https://example.com/sse');
    expect(response.isStreamed).toBe(true);
    expect(() => response.content).toThrow(ResponseNotRead);
    const lines: string[] = [];
    for await (const line of response.iterLines()) lines.push(line);
    expect(lines).toEqual(['data: one', 'data: two', '', 'data: three', '', 'last']);
    expect(response.isClosed).toBe(true);
    expect(transport.calls[0]!.stream).toBe(true);
    await expect(response.iterBytes().next()).rejects.toBeInstanceOf(StreamConsumed);
  });

  it('read() buffers the rest; a multi-byte character split across chunks decodes whole', async () => {
    const euro = new TextEncoder().encode('€');
    const transport = new FakeTransport(() => ({ body: [euro.slice(0, 1), euro.slice(1), 'x'] }));
    const client = new AsyncClient({ transport });
    const texts: string[] = [];
    for await (const t of (await client.stream('GET', 'https://example.com/')).iterText()) texts.push(t);
    expect(texts.join('')).toBe('€x');
    const read = await client.stream('GET', 'https://example.com/');
    expect(new TextDecoder().decode(await read.read())).toBe('€x');
    expect(read.text).toBe('€x');
  });

  it('await using closes an unread stream, which cancels the transfer', async () => {
    const transport = new FakeTransport(() => ({ body: ['a', 'b'] }));
    const client = new AsyncClient({ transport });
    {
      await using response = await client.stream('GET', 'https://example.com/');
      expect(response.status).toBe(200);
    }
    expect(transport.streams[0]!.cancelled).toBe(true);
  });

  it('leaving a loop early cancels; closing the client cancels open streams', async () => {
    const transport = new FakeTransport(() => ({ body: ['a', 'b', 'c'] }));
    const client = new AsyncClient({ transport });
    const first = await client.stream('GET', 'https://example.com/');
    for await (const chunk of first) {
      expect(chunk.length).toBe(1);
      break;
    }
    expect(transport.streams[0]!.cancelled).toBe(true);
    const open = await client.stream('GET', 'https://example.com/');
    await client.close();
    expect(open.isClosed).toBe(true);
    expect(transport.streams[1]!.cancelled).toBe(true);
    await expect(client.get('https://example.com/')).rejects.toBeInstanceOf(ClientClosedError);
  });

  it('drops redirect hops unread (as browsers do) and streams the final body', async () => {
    const transport = new FakeTransport(routes({ '/a': { status: 302, headers: [['location', '/b']], body: 'moved' }, '/b': { body: ['x', 'y'] } }));
    const response = await new AsyncClient({ transport }).stream('GET', 'https://example.com/a');
    expect(response.history[0]!.status).toBe(302);
    expect(response.history[0]!.isClosed).toBe(true);
    expect(transport.streams[0]!.cancelled).toBe(true);
    expect(new TextDecoder().decode(await response.read())).toBe('xy');
  });
});

/**
 * Errors carry what callers expect, against a real HTTPS server on loopback: HTTPStatusError has
 * the request and response (httpx's attributes); the fetch facade rejects as WHATWG fetch does
 * (TypeError with the typed error as cause, the signal's DOMException reason on abort and on
 * AbortSignal.timeout()); a relative URL without a base URL says so.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, ConnectError, HTTPError, HTTPStatusError, InvalidURL, RequestError, fetch, fetchWith } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { freePort, startHttpsServer, type CountingServer } from '../http/servers.js';

let pki: Pki;
let server: CountingServer;
/** Responses the server holds open (never finished), ended after the file. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  pki = await makePki();
  server = await startHttpsServer(pki, (req, res) => {
    if (req.url === '/missing') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('no such thing');
    }
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/ok' });
      return void res.end();
    }
    if (req.url === '/cut') {
      // 100 bytes promised, 5 sent, then the connection dropped.
      res.writeHead(200, { 'content-length': '100' });
      res.write('short', () => res.socket?.destroy());
      return;
    }
    if (req.url === '/hang') return void held.push(res);
    if (req.url === '/partial') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first chunk');
      return void held.push(res);
    }
    res.end('ok');
  });
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await closeDefaultPool();
  await server?.close();
});

const init = (): { ca: string; trustEnv: false } => ({ ca: pki.ca, trustEnv: false });

/** The rejection of `promise` (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('HTTPStatusError', () => {
  it('has the request and the response', async () => {
    await using client = new AsyncClient(init());
    const response = await client.get(`${server.url}/missing`);
    const error = (() => {
      try {
        response.raiseForStatus();
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(HTTPStatusError);
    const statusError = error as HTTPStatusError;
    expect(statusError.response).toBe(response);
    expect(statusError.response.status).toBe(404);
    expect(statusError.response.text).toBe('no such thing');
    expect(statusError.request).toBe(response.request);
    expect(statusError.request.url).toBe(`${server.url}/missing`);
    expect(statusError.request.method).toBe('GET');
    // What crosses to a log stays small: the response is not an enumerable field.
    expect(Object.keys(statusError)).not.toContain('response');
  });
});

describe('the fetch facade rejects as WHATWG fetch does', () => {
  it('a refused connection: TypeError("fetch failed") with the ConnectError as cause', async () => {
    const port = await freePort();
    const error = await rejection(fetch(`https://127.0.0.1:${port}/`, init()));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect((error as TypeError).cause).toBeInstanceOf(ConnectError);
  });

  it('an aborted signal: its DOMException AbortError, while waiting for headers', async () => {
    const controller = new AbortController();
    const pending = rejection(fetch(`${server.url}/hang`, { ...init(), signal: controller.signal }));
    await waitFor(() => held.length > 0);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('a signal aborted before the call: its reason, as is', async () => {
    const reason = new Error('mine');
    expect(await rejection(fetch(`${server.url}/ok`, { ...init(), signal: AbortSignal.abort(reason) }))).toBe(reason);
  });

  it('AbortSignal.timeout(): its DOMException TimeoutError', async () => {
    const error = await rejection(fetch(`${server.url}/hang`, { ...init(), signal: AbortSignal.timeout(300) }));
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
  });

  it('an abort while the body streams: the body read rejects with the AbortError', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/partial`, { ...init(), signal: controller.signal });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('first chunk');
    controller.abort();
    const error = await rejection(reader.read());
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('a body cut short: the body read rejects with TypeError("terminated"), the typed error as cause', async () => {
    const response = await fetch(`${server.url}/cut`, init());
    const error = await rejection(response.text());
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('terminated');
    expect((error as TypeError).cause).toBeInstanceOf(HTTPError);
  });

  it('redirect: "error" rejects with a TypeError', async () => {
    const error = await rejection(fetch(`${server.url}/redirect`, { ...init(), redirect: 'error' }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toBeInstanceOf(RequestError);
  });
});

describe('a relative URL without a base URL', () => {
  it('is an InvalidURL saying so, not a connection to a host named after the path', async () => {
    await using client = new AsyncClient(init());
    const error = await rejection(client.get('/ok'));
    expect(error).toBeInstanceOf(InvalidURL);
    expect((error as Error).message).toContain('without a baseUrl');
    const viaFetch = await rejection(fetchWith(client, '/ok'));
    expect(viaFetch).toBeInstanceOf(TypeError);
    expect((viaFetch as TypeError).cause).toBeInstanceOf(InvalidURL);
  });

  it('reaches the server once the client has one', async () => {
    await using client = new AsyncClient({ ...init(), baseUrl: server.url });
    expect((await client.get('/ok')).text).toBe('ok');
  });
});

/** Polls until `done` holds: the server has received what the next step depends on. */
async function waitFor(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
}

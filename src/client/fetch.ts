/**
 * A WHATWG fetch facade (impit's shape): `fetch(input, init)` resolves with a standard
 * `Response` once the headers are in, its body streaming from the worker. For code written
 * against fetch; the client's own API gives more (history, TLS details, cookies).
 */
import { RequestError } from '../errors.js';
import { AsyncClient } from './client.js';
import { ConnectionPool } from './connection-pool.js';
import { asFetchError } from './fetch-errors.js';
import type { HeadersInit } from './headers.js';
import { encodeMultipart, makeBoundary, type MultipartPart } from './multipart.js';
import { FETCH_KEYS, checkOptionKeys } from './option-check.js';
import type { ClientOptions, RequestOptions, TransportOptions } from './options.js';
import type { Response } from './response.js';

export type FetchBody = string | ArrayBuffer | ArrayBufferView | Blob | URLSearchParams | FormData | ReadableStream<Uint8Array>;

export interface FetchInit extends Omit<TransportOptions, 'followRedirects'> {
  method?: string;
  /** A record or list keeps its order; a WHATWG Headers object sorts its names. */
  headers?: HeadersInit | globalThis.Headers;
  body?: FetchBody | null;
  redirect?: 'follow' | 'manual' | 'error';
  signal?: AbortSignal | null;
  // Members of RequestInit that code written for Node's fetch passes and that change nothing
  // outside a browser (Node's fetch ignores them too): accepted so that code runs unchanged.
  // `referrer` and `integrity` would change the request or its checks: they are unknown options.
  /** Node's fetch needs 'half' for a stream body; streaming is always half-duplex here. */
  duplex?: 'half';
  /** Connections are kept alive anyway. */
  keepalive?: boolean;
  mode?: 'cors' | 'navigate' | 'no-cors' | 'same-origin';
  credentials?: 'include' | 'omit' | 'same-origin';
  cache?: 'default' | 'force-cache' | 'no-cache' | 'no-store' | 'only-if-cached' | 'reload';
  priority?: 'auto' | 'high' | 'low';
  window?: null;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The connections of the module-level `fetch`: shared by its calls, as a page's fetch() calls
 * share the browser's connections, and closed by nothing but their idle timeout (idle
 * connections never keep the process alive).
 */
const fetchConnections = new ConnectionPool();

/** fetch on a client of its own (cookies kept for this call and its redirects only). */
export async function fetch(input: string | URL | globalThis.Request, init: FetchInit & Pick<ClientOptions, 'trustEnv'> = {}): Promise<globalThis.Response> {
  checkOptionKeys(init, FETCH_KEYS, 'fetch init');
  const { trustEnv, ...rest } = init;
  // Not closed afterwards: closing would cancel the body the caller is about to read. The client
  // holds nothing but its cookies; the connections are fetch's own pool's.
  return fetchWith(new AsyncClient({ pool: fetchConnections, ...(trustEnv !== undefined ? { trustEnv } : {}) }), input, rest);
}

/** fetch through a given client (its profile, cookies, proxy and hooks apply). */
export async function fetchWith(client: AsyncClient, input: string | URL | globalThis.Request, init: FetchInit = {}): Promise<globalThis.Response> {
  checkOptionKeys(init, FETCH_KEYS, 'fetch init');
  const fromRequest = input instanceof globalThis.Request ? input : null;
  const url = fromRequest ? fromRequest.url : String(input);
  const { method: initMethod, headers: initHeaders, body: initBody, redirect: initRedirect, signal: initSignal, ...rest } = init;
  const { duplex: _d, keepalive: _k, mode: _m, credentials: _c, cache: _ca, priority: _p, window: _w, ...transport } = rest;
  const method = (initMethod ?? fromRequest?.method ?? 'GET').toUpperCase();
  const headers: [string, string][] = toPairs(initHeaders ?? fromRequest?.headers);
  const body = initBody !== undefined ? initBody : fromRequest?.body ?? null;
  const redirect = initRedirect ?? fromRequest?.redirect ?? 'follow';
  const signal = initSignal ?? fromRequest?.signal ?? undefined;

  // A fetch() is a CORS fetch to the browser (sec-fetch-mode cors, destination empty, its own
  // priority), unless the caller names another kind or asks for a navigation.
  const kind = transport.kind ?? (init.mode === 'navigate' ? 'navigate' : 'fetch');
  const options: RequestOptions = { ...transport, kind, headers, followRedirects: redirect === 'follow' };
  if (signal) options.signal = signal;
  if (body !== null) {
    const encoded = await encodeFetchBody(body);
    options.content = encoded.content;
    if (encoded.contentType && !headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['content-type', encoded.contentType]);
  }

  let response: Response;
  try {
    response = await client.stream(method, url, options);
  } catch (error) {
    throw asFetchError(error, signal);
  }
  if (redirect === 'error' && response.status >= 300 && response.status < 400 && response.headers.has('location')) {
    await response.close();
    throw asFetchError(new RequestError(`fetch: ${url} redirected (${response.status}) and the redirect mode is "error"`), signal);
  }
  return toWhatwgResponse(response, method, signal);
}

function toPairs(headers: HeadersInit | globalThis.Headers | undefined): [string, string][] {
  if (headers === undefined) return [];
  if (headers instanceof globalThis.Headers) return [...headers.entries()];
  if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return [...(headers as Iterable<readonly [string, string | number | boolean]>)].map(([n, v]) => [n, String(v)]);
  }
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value == null) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, String(v)]);
  }
  return pairs;
}

/** The body and the Content-Type fetch gives it (FormData in the browser's multipart form, in order). */
async function encodeFetchBody(body: FetchBody): Promise<{ content: Uint8Array | ReadableStream<Uint8Array>; contentType: string | null }> {
  if (typeof body === 'string') return { content: new TextEncoder().encode(body), contentType: 'text/plain;charset=UTF-8' };
  if (body instanceof URLSearchParams) return { content: new TextEncoder().encode(body.toString()), contentType: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (body instanceof Blob) return { content: new Uint8Array(await body.arrayBuffer()), contentType: body.type || null };
  if (body instanceof ArrayBuffer) return { content: new Uint8Array(body), contentType: null };
  if (ArrayBuffer.isView(body)) return { content: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), contentType: null };
  if (body instanceof FormData) {
    const parts: MultipartPart[] = [];
    for (const [name, value] of body.entries()) {
      parts.push(typeof value === 'string' ? { kind: 'field', name, value } : { kind: 'file', name, value });
    }
    // Chrome's form (WebKit's boundary): the profile is only chosen when the request is sent.
    const boundary = makeBoundary('chrome');
    return { content: await encodeMultipart(parts, boundary), contentType: `multipart/form-data; boundary=${boundary}` };
  }
  return { content: body, contentType: null };
}

function toWhatwgResponse(response: Response, method: string, signal: AbortSignal | undefined): globalThis.Response {
  const headers = new globalThis.Headers();
  for (const [name, value] of response.headers) {
    try {
      headers.append(name, value);
    } catch {
      // A value the WHATWG Headers refuses (a stray control character): leave it out.
    }
  }
  let body: ReadableStream<Uint8Array> | null = null;
  if (method === 'HEAD' || NULL_BODY_STATUSES.has(response.status)) void response.close();
  else body = toReadableStream(response, signal);
  const result = new globalThis.Response(body, { status: response.status, statusText: response.reason, headers });
  // fetch's Response takes neither in its constructor; impit sets them the same way.
  Object.defineProperty(result, 'url', { value: response.url });
  Object.defineProperty(result, 'redirected', { value: response.history.length > 0 });
  return result;
}

function toReadableStream(response: Response, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const chunks = response.iterBytes();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (error) {
        // A body cut short is fetch's TypeError('terminated'); an abort, the signal's reason.
        controller.error(asFetchError(error, signal, 'terminated'));
        return;
      }
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
      await response.close();
    },
  });
}

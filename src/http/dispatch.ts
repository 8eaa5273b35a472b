/**
 * The worker's entry into HTTP: one RequestMessage in, one ResponseMessage out. Picks or opens a
 * connection for the request's origin (through its proxy, with its profile's ClientHello), speaks
 * HTTP/1.1 or HTTP/2 as ALPN decided, and undoes Content-Encoding, within the request's deadline.
 */
import { concatBytes } from '../bytes/concat.js';
import { ConnectError, HTTPError, RequestError } from '../errors.js';
import type { RequestMessage, ResponseMessage } from '../wire/messages.js';
import { MemorySession12Cache, type Session12Cache } from '../tls/session12.js';
import { MemoryTicketStore13, type TicketStore13 } from '../tls/session13.js';
import { Deadline } from './deadline.js';
import { codingsToUndo, decodeBody } from './decoding.js';
import { http1Headers } from './h1/request-headers.js';
import { http2Headers } from './h2-headers.js';
import { headerValue } from './header-order.js';
import { connectionKey } from './connection-key.js';
import { ConnectionPool, type Lease } from './origin-pool.js';
import { basicAuthorization, parseProxyUrl, type ProxyConfig } from './proxy/proxy-url.js';
import { isReplayable, type ExchangeResponse } from './session.js';
import { parseTarget, type Target } from './target.js';
import { openTransport } from './transport.js';

/** A ResponseMessage plus the trailers of a chunked (or HTTP/2) body, in received order. */
export interface HttpResponse extends ResponseMessage {
  trailers: [string, string][];
}

export interface PerformOptions {
  /** Aborts the request; a reason that is an AbortError or TimeoutError is thrown as is. */
  signal?: AbortSignal;
  /**
   * The controller behind `signal`, when the caller made one for this request alone (the pool's
   * worker does): the deadline aborts it too, instead of a second controller listening to it.
   * Whoever aborts it must give a typed reason (AbortError or TimeoutError).
   */
  controller?: AbortController;
  /**
   * Streaming: called with the response (body null) once its head is in, before the first
   * chunk; then `onChunk` gets the decoded body. Both are awaited, which is the backpressure: the
   * socket is not read while the consumer is busy.
   */
  onHeaders?: (response: HttpResponse) => void | Promise<void>;
  onChunk?: (chunk: Uint8Array) => void | Promise<void>;
  /** The connection pool to use (tests); by default the thread's own. */
  pool?: ConnectionPool;
  /** The TLS 1.2 session cache to use (tests); by default the thread's own. */
  session12Cache?: Session12Cache;
  ticketStore?: TicketStore13;
}

/** What one scope (a client) owns in this thread: its connections and its TLS sessions. */
export interface ScopeState {
  pool: ConnectionPool;
  session12Cache: Session12Cache;
  ticketStore: TicketStore13;
}

/** Every scope with connections or sessions in this thread. */
const scopes = new Map<string, ScopeState>();

/** A scope's connections and TLS sessions in this thread (a WebSocket opens through them too). */
export function scopeState(scope: string): ScopeState {
  let state = scopes.get(scope);
  if (state === undefined) {
    state = { pool: new ConnectionPool(), session12Cache: new MemorySession12Cache(), ticketStore: new MemoryTicketStore13() };
    scopes.set(scope, state);
  }
  return state;
}

/** The connection pool of this thread's shared scope (a WorkerPool used without a client). */
export function defaultPool(): ConnectionPool {
  return scopeState('').pool;
}

/**
 * Closes a scope's connections (each with its goodbye) and forgets its TLS sessions: a client
 * was closed. Nothing of it is left for another client to find.
 */
export async function closeScope(scope: string): Promise<void> {
  const state = scopes.get(scope);
  if (state === undefined) return;
  scopes.delete(scope);
  await state.pool.close();
}

/** How many times a request the server never processed is sent again on a fresh connection. */
const MAX_RETRIES = 1;

/**
 * Performs one request. Resolves with the whole (decoded) body, or with `body: null` when
 * `onChunk` streamed it (after the last chunk). Rejects with the library's typed errors:
 * InvalidURL, ConnectError, ProxyError, TLSError/CertificateError, RemoteProtocolError,
 * DecodingError (also for maxBodySize), TimeoutError, AbortError.
 */
export async function performRequest(request: RequestMessage, options: PerformOptions = {}): Promise<HttpResponse> {
  const started = performance.now();
  const target = parseTarget(request.url);
  const proxy = request.proxy ? parseProxyUrl(request.proxy) : null;
  const scope = options.pool === undefined || options.session12Cache === undefined || options.ticketStore === undefined ? scopeState(request.scope ?? '') : null;
  const pool = options.pool ?? scope!.pool;
  const session12Cache = options.session12Cache ?? scope!.session12Cache;
  const ticketStore = options.ticketStore ?? scope!.ticketStore;
  const key = request.key ?? connectionKey(request);
  const deadline = new Deadline(request.timeout, options.signal, `${request.method} ${target.absolute}`, options.controller);
  let response: ExchangeResponse | null = null;
  try {
    let lease: Lease;
    for (let attempt = 0; ; attempt++) {
      deadline.phase = 'pool';
      lease = await pool.acquire(
        {
          key,
          profile: request.profile,
          mayNegotiateH2: target.scheme === 'https' && request.http2 !== 'http1',
          open: (signal) =>
            openTransport(
              {
                target,
                profile: request.profile,
                http2: request.http2,
                randomTlsExtensionOrder: request.randomTlsExtensionOrder,
                verify: request.verify,
                ca: request.ca,
                proxy,
                localAddress: request.localAddress,
                family: request.family,
                resolve: request.resolve,
                keylog: request.keylog,
                crypto: request.crypto ?? 'native',
                userAgent: headerValue(request.headers, 'user-agent'),
                session12Cache,
                ticketStore,
                sessionKey: key,
                onPhase: (phase) => (deadline.phase = phase),
              },
              signal,
            ),
        },
        deadline.signal,
      );
      deadline.phase = 'read';
      try {
        response = await send(lease, request, target, proxy, deadline.signal);
        break;
      } catch (error) {
        if (attempt < MAX_RETRIES && isReplayable(error) && !deadline.signal.aborted) {
          // Its chunks may already be gone: a streamed body is never sent twice.
          if (request.bodyStream) throw new RequestError(`streamed body cannot be resent (${(error as Error).message})`, { cause: error });
          continue;
        }
        throw error;
      }
    }

    const message: HttpResponse = {
      status: response.status,
      reason: response.reason,
      httpVersion: response.httpVersion,
      headers: response.headers,
      body: null,
      url: request.url,
      tls: lease.transport.tls,
      connectionReused: lease.reused,
      headersElapsedMs: performance.now() - started,
      trailers: response.trailers,
    };
    const codings = request.decode ? (codingsToUndo(response.headers) ?? []) : [];
    const body = decodeBody(response.body, codings, { maxBodySize: request.maxBodySize, buffered: !options.onChunk, signal: deadline.signal });

    if (options.onChunk) {
      await options.onHeaders?.(message);
      // Streamed: the deadline now bounds each wait for the server, not the consumer's pace.
      deadline.arm();
      for await (const chunk of body) {
        deadline.disarm();
        await options.onChunk(chunk);
        deadline.arm();
      }
      return message;
    }
    message.body = await collect(body);
    return message;
  } catch (error) {
    throw typed(deadline.outcome(error));
  } finally {
    // Harmless after a complete body; otherwise the connection (or stream) is given up.
    response?.body.cancel();
    deadline.dispose();
  }
}

function send(lease: Lease, request: RequestMessage, target: Target, proxy: ProxyConfig | null, signal: AbortSignal): Promise<ExchangeResponse> {
  const body = request.bodyStream ? checkedLength(request.bodyStream, headerValue(request.headers, 'content-length') ?? null) : request.body;
  if (lease.kind === 'h1') {
    // Plain http through an HTTP proxy: the request goes to the proxy in absolute form, with the
    // proxy's credentials (RFC 9112 §3.2.2).
    const viaHttpProxy = target.scheme === 'http' && (proxy?.kind === 'http' || proxy?.kind === 'https');
    const authorization = viaHttpProxy && proxy ? basicAuthorization(proxy) : null;
    const headers = http1Headers({
      method: request.method,
      headers: request.headers,
      profile: request.profile,
      headerOrder: request.headerOrder,
      authority: target.authority,
      body,
      hopHeaders: authorization ? [['Proxy-Authorization', authorization]] : [],
    });
    return lease.connection.request({ method: request.method, target: viaHttpProxy ? target.absolute : target.path, headers, body }, signal);
  }
  const { authority, headers } = http2Headers({
    method: request.method,
    headers: request.headers,
    profile: request.profile,
    headerOrder: request.headerOrder,
    authority: target.authority,
    body,
  });
  return lease.session.request({ method: request.method, scheme: target.scheme, authority, path: target.path, headers, body }, signal);
}

/**
 * A streamed body as sent: with the caller's Content-Length, exactly that many octets (a body
 * that runs over or stops short fails the request rather than desynchronise the connection).
 */
async function* checkedLength(source: AsyncIterable<Uint8Array>, contentLength: string | null): AsyncGenerator<Uint8Array, void, undefined> {
  if (contentLength === null) {
    yield* source;
    return;
  }
  const expected = /^\s*[0-9]{1,15}\s*$/.test(contentLength) ? Number(contentLength) : NaN;
  if (Number.isNaN(expected)) throw new RequestError(`invalid Content-Length for a streamed body: ${JSON.stringify(contentLength)}`);
  let sent = 0;
  for await (const chunk of source) {
    sent += chunk.length;
    if (sent > expected) throw new RequestError(`the streamed body is longer than its Content-Length (${expected})`);
    yield chunk;
  }
  if (sent < expected) throw new RequestError(`the streamed body ended after ${sent} of its Content-Length's ${expected} octets`);
}

/** The body in one Uint8Array that owns its ArrayBuffer whole, so the pool can transfer it. */
async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return concatBytes(chunks);
}

/** Errors that escaped the typed layers (a raw socket error) get a library class. */
function typed(error: unknown): unknown {
  if (error instanceof HTTPError) return error;
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') {
    return new ConnectError(error.message, (error as NodeJS.ErrnoException).code, { cause: error });
  }
  return error instanceof Error ? new HTTPError(error.message, { cause: error }) : new HTTPError(String(error));
}

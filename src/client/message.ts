/**
 * A Request and its settings as the plain message the pool carries to a worker.
 */
import { RequestError } from '../errors.js';
import type { RequestMessage } from '../pool/messages.js';
import { proxyFromEnv } from './env-proxy.js';
import { normalizeProxyUrl } from './proxy.js';
import type { Request } from './request.js';
import type { ProxyChoice, Settings } from './settings.js';

/** Streamed bodies already handed to a transport: their chunks are gone. */
const sentStreams = new WeakSet<object>();

export function toRequestMessage(request: Request, settings: Settings, stream: boolean, scope: string): RequestMessage {
  if (request.stream !== null) {
    if (sentStreams.has(request.stream)) throw new RequestError(`streamed body cannot be resent (${request.method} ${request.url})`);
    sentStreams.add(request.stream);
  }
  return requestMessage(
    {
      method: request.method,
      url: request.url,
      headers: request.headers.entries(),
      // A copy: the pool transfers the body's ArrayBuffer to the worker, and the Request keeps its
      // own (response.request, a retry, a 307 that sends it again). A Buffer may also sit in Node's
      // shared allocation pool, which must never be transferred.
      body: request.content && request.stream === null ? new Uint8Array(request.content) : null,
      bodyStream: request.stream,
      headerOrder: settings.headerOrder,
      decode: settings.decode,
      maxBodySize: settings.maxBodySize,
      stream,
    },
    settings,
    request.url,
    scope,
  );
}

/** What a message says of the exchange itself; the rest (its connection) comes from the settings. */
export type ExchangeFields = Pick<RequestMessage, 'method' | 'url' | 'headers' | 'body' | 'bodyStream' | 'headerOrder' | 'decode' | 'maxBodySize' | 'stream'>;

/**
 * The one place a RequestMessage is built, for requests and WebSocket openings: the exchange's
 * fields and the connection's from the client's settings (`proxyFor`, an http(s) URL, picks the
 * environment's proxy). One literal, one object shape.
 */
export function requestMessage(exchange: ExchangeFields, settings: Settings, proxyFor: string, scope: string): RequestMessage {
  return {
    method: exchange.method,
    url: exchange.url,
    headers: exchange.headers,
    body: exchange.body,
    bodyStream: exchange.bodyStream,
    profile: settings.profile,
    http2: settings.http2,
    randomTlsExtensionOrder: settings.randomTlsExtensionOrder,
    verify: settings.verify,
    ca: settings.ca,
    proxy: proxyUrl(settings.proxy, proxyFor),
    timeout: settings.timeout,
    headerOrder: exchange.headerOrder,
    decode: exchange.decode,
    maxBodySize: exchange.maxBodySize,
    stream: exchange.stream,
    localAddress: settings.localAddress,
    family: settings.family,
    resolve: settings.resolve,
    keylog: settings.keylog,
    crypto: settings.crypto,
    scope,
  };
}

/** The proxy for one hop: the environment's depends on the hop's URL. */
export function proxyUrl(choice: ProxyChoice, url: string): string | null {
  if (choice.kind === 'none') return null;
  if (choice.kind === 'fixed') return choice.proxy.url;
  const fromEnv = proxyFromEnv(new URL(url), choice.env);
  return fromEnv === null ? null : normalizeProxyUrl(fromEnv);
}

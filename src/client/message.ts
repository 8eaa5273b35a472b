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
  return {
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
    ...connectionFields(settings, request.url, scope),
  };
}

/** The connection's part of a message (what its connection key is made of), for any request or socket opening. */
export type ConnectionFields = Pick<
  RequestMessage,
  'profile' | 'http2' | 'randomTlsExtensionOrder' | 'verify' | 'ca' | 'proxy' | 'timeout' | 'localAddress' | 'family' | 'resolve' | 'keylog' | 'crypto' | 'scope'
>;

/** The connection fields from a client's settings; `url` picks the environment's proxy (an http(s) URL). */
export function connectionFields(settings: Settings, url: string, scope: string): ConnectionFields {
  return {
    profile: settings.profile,
    http2: settings.http2,
    randomTlsExtensionOrder: settings.randomTlsExtensionOrder,
    verify: settings.verify,
    ca: settings.ca,
    proxy: proxyUrl(settings.proxy, url),
    timeout: settings.timeout,
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

/**
 * The worker's side of wire-request.ts: a request frame back into the RequestMessage the HTTP
 * layer serves, field by field (one object shape, no rest/spread copy), with a shipped profile's
 * identifier resolved in this thread's registry.
 */
import { getProfile } from '../profiles/registry.js';
import type { AllFields, RequestMessage, WireRequest } from './messages.js';

export function fromWire(wire: WireRequest): RequestMessage {
  const request: AllFields<RequestMessage> = {
    method: wire.method,
    url: wire.url,
    headers: wire.headers,
    body: wire.body,
    // Filled in by the caller for a streamed body (its chunks arrive as frames).
    bodyStream: null,
    profile: typeof wire.profile === 'string' ? getProfile(wire.profile) : wire.profile,
    http2: wire.http2,
    randomTlsExtensionOrder: wire.randomTlsExtensionOrder,
    verify: wire.verify,
    ca: wire.ca,
    proxy: wire.proxy,
    timeout: wire.timeout,
    headerOrder: wire.headerOrder,
    decode: wire.decode,
    maxBodySize: wire.maxBodySize,
    stream: wire.stream,
    localAddress: wire.localAddress,
    family: wire.family,
    resolve: wire.resolve,
    keylog: wire.keylog,
    crypto: wire.crypto,
    scope: wire.scope,
    key: wire.key,
  };
  return request as RequestMessage;
}

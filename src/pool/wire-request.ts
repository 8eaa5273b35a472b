/**
 * A RequestMessage as it crosses to the worker: a shipped profile reduced to its identifier (the
 * worker has the same registry), the body's buffer moved rather than copied, and a streamed body
 * turned into `body-chunk` frames that follow at the worker's pace.
 */
import { findProfile } from '../profiles/registry.js';
import { BodyUpload } from './body-upload.js';
import type { CallContext, PendingCall } from './call-context.js';
import type { CallSink, Channel } from './channel.js';
import type { AllFields, RequestMessage, WireRequest } from './messages.js';
import type { Shard } from './shard.js';
import { ownedBytes, transferListFor } from './transfer.js';

export interface Upload {
  /** The worker took a chunk: one more may go. */
  pulled(): void;
  /** The call is over: stop reading the caller's source. */
  stop(): void;
}

export interface WireForm {
  request: WireRequest;
  transfer: ArrayBuffer[];
  upload: Upload | null;
}

export function toWire(message: RequestMessage, key: string, stream: boolean, channel: Channel, id: number): WireForm {
  const source = message.bodyStream ?? null;
  // The caller hands the body over: when it owns its whole ArrayBuffer, that buffer is detached.
  const body = source === null && message.body !== null ? ownedBytes(message.body) : null;
  const request = wireRequest(message, body, key, stream, source !== null);
  return { request, transfer: transferListFor(body), upload: source === null ? null : new BodyUpload(channel, id, source) };
}

/**
 * The message as it crosses, field by field: one object shape for every request (the structured
 * clone and the worker's reads stay on one hidden class), and no rest/spread copy, which cost a
 * few µs per request. A field added to RequestMessage fails to compile here until it is carried.
 */
function wireRequest(message: RequestMessage, body: Uint8Array | null, key: string, stream: boolean, streamedBody: boolean): WireRequest {
  const { profile } = message;
  const request: AllFields<WireRequest> = {
    method: message.method,
    url: message.url,
    headers: message.headers,
    body,
    profile: findProfile(profile.id) === profile ? profile.id : profile,
    http2: message.http2,
    randomTlsExtensionOrder: message.randomTlsExtensionOrder,
    verify: message.verify,
    ca: message.ca,
    proxy: message.proxy,
    timeout: message.timeout,
    headerOrder: message.headerOrder,
    decode: message.decode,
    maxBodySize: message.maxBodySize,
    stream,
    localAddress: message.localAddress,
    family: message.family,
    resolve: message.resolve,
    keylog: message.keylog,
    crypto: message.crypto,
    scope: message.scope,
    key,
    streamedBody,
  };
  return request as WireRequest;
}

/**
 * Starts a call on its shard: registers `sink` on the current channel (and with the pool, for
 * close()) and sends the request frame. Returns where it went, and the upload of a streamed body.
 */
export function startCall(
  shard: Shard,
  sink: CallSink & PendingCall,
  message: RequestMessage,
  key: string,
  stream: boolean,
  context: CallContext,
): { channel: Channel; id: number; upload: Upload | null } {
  const { channel, id } = shard.open(sink);
  context.pending.add(sink);
  const { request, transfer, upload } = toWire(message, key, stream, channel, id);
  channel.send({ t: 'request', id, request }, transfer);
  return { channel, id, upload };
}

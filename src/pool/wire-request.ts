/**
 * A RequestMessage as it crosses to the worker: a shipped profile reduced to its identifier (the
 * worker has the same registry), the body's buffer moved rather than copied, and a streamed body
 * turned into `body-chunk` frames that follow at the worker's pace.
 */
import { findProfile } from '../profiles/registry.js';
import { BodyUpload } from './body-upload.js';
import type { CallContext, PendingCall } from './call-context.js';
import type { CallSink, Channel } from './channel.js';
import type { RequestMessage, WireRequest } from './messages.js';
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
  const { bodyStream, profile, ...rest } = message;
  const source = bodyStream ?? null;
  // The caller hands the body over: when it owns its whole ArrayBuffer, that buffer is detached.
  const body = source === null && message.body !== null ? ownedBytes(message.body) : null;
  const request: WireRequest = {
    ...rest,
    body,
    stream,
    key,
    streamedBody: source !== null,
    profile: findProfile(profile.id) === profile ? profile.id : profile,
  };
  return { request, transfer: transferListFor(body), upload: source === null ? null : new BodyUpload(channel, id, source) };
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

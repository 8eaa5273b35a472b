/**
 * A RequestMessage as it crosses to the worker: a shipped profile reduced to its identifier (the
 * worker has the same registry), the body's buffer moved rather than copied, and a streamed body
 * turned into `body-chunk` frames that follow at the worker's pace.
 */
import { findProfile } from '../profiles/registry.js';
import { BodyUpload } from './body-upload.js';
import type { Channel } from './channel.js';
import type { RequestMessage, WireRequest } from './messages.js';
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

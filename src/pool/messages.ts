/**
 * What crosses between the caller's thread and a worker: plain, structured-clone-able values.
 * The main thread never parses the wire; it sends a RequestMessage and receives a
 * ResponseMessage (or an error as `WireError`). Those two are the contract shared with src/http
 * and live in src/wire (re-exported here); this file holds the pool's own frames around them.
 */
import type { MessagePort } from 'node:worker_threads';
import type { WireError } from '../errors.js';
import type { Profile } from '../profiles/types.js';
import type { WebSocketOpenInfo, WebSocketOpenOptions } from '../http/websocket/open.js';
import type { RequestMessage, ResponseMessage } from '../wire/messages.js';

export type { WebSocketOpenInfo, WebSocketOpenOptions } from '../http/websocket/open.js';

export type * from '../wire/messages.js';

/**
 * A request as it travels: a shipped profile goes as its identifier (the worker has the same
 * registry), which keeps the message about five times smaller; a custom profile goes whole. `key`
 * is the connection key the caller's thread computed (connection-key.ts): the worker keys its
 * connections by it and does not work it out again.
 */
/** Every field of T present (undefined allowed): a literal of this type lists them all, so a field added to T fails to compile where it is not carried. */
export type AllFields<T> = { [K in keyof Required<T>]: T[K] | undefined };

export type WireRequest = Omit<RequestMessage, 'profile' | 'bodyStream' | 'key'> & {
  profile: Profile | string;
  key: string;
  /** The body streams in `body-chunk` frames (`body` is then null). */
  streamedBody: boolean;
};

/**
 * Main thread → worker, on the shard's one channel, in batches (an array per postMessage, one
 * per event-loop turn). Every frame names the request it is about by `id`, unique on its channel.
 * A streamed request body goes as `body-chunk`s (each chunk's ArrayBuffer transferred), then
 * exactly one `body-end` or `body-error`, never more than `UPLOAD_WINDOW` chunks ahead of what the
 * worker has taken. `close-scope` closes every connection a client (scope) holds in that thread and
 * is answered by `done`. `release` ends the busy period that started the channel (see shard.ts).
 */
export type ToWorker =
  | { t: 'request'; id: number; request: WireRequest }
  | { t: 'abort'; id: number; reason: 'aborted' | 'timeout' }
  | { t: 'pull'; id: number }
  | { t: 'body-chunk'; id: number; data: Uint8Array }
  | { t: 'body-end'; id: number }
  | { t: 'body-error'; id: number; error: WireError }
  | { t: 'close-scope'; id: number; scope: string }
  | { t: 'release'; id: 0 }
  // A WebSocket (issue 19): opened once, then each message is one frame each way (a string is a
  // text message, bytes a binary one); `abort` before `ws-open` cancels the opening. `ws-credit`
  // gives back the window the caller consumed (socket-window.ts).
  | { t: 'ws-open'; id: number; request: WireRequest; options: WebSocketOpenOptions }
  | { t: 'ws-send'; id: number; data: Uint8Array | string }
  | { t: 'ws-close'; id: number; code: number | null; reason: string }
  | { t: 'ws-credit'; id: number; messages: number; octets: number };

/**
 * Worker → main thread, batched the same way. A buffered request gets one `response` (body
 * included) or one `error`. A streamed one gets `response` (the head, body null), `chunk`s, then
 * exactly one `end` or `error`; an `error` may also come first. `body-pull` (request bodies) may
 * come at any time. `done` answers `close-scope`.
 */
export type FromWorker =
  | { t: 'response'; id: number; response: ResponseMessage }
  | { t: 'chunk'; id: number; data: Uint8Array }
  | { t: 'end'; id: number }
  | { t: 'error'; id: number; error: WireError }
  | { t: 'body-pull'; id: number }
  | { t: 'done'; id: number }
  // A WebSocket: `ws-open` (or `error`), then messages, `ws-drained` (payload octets of ours that
  // left, summed per turn: bufferedAmount), and exactly one `ws-closed`.
  | { t: 'ws-open'; id: number; info: WebSocketOpenInfo }
  | { t: 'ws-message'; id: number; data: Uint8Array | string }
  | { t: 'ws-drained'; id: number; octets: number }
  | { t: 'ws-closed'; id: number; code: number; reason: string; wasClean: boolean; error: WireError | null };

/** The one piscina task a busy period carries: the channel the worker serves until `release`. */
export interface ChannelTask {
  port: MessagePort;
}

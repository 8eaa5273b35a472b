/**
 * The contract between the worker runtime (src/pool) and the HTTP layer (src/http/dispatch.ts).
 * The pool owns threads, ports, cancellation and streaming; the handler owns the request.
 */
import type { RequestMessage, ResponseMessage } from './messages.js';

export interface HandlerOptions {
  /** Aborted when the caller cancels or the main thread's deadline passes; `reason` is the error to throw. */
  signal?: AbortSignal;
  /**
   * The controller behind `signal`: the handler may abort it with its own typed error (its own
   * timeout) instead of making a second controller per request (dispatch.ts's Deadline does).
   */
  controller?: AbortController;
  /**
   * Stream mode only (`request.stream`): called once with the response head (body null) as soon
   * as the headers are in, before the first `onChunk`. Without it the caller could not see the
   * status until the whole body had been read. (dispatch.ts's `PerformOptions` name.)
   */
  onHeaders?: (head: ResponseMessage) => void | Promise<void>;
  /**
   * Stream mode only: one decoded body chunk. Await it: it resolves when the main thread has
   * room (credit-based backpressure) and rejects if the request was aborted. The pool takes
   * ownership of the chunk (its ArrayBuffer may be transferred), so do not reuse it.
   */
  onChunk?: (chunk: Uint8Array) => void | Promise<void>;
}

/**
 * Performs one request. Buffered mode: resolves with the whole response (the pool takes
 * ownership of `body`). Stream mode: calls `onHeaders`, then `onChunk` per chunk, and resolves
 * after the last chunk was accepted (its `body` is ignored). A chunk before the head is a
 * contract error; a handler that never calls `onHeaders` still works (head and body at the end).
 */
export type RequestHandler = (request: RequestMessage, options: HandlerOptions) => Promise<ResponseMessage>;

/**
 * Closes every connection a scope (one client) holds in this thread, each with its browser's
 * goodbye, and forgets the scope's TLS sessions.
 */
export type ScopeCloser = (scope: string) => Promise<void>;

/**
 * Incoming backpressure for WebSockets, as STREAM_WINDOW is for response bodies: the worker may
 * have at most this many messages, or this many octets, delivered to the main thread and not yet
 * consumed there. Past either, the worker stops reading the socket (the session pauses, the TCP or
 * TLS stream or the HTTP/2 stream stops being read, so the kernel's buffers and then the server's
 * fill: its `bufferedAmount` grows). The main thread gives credit back (`ws-credit`) when an
 * iterator takes a message, or at once when message listeners get it (they read synchronously,
 * as a browser's do).
 *
 * 1 MiB bounds memory for large messages (16 of 64 KiB); 128 bounds the per-message bookkeeping
 * of small ones while keeping enough in flight that a fast reader never waits for credit.
 */
export const SOCKET_WINDOW_MESSAGES = 128;
export const SOCKET_WINDOW_OCTETS = 1 << 20;

/** What a message counts against the window; both sides compute it from the same value. */
export function messageWeight(data: Uint8Array | string): number {
  // A string's length (UTF-16 code units), not its UTF-8 size: close enough, and free.
  return typeof data === 'string' ? data.length : data.byteLength;
}

/** The worker's account of one socket's messages on the main thread. */
export class IncomingWindow {
  #messages = 0;
  #octets = 0;

  /** A message went out; false once the window is full (stop reading). */
  spend(data: Uint8Array | string): boolean {
    this.#messages++;
    this.#octets += messageWeight(data);
    return this.open;
  }

  /**
   * Credit back; true when reading should go on: once half the window is free, so a paused
   * socket reads a batch per resume rather than pausing again after every message.
   */
  grant(messages: number, octets: number): boolean {
    this.#messages = Math.max(0, this.#messages - messages);
    this.#octets = Math.max(0, this.#octets - octets);
    return this.#messages <= SOCKET_WINDOW_MESSAGES / 2 && this.#octets <= SOCKET_WINDOW_OCTETS / 2;
  }

  get open(): boolean {
    return this.#messages < SOCKET_WINDOW_MESSAGES && this.#octets < SOCKET_WINDOW_OCTETS;
  }
}

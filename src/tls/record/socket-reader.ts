import type { Duplex } from 'node:stream';
import { ByteQueue } from '../../bytes/byte-queue.js';
import { ConnectError } from '../../errors.js';

/**
 * Pulls exact byte counts out of a socket's 'data' events. The handshake and the record layer
 * read with `await read(n)`; the socket is paused while enough is buffered (backpressure).
 */
export class SocketReader {
  private readonly queue = new ByteQueue();
  private waiter: { n: number; resolve: (b: Uint8Array | null) => void; reject: (e: Error) => void } | null = null;
  private ended = false;
  private failure: Error | null = null;
  /** A socket error that waits until the buffered bytes have been read. */
  private deferredFailure: Error | null = null;
  private readonly highWaterMark = 256 * 1024;

  constructor(private readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => {
      this.queue.push(chunk);
      if (this.queue.length > this.highWaterMark) socket.pause();
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const typed = error instanceof ConnectError ? error : new ConnectError(`connection failed: ${error.message}`, error.code ?? '', { cause: error });
      // A write that fails because the peer closed (EPIPE) often follows the peer's alert, which
      // already sits in our buffer: let the reader get to it first, and fail only after.
      if (this.queue.length > 0) {
        this.deferredFailure ??= typed;
        this.ended = true;
        this.wake();
      } else this.fail(typed);
    });
  }

  /** Rejects the pending and every later read with `error` (timeouts, aborts). */
  fail(error: Error): void {
    if (!this.failure) this.failure = error;
    this.wake();
  }

  get available(): number {
    return this.queue.length;
  }

  /** Exactly `n` bytes, or null when the stream ended cleanly before the first of them. */
  read(n: number): Promise<Uint8Array | null> {
    if (this.waiter) return Promise.reject(new Error('SocketReader: concurrent reads'));
    return new Promise((resolve, reject) => {
      this.waiter = { n, resolve, reject };
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.failure) {
      this.waiter = null;
      w.reject(this.failure);
      return;
    }
    if (this.queue.length >= w.n) {
      this.waiter = null;
      w.resolve(this.take(w.n));
      return;
    }
    if (this.ended) {
      this.waiter = null;
      if (this.deferredFailure) w.reject(this.deferredFailure);
      else if (this.queue.length === 0) w.resolve(null);
      else w.reject(new ConnectError(`connection closed in the middle of a record (${this.queue.length} of ${w.n} bytes)`, 'ECONNRESET'));
    }
  }

  /** A view of the received chunk when the bytes lie in one (the usual record), else a copy. */
  private take(n: number): Uint8Array {
    const out = this.queue.take(n);
    if (this.queue.length <= this.highWaterMark / 2 && this.socket.isPaused()) this.socket.resume();
    return out;
  }
}

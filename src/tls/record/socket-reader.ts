import type { Duplex } from 'node:stream';
import { ConnectError } from '../../errors.js';

/**
 * Pulls exact byte counts out of a socket's 'data' events. The handshake and the record layer
 * read with `await read(n)`; the socket is paused while enough is buffered (backpressure).
 */
export class SocketReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private waiter: { n: number; resolve: (b: Uint8Array | null) => void; reject: (e: Error) => void } | null = null;
  private ended = false;
  private failure: Error | null = null;
  /** A socket error that waits until the buffered bytes have been read. */
  private deferredFailure: Error | null = null;
  private readonly highWaterMark = 256 * 1024;

  constructor(private readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered > this.highWaterMark) socket.pause();
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
      if (this.buffered > 0) {
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
    return this.buffered;
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
    if (this.buffered >= w.n) {
      this.waiter = null;
      w.resolve(this.take(w.n));
      return;
    }
    if (this.ended) {
      this.waiter = null;
      if (this.deferredFailure) w.reject(this.deferredFailure);
      else if (this.buffered === 0) w.resolve(null);
      else w.reject(new ConnectError(`connection closed in the middle of a record (${this.buffered} of ${w.n} bytes)`, 'ECONNRESET'));
    }
  }

  private take(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    let out: Uint8Array;
    const first = this.chunks[0]!;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = new Uint8Array(n);
      let o = 0;
      while (o < n) {
        const c = this.chunks[0]!;
        const k = Math.min(c.length, n - o);
        out.set(c.subarray(0, k), o);
        o += k;
        if (k === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(k);
      }
    }
    this.buffered -= n;
    if (this.buffered <= this.highWaterMark / 2 && this.socket.isPaused()) this.socket.resume();
    return out;
  }
}

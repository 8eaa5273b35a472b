import type { Duplex } from 'node:stream';
import { ByteQueue } from '../../bytes/byte-queue.js';
import { ConnectError, HTTPError, RemoteProtocolError } from '../../errors.js';
import { READ_HIGH_WATER_MARK } from './limits.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Pull-style reading over a Duplex's 'data' events: lines (bounded) for heads and chunk sizes,
 * and byte runs for bodies, handed out as views of the received chunks (no copies on the body
 * path). The socket is paused while more than the high-water mark is buffered, so a slow consumer
 * slows the server down instead of filling memory.
 *
 * Socket errors become ConnectError, so every error that leaves the HTTP layer is typed.
 */
export class StreamReader {
  private readonly queue = new ByteQueue();
  /** Bytes already searched for LF by an unfinished readLine, so a slow line is not rescanned. */
  private scanned = 0;
  private eof = false;
  private receivedTotal = 0;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private readonly detachListeners: () => void;

  constructor(private readonly stream: Duplex) {
    const onData = (chunk: Buffer): void => {
      if (chunk.length === 0) return;
      this.queue.push(chunk);
      this.receivedTotal += chunk.length;
      if (this.queue.length > READ_HIGH_WATER_MARK) stream.pause();
      this.signal();
    };
    const onEnd = (): void => {
      this.eof = true;
      this.signal();
    };
    const onClose = (): void => {
      this.salvage(onData);
      onEnd();
    };
    const onError = (error: NodeJS.ErrnoException): void => {
      // The peer had ended its stream (FIN, close_notify): all it sent is here, and a reset that
      // follows (a server answering our close_notify with RST) says nothing about it.
      if (this.eof) return;
      if (isPeerReset(error)) {
        // A reset is where the peer stopped sending: bytes received before it stay readable, and
        // whether they make a whole message is for the framing to say (a body that runs to the
        // close is complete; one short of its Content-Length is not).
        this.salvage(onData);
        onEnd();
        return;
      }
      this.fail(error instanceof HTTPError ? error : new ConnectError(`connection failed: ${error.message}`, error.code ?? '', { cause: error }));
    };
    stream.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onError);
    this.detachListeners = () => stream.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onError);
    if (stream.destroyed || stream.readableEnded) this.eof = true;
    // A stream handed over paused (a proxy tunnel after its handshake) is ours to run now.
    else if (stream.isPaused()) stream.resume();
  }

  /** Bytes received and not yet read. */
  get bufferedLength(): number {
    return this.queue.length;
  }

  /** Bytes received since the reader was attached (read or not). */
  get received(): number {
    return this.receivedTotal;
  }

  /** The peer ended or the stream closed (buffered bytes may remain). */
  get ended(): boolean {
    return this.eof;
  }

  get failed(): Error | null {
    return this.failure;
  }

  /** Rejects the pending and every later read with `error` (aborts, timeouts). */
  fail(error: Error): void {
    this.failure ??= error;
    this.signal();
  }

  /**
   * One line, without its terminator (CRLF, or a bare LF, which RFC 9112 §2.2 lets a recipient
   * accept), as latin1 text so any byte survives. Null at a clean end of stream before the first
   * byte; a line longer than `limit` or cut by the end of the stream is a RemoteProtocolError.
   */
  async readLine(limit: number, what: string): Promise<string | null> {
    for (;;) {
      // An LF past the limit is not found: the buffered length below then fails the line as too long.
      const at = this.findLF(limit);
      if (at >= 0) {
        const bytes = this.take(at + 1);
        let end = bytes.length - 1;
        if (end > 0 && bytes[end - 1] === CR) end--;
        return Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('latin1');
      }
      if (this.queue.length > limit) throw new RemoteProtocolError(`${what} longer than ${limit} bytes`, 'LINE_TOO_LONG');
      if (!(await this.more())) {
        if (this.queue.length === 0) return null;
        throw new RemoteProtocolError(`connection closed in the middle of ${what}`, 'INCOMPLETE_MESSAGE');
      }
    }
  }

  /** Up to `max` bytes (at least one), or null once the stream has ended and nothing is buffered. */
  async read(max: number): Promise<Uint8Array | null> {
    while (this.queue.length === 0) {
      if (!(await this.more())) return null;
    }
    return this.consumed(this.queue.takeFirst(max));
  }

  /**
   * Stops reading: removes the listeners and pauses the stream, and returns the bytes received but
   * not read, for whoever takes the stream over (a TLS handshake through a proxy tunnel). The
   * stream stays paused: the new owner attaches its 'data' listener, then resumes it, so no byte
   * is emitted to nobody in between.
   */
  detach(): Uint8Array {
    this.detachListeners();
    this.stream.pause();
    // Not through take(): that would resume the stream this hands over paused.
    return this.queue.take(this.queue.length);
  }

  /**
   * A destroyed stream drops its paused buffer without emitting it, but read() still hands it
   * out: those are bytes the peer sent before it went away, which a slow reader must still get.
   */
  private salvage(onData: (chunk: Buffer) => void): void {
    if (!this.stream.destroyed) return;
    this.stream.off('data', onData);
    for (let chunk = this.stream.read() as Buffer | null; chunk !== null; chunk = this.stream.read() as Buffer | null) onData(chunk);
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Waits for more bytes; false once the stream has ended. */
  private async more(): Promise<boolean> {
    for (;;) {
      if (this.failure) throw this.failure;
      const before = this.queue.length;
      if (this.eof) return false;
      if (this.stream.isPaused()) this.stream.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
      if (this.failure) throw this.failure;
      if (this.queue.length > before) return true;
    }
  }

  /** Index (from the read position) of the first LF, if it is at `limit + 1` at most (a line of `limit` bytes and its CR), else -1. */
  private findLF(limit: number): number {
    const end = limit + 2;
    const at = this.queue.indexOf(LF, this.scanned, end);
    if (at < 0) this.scanned = Math.min(this.queue.length, end);
    return at;
  }

  /** Removes and returns the next `n` buffered bytes (a view when they lie in one chunk). */
  private take(n: number): Uint8Array {
    return this.consumed(this.queue.take(n));
  }

  /** After a read: the line search starts over, and a paused stream reads on below the mark. */
  private consumed(bytes: Uint8Array): Uint8Array {
    this.scanned = 0;
    if (this.queue.length <= READ_HIGH_WATER_MARK && this.stream.isPaused() && !this.stream.destroyed) this.stream.resume();
    return bytes;
  }
}

/** OS errors by which a peer drops a connection (as opposed to our own failures, or TLS alerts). */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * Whether the stream failed because the peer reset the TCP connection: an OS error (it names the
 * system call), bare or as the cause of the ConnectError a TLS connection wraps it in. A TLS
 * record cut in half is not one of these: its bytes are lost, so it stays a failure.
 */
function isPeerReset(error: Error): boolean {
  const os = error instanceof ConnectError ? error.cause : error;
  if (!(os instanceof Error)) return false;
  const { code, syscall } = os as NodeJS.ErrnoException;
  return typeof syscall === 'string' && RESET_CODES.has(code ?? '');
}

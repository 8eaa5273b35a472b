/**
 * Turns a byte stream, cut anywhere, into complete HTTP/2 frames.
 *
 * Besides framing, it enforces the rules that are about the sequence of frames rather than any
 * one of them: the client preface (when reading a client's stream), SETTINGS_MAX_FRAME_SIZE
 * (checked on the 9-octet header, before the payload is buffered, so a hostile length costs
 * nothing), and RFC 9113 §6.10: once a header block is open, only CONTINUATION frames on the same
 * stream may follow until END_HEADERS.
 *
 * After the first error the reader is dead: every later `push` throws the same error, because
 * the bytes after a framing error cannot be trusted to start a frame. (Frames completed earlier in
 * the failing chunk are dropped with it: every error here is fatal to the connection.)
 */
import { RemoteProtocolError } from '../../errors.js';
import { CLIENT_PREFACE, DEFAULT_MAX_FRAME_SIZE, FRAME_HEADER_LENGTH, FrameType, MAX_ALLOWED_FRAME_SIZE, type Frame } from './frame-types.js';
import { decodeFrame, decodeFrameHeader } from './frames.js';

export interface FrameReaderOptions {
  /** Our SETTINGS_MAX_FRAME_SIZE: frames longer than this are FRAME_SIZE_ERROR. Default 16384. */
  maxFrameSize?: number;
  /** Read and check the 24-octet client preface first (a server reading a client). Default false. */
  expectPreface?: boolean;
}

export class FrameReader {
  // Unconsumed input: chunks[head..], the first possibly partly consumed. Advancing `head`
  // instead of shifting keeps octet-at-a-time input linear.
  private chunks: Uint8Array[] = [];
  private head = 0;
  private size = 0;
  private maxFrameSize: number;
  private prefacePending: boolean;
  /** The stream whose header block is open (HEADERS or PUSH_PROMISE without END_HEADERS). */
  private openHeaderBlock: number | undefined;
  private failure: RemoteProtocolError | undefined;

  constructor(options: FrameReaderOptions = {}) {
    this.maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
    this.setMaxFrameSize(options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE);
    this.prefacePending = options.expectPreface ?? false;
  }

  /** Octets received but not yet part of a complete frame. */
  get buffered(): number {
    return this.size;
  }

  /** True while a header block is open and only its CONTINUATION frames may come. */
  get inHeaderBlock(): boolean {
    return this.openHeaderBlock !== undefined;
  }

  /** Applies a new local SETTINGS_MAX_FRAME_SIZE (once the peer has acknowledged it). */
  setMaxFrameSize(size: number): void {
    if (!Number.isInteger(size) || size < DEFAULT_MAX_FRAME_SIZE || size > MAX_ALLOWED_FRAME_SIZE)
      throw new RangeError(`max frame size ${size} is outside [16384, 16777215]`);
    this.maxFrameSize = size;
  }

  /**
   * Adds a chunk and returns every frame it completes, in order. Frames own their bytes (the
   * chunk may be reused by the caller afterwards). Throws `RemoteProtocolError` on bad input.
   */
  push(chunk: Uint8Array): Frame[] {
    if (this.failure) throw this.failure;
    try {
      if (chunk.length) {
        this.chunks.push(chunk);
        this.size += chunk.length;
      }
      return this.drain();
    } catch (error) {
      if (error instanceof RemoteProtocolError) this.failure = error;
      throw error;
    }
  }

  /** Call at end of stream: a partial frame left in the buffer is a truncated connection. */
  end(): void {
    if (this.failure) throw this.failure;
    if (this.size !== 0 || this.prefacePending) {
      this.failure = new RemoteProtocolError(`connection ended inside a frame (${this.size} octets buffered)`, 'PROTOCOL_ERROR');
      throw this.failure;
    }
  }

  private drain(): Frame[] {
    const frames: Frame[] = [];
    if (this.prefacePending) {
      if (this.size < CLIENT_PREFACE.length) {
        // Fail as soon as the octets so far cannot be a preface, not only once 24 arrived.
        const head = this.peek(this.size);
        if (head.some((b, i) => b !== CLIENT_PREFACE[i])) throw new RemoteProtocolError('invalid HTTP/2 client preface', 'PROTOCOL_ERROR');
        return frames;
      }
      const head = this.take(CLIENT_PREFACE.length);
      if (head.some((b, i) => b !== CLIENT_PREFACE[i])) throw new RemoteProtocolError('invalid HTTP/2 client preface', 'PROTOCOL_ERROR');
      this.prefacePending = false;
    }
    while (this.size >= FRAME_HEADER_LENGTH) {
      const header = decodeFrameHeader(this.peek(FRAME_HEADER_LENGTH));
      if (header.length > this.maxFrameSize)
        throw new RemoteProtocolError(`frame of ${header.length} octets exceeds SETTINGS_MAX_FRAME_SIZE ${this.maxFrameSize}`, 'FRAME_SIZE_ERROR');
      this.checkSequence(header.typeId, header.streamId);
      if (this.size < FRAME_HEADER_LENGTH + header.length) break;
      this.take(FRAME_HEADER_LENGTH);
      const frame = decodeFrame(header, this.take(header.length));
      this.trackHeaderBlock(frame);
      frames.push(frame);
    }
    return frames;
  }

  /** RFC 9113 §6.10: inside a header block, anything but its CONTINUATION is PROTOCOL_ERROR. */
  private checkSequence(typeId: number, streamId: number): void {
    if (this.openHeaderBlock !== undefined) {
      if (typeId !== FrameType.CONTINUATION || streamId !== this.openHeaderBlock)
        throw new RemoteProtocolError(`expected CONTINUATION on stream ${this.openHeaderBlock}, got frame type ${typeId} on stream ${streamId}`, 'PROTOCOL_ERROR');
    } else if (typeId === FrameType.CONTINUATION) {
      throw new RemoteProtocolError(`CONTINUATION on stream ${streamId} without an open header block`, 'PROTOCOL_ERROR');
    }
  }

  private trackHeaderBlock(frame: Frame): void {
    if (frame.type === 'HEADERS' || frame.type === 'PUSH_PROMISE' || frame.type === 'CONTINUATION')
      this.openHeaderBlock = frame.endHeaders ? undefined : frame.streamId;
  }

  /** The first `n` buffered octets, without consuming them (a copy only when chunks must join). */
  private peek(n: number): Uint8Array {
    const first = this.chunks[this.head];
    if (first && first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(n);
    for (let i = this.head, at = 0; at < n && i < this.chunks.length; i++) {
      const part = this.chunks[i]!.subarray(0, n - at);
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Consumes `n` octets into a fresh array (so frames never alias the caller's chunks). */
  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[this.head]!;
      const need = n - at;
      if (c.length <= need) {
        out.set(c, at);
        at += c.length;
        this.head++;
      } else {
        out.set(c.subarray(0, need), at);
        this.chunks[this.head] = c.subarray(need);
        at += need;
      }
    }
    this.size -= n;
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head > 64) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    return out;
  }
}

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
import { ByteQueue } from '../../bytes/byte-queue.js';
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
  /** Unconsumed input. Frames are taken as copies, so they never alias the caller's chunks. */
  private readonly queue = new ByteQueue();
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
    return this.queue.length;
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
      this.queue.push(chunk);
      return this.drain();
    } catch (error) {
      if (error instanceof RemoteProtocolError) this.failure = error;
      throw error;
    }
  }

  /** Call at end of stream: a partial frame left in the buffer is a truncated connection. */
  end(): void {
    if (this.failure) throw this.failure;
    if (this.queue.length !== 0 || this.prefacePending) {
      this.failure = new RemoteProtocolError(`connection ended inside a frame (${this.queue.length} octets buffered)`, 'PROTOCOL_ERROR');
      throw this.failure;
    }
  }

  private drain(): Frame[] {
    const frames: Frame[] = [];
    const queue = this.queue;
    if (this.prefacePending) {
      if (queue.length < CLIENT_PREFACE.length) {
        // Fail as soon as the octets so far cannot be a preface, not only once 24 arrived.
        const head = queue.peek(queue.length);
        if (head.some((b, i) => b !== CLIENT_PREFACE[i])) throw new RemoteProtocolError('invalid HTTP/2 client preface', 'PROTOCOL_ERROR');
        return frames;
      }
      const head = queue.take(CLIENT_PREFACE.length);
      if (head.some((b, i) => b !== CLIENT_PREFACE[i])) throw new RemoteProtocolError('invalid HTTP/2 client preface', 'PROTOCOL_ERROR');
      this.prefacePending = false;
    }
    while (queue.length >= FRAME_HEADER_LENGTH) {
      const header = decodeFrameHeader(queue.peek(FRAME_HEADER_LENGTH));
      if (header.length > this.maxFrameSize)
        throw new RemoteProtocolError(`frame of ${header.length} octets exceeds SETTINGS_MAX_FRAME_SIZE ${this.maxFrameSize}`, 'FRAME_SIZE_ERROR');
      this.checkSequence(header.typeId, header.streamId);
      if (queue.length < FRAME_HEADER_LENGTH + header.length) break;
      queue.skip(FRAME_HEADER_LENGTH);
      const frame = decodeFrame(header, queue.takeCopy(header.length));
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
}

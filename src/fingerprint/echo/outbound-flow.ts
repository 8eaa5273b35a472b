/**
 * The server's side of HTTP/2 flow control (RFC 9113 §5.2, §6.9): DATA goes out only as far as
 * the client's windows allow, in frames no larger than its SETTINGS_MAX_FRAME_SIZE, and the rest
 * waits for WINDOW_UPDATE. A report can be tens of kilobytes and Firefox opens with a 128 KiB
 * stream window, Chrome with 6 MiB, a test client with a few bytes: every one must get it whole.
 */
import { RemoteProtocolError } from '../../errors.js';
import { DEFAULT_MAX_FRAME_SIZE, MAX_WINDOW_SIZE, encodeFrame } from '../../http/h2/index.js';
import { concat } from './bytes.js';

/** RFC 9113 §6.9.2: both windows start at 65,535 until SETTINGS or WINDOW_UPDATE say otherwise. */
const INITIAL_WINDOW = 65_535;

interface StreamState {
  window: number;
  /** The part of the queued body not yet sent. */
  pending: Uint8Array;
  /** True once the whole body is queued: the last DATA frame carries END_STREAM. */
  queued: boolean;
}

export class OutboundFlow {
  private connectionWindow = INITIAL_WINDOW;
  private initialWindow = INITIAL_WINDOW;
  private maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  /** Streams the client opened that we have not finished answering, in opening order. */
  private readonly streams = new Map<number, StreamState>();

  constructor(private readonly write: (frame: Uint8Array) => void) {}

  /** A stream's window starts at the client's INITIAL_WINDOW_SIZE when the stream opens, not when we answer. */
  open(streamId: number): void {
    if (!this.streams.has(streamId)) this.streams.set(streamId, { window: this.initialWindow, pending: new Uint8Array(0), queued: false });
  }

  /**
   * Queues (part of) a response body; END_STREAM goes on its last frame once `end` is given. A
   * timed body (/drip) comes in several calls, each sent as far as the windows allow.
   */
  send(streamId: number, body: Uint8Array, end = true): void {
    const stream = this.streams.get(streamId);
    if (!stream || stream.queued) return;
    stream.pending = stream.pending.length ? concat([stream.pending, body]) : body;
    stream.queued = end;
    this.flush(streamId);
  }

  /** Whether a stream is still open to DATA (not reset by the client, not finished). */
  isOpen(streamId: number): boolean {
    return this.streams.has(streamId);
  }

  /** The client reset the stream: drop what it will never read. */
  cancel(streamId: number): void {
    this.streams.delete(streamId);
  }

  /**
   * Applies a WINDOW_UPDATE. Overflowing the connection window is a connection error; overflowing
   * a stream's is a stream error, returned so the caller can reset that stream alone.
   */
  windowUpdate(streamId: number, increment: number): 'FLOW_CONTROL_ERROR' | undefined {
    if (streamId === 0) {
      if (this.connectionWindow + increment > MAX_WINDOW_SIZE)
        throw new RemoteProtocolError('WINDOW_UPDATE overflows the connection window', 'FLOW_CONTROL_ERROR');
      this.connectionWindow += increment;
    } else {
      // An update for a stream already answered (or never opened) changes nothing we send.
      const stream = this.streams.get(streamId);
      if (!stream) return undefined;
      if (stream.window + increment > MAX_WINDOW_SIZE) {
        this.streams.delete(streamId);
        return 'FLOW_CONTROL_ERROR';
      }
      stream.window += increment;
    }
    this.flush();
    return undefined;
  }

  /** §6.9.2: a new INITIAL_WINDOW_SIZE shifts every open stream's window by the difference (it may go negative). */
  setInitialWindowSize(size: number): void {
    const delta = size - this.initialWindow;
    this.initialWindow = size;
    for (const stream of this.streams.values()) {
      if (stream.window + delta > MAX_WINDOW_SIZE)
        throw new RemoteProtocolError('SETTINGS_INITIAL_WINDOW_SIZE overflows a stream window', 'FLOW_CONTROL_ERROR');
      stream.window += delta;
    }
    this.flush();
  }

  setMaxFrameSize(size: number): void {
    this.maxFrameSize = size;
  }

  /** Sends what the windows allow: of every stream, or of one (a part just queued leaves the others as they were). */
  private flush(only?: number): void {
    for (const [streamId, stream] of this.streams) {
      if (only !== undefined && streamId !== only) continue;
      // An empty final part is one empty DATA frame with END_STREAM, which no window limits.
      while (stream.pending.length > 0 || stream.queued) {
        const n = Math.min(stream.pending.length, stream.window, this.connectionWindow, this.maxFrameSize);
        if (n <= 0 && stream.pending.length > 0) break;
        const data = stream.pending.subarray(0, Math.max(n, 0));
        stream.pending = stream.pending.subarray(data.length);
        stream.window -= data.length;
        this.connectionWindow -= data.length;
        const last = stream.queued && stream.pending.length === 0;
        this.write(encodeFrame({ type: 'DATA', streamId, endStream: last, data }));
        if (last) {
          this.streams.delete(streamId);
          break;
        }
      }
    }
  }
}

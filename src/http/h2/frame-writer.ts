/**
 * Everything the session writes goes through here, so that frames written in one tick leave
 * together (one TLS record where they fit) as a browser's do: the first write corks the transport
 * and it is uncorked once this turn of the event loop is done (setImmediate, not nextTick, so that
 * requests arriving in the same turn share a record and a socket write). Writes after the transport ended are dropped.
 */
import type { Duplex } from 'node:stream';
import type { Frame } from './frame-types.js';
import { encodeFrame } from './frames.js';

export class FrameWriter {
  private corked = false;
  /** Which cork the pending uncork belongs to: a boundary() ends a cork early, and its uncork must not end the next one. */
  private generation = 0;

  /**
   * `perWrite`: every write is its own record and socket write (Chromium: SpdySession writes one
   * frame at a time), instead of a turn's writes sharing one.
   */
  constructor(
    private readonly transport: Duplex,
    private readonly perWrite = false,
  ) {}

  /** The transport's buffer is full: DATA should wait for 'drain' (control frames still go). */
  get blocked(): boolean {
    return this.transport.writableNeedDrain;
  }

  bytes(bytes: Uint8Array): void {
    const t = this.transport;
    if (t.destroyed || t.writableEnded) return;
    if (this.perWrite) {
      t.write(bytes);
      return;
    }
    if (!this.corked) {
      this.corked = true;
      t.cork();
      const generation = ++this.generation;
      setImmediate(() => {
        if (generation !== this.generation || !this.corked) return;
        this.corked = false;
        t.uncork();
      });
    }
    t.write(bytes);
  }

  /** Ends the current record: what was written so far leaves now (one record, one socket write), what follows starts another. */
  boundary(): void {
    if (!this.corked) return;
    this.corked = false;
    this.generation++;
    this.transport.uncork();
  }

  frame(frame: Frame): void {
    this.bytes(encodeFrame(frame));
  }

  settingsAck(): void {
    this.frame({ type: 'SETTINGS', streamId: 0, ack: true, settings: [] });
  }

  goaway(lastStreamId: number, errorCode: number, message: string): void {
    this.frame({ type: 'GOAWAY', streamId: 0, lastStreamId, errorCode, debugData: new TextEncoder().encode(message) });
  }

  reset(streamId: number, errorCode: number): void {
    this.frame({ type: 'RST_STREAM', streamId, errorCode });
  }

  windowUpdate(streamId: number, increment: number): void {
    this.frame({ type: 'WINDOW_UPDATE', streamId, increment });
  }
}

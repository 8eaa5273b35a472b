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

  constructor(private readonly transport: Duplex) {}

  /** The transport's buffer is full: DATA should wait for 'drain' (control frames still go). */
  get blocked(): boolean {
    return this.transport.writableNeedDrain;
  }

  bytes(bytes: Uint8Array): void {
    const t = this.transport;
    if (t.destroyed || t.writableEnded) return;
    if (!this.corked) {
      this.corked = true;
      t.cork();
      setImmediate(() => {
        this.corked = false;
        t.uncork();
      });
    }
    t.write(bytes);
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

/**
 * Sends request bodies as DATA frames as far as the windows, the peer's frame size and the
 * transport's backpressure allow, one frame per stream in turn, so a large upload does not
 * starve the others. Called again whenever any of those may have opened up (WINDOW_UPDATE,
 * SETTINGS, 'drain', more body read from its source).
 */
import type { SendWindow } from './flow-control.js';
import type { FrameWriter } from './frame-writer.js';
import type { H2Stream } from './stream.js';

export interface DataSchedulerDeps {
  writer: FrameWriter;
  connectionWindow: SendWindow;
  /** The largest DATA payload allowed now: our chunk size within the peer's SETTINGS_MAX_FRAME_SIZE. */
  maxPayload(): number;
  /** A stream just sent its END_STREAM. */
  onLocalEnd(stream: H2Stream): void;
}

export class DataScheduler {
  private queue: H2Stream[] = [];
  private running = false;

  constructor(private readonly deps: DataSchedulerDeps) {}

  add(stream: H2Stream): void {
    this.queue.push(stream);
    this.run();
  }

  clear(): void {
    this.queue = [];
  }

  run(): void {
    if (this.running) return;
    this.running = true;
    const { writer, connectionWindow } = this.deps;
    try {
      let progressed = true;
      while (progressed && this.queue.length && !writer.blocked) {
        progressed = false;
        for (const stream of [...this.queue]) {
          const out = stream.outbound!;
          if (stream.reset || out.ended) continue;
          const chunk = out.take(Math.min(this.deps.maxPayload(), connectionWindow.available, stream.sendWindow.available));
          if (!chunk) continue;
          connectionWindow.consume(chunk.data.length);
          stream.sendWindow.consume(chunk.data.length);
          writer.frame({ type: 'DATA', streamId: stream.id, endStream: chunk.endStream, data: chunk.data });
          progressed = true;
          if (chunk.endStream) {
            stream.localEnded = true;
            this.deps.onLocalEnd(stream);
          }
          if (writer.blocked) break;
        }
        this.queue = this.queue.filter((s) => !s.reset && !s.outbound!.ended);
      }
    } finally {
      this.running = false;
    }
  }
}

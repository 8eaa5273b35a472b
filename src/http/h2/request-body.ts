/**
 * A request body on its way out as DATA frames: a buffered body, or an async iterable read ahead
 * a little (up to `READ_AHEAD` octets) so there is always a frame ready when the flow-control
 * windows open, and never much more than that in memory.
 */
import { ByteQueue } from '../../bytes/byte-queue.js';

export type RequestBodySource = Uint8Array | AsyncIterable<Uint8Array>;

const READ_AHEAD = 64 * 1024;
const EMPTY = new Uint8Array(0);

export interface OutboundChunk {
  data: Uint8Array;
  /** The last frame of the body: END_STREAM goes on it. */
  endStream: boolean;
}

export class OutboundBody {
  /** Read ahead and not yet sent, in the source's chunks (a frame never joins two). */
  private readonly queue = new ByteQueue();
  private sourceDone: boolean;
  private readonly iterator: AsyncIterator<Uint8Array> | undefined;
  private pulling = false;
  private stopped = false;
  /** END_STREAM has been taken: nothing more will come out. */
  ended = false;

  /**
   * @param onReadable more data (or the end) can be taken now
   * @param onError the source threw: the request must fail
   */
  constructor(
    source: RequestBodySource,
    private readonly onReadable: () => void,
    private readonly onError: (error: Error) => void,
  ) {
    if (source instanceof Uint8Array) {
      this.queue.push(source);
      this.sourceDone = true;
    } else {
      this.iterator = source[Symbol.asyncIterator]();
      this.sourceDone = false;
      this.pull();
    }
  }

  /** Something can be sent now: data octets, or the bare END_STREAM of an exhausted source. */
  get ready(): boolean {
    return !this.ended && (this.queue.length > 0 || this.sourceDone);
  }

  /** Data octets ready to go (END_STREAM alone needs no window, so a 0 here may still be ready). */
  get readyOctets(): number {
    return this.queue.length;
  }

  /**
   * The next frame's worth, at most `limit` octets (from one chunk: frames follow the source's
   * chunking, as a browser's upload reads do), or null when nothing can be sent now.
   */
  take(limit: number): OutboundChunk | null {
    if (this.ended) return null;
    if (this.queue.length === 0) {
      if (!this.sourceDone) return null;
      this.ended = true;
      return { data: EMPTY, endStream: true };
    }
    if (limit <= 0) return null;
    const data = this.queue.takeFirst(limit);
    const endStream = this.sourceDone && this.queue.length === 0;
    if (endStream) this.ended = true;
    this.pull();
    return { data, endStream };
  }

  /** Gives the body up (the stream was reset or failed): stop reading the source. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.clear();
    void this.iterator?.return?.().catch(() => {});
  }

  private pull(): void {
    if (this.sourceDone || this.pulling || this.stopped || !this.iterator || this.queue.length >= READ_AHEAD) return;
    this.pulling = true;
    this.iterator.next().then(
      (result) => {
        this.pulling = false;
        if (this.stopped) return;
        if (result.done) this.sourceDone = true;
        else this.queue.push(result.value);
        this.pull();
        this.onReadable();
      },
      (error: unknown) => {
        this.pulling = false;
        if (this.stopped) return;
        this.onError(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }
}

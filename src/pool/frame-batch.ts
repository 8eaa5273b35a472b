/**
 * The frames of one event-loop turn, sent together: one postMessage per turn and direction
 * however many requests the turn started or finished (used on both ends of a channel).
 */
export class FrameBatch<F> {
  readonly #post: (frames: F[], transfer: ArrayBuffer[]) => void;
  #frames: F[] = [];
  #transfer: ArrayBuffer[] = [];
  #queued = false;

  /** `post` sends a batch: it is called once per turn with what the turn queued. */
  constructor(post: (frames: F[], transfer: ArrayBuffer[]) => void) {
    this.#post = post;
  }

  get pending(): number {
    return this.#frames.length;
  }

  push(frame: F, transfer?: readonly ArrayBuffer[]): void {
    this.#frames.push(frame);
    if (transfer !== undefined) for (const buffer of transfer) this.#transfer.push(buffer);
    if (!this.#queued) {
      this.#queued = true;
      setImmediate(this.flush);
    }
  }

  /** Sends what is queued now (also called by the turn's immediate). */
  readonly flush = (): void => {
    this.#queued = false;
    if (this.#frames.length === 0) return;
    const frames = this.#frames;
    const transfer = this.#transfer;
    this.#frames = [];
    this.#transfer = [];
    this.#post(frames, transfer);
  };
}

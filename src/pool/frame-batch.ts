/**
 * The frames of one event-loop turn, sent together: one postMessage per turn and direction
 * however many requests the turn started or finished (used on both ends of a channel).
 */
export class FrameBatch<F> {
  readonly #post: (frames: F[], transfer: ArrayBuffer[]) => void;
  #frames: F[] = [];
  #transfer: ArrayBuffer[] = [];
  #queued = false;
  readonly #linger: () => boolean;
  #lingered = false;

  /**
   * `post` sends a batch: it is called once per turn with what the turn queued. `linger`, asked
   * when a turn ends, may hold the batch for one more turn (see `flush`).
   */
  constructor(post: (frames: F[], transfer: ArrayBuffer[]) => void, linger: () => boolean = () => false) {
    this.#post = post;
    this.#linger = linger;
  }

  get pending(): number {
    return this.#frames.length;
  }

  push(frame: F, transfer?: readonly ArrayBuffer[]): void {
    this.#frames.push(frame);
    if (transfer !== undefined) for (const buffer of transfer) this.#transfer.push(buffer);
    if (!this.#queued) {
      this.#queued = true;
      setImmediate(this.#turnEnded);
    }
  }

  /**
   * The turn's end. Waking the other thread costs far more than the message (a futex and, across
   * cores of a virtual machine, an inter-processor interrupt: tens of µs), so while `linger` says
   * plenty more frames are on their way, one more turn gathers them into the same message.
   */
  readonly #turnEnded = (): void => {
    if (this.#frames.length > 0 && !this.#lingered && this.#linger()) {
      this.#lingered = true;
      setImmediate(this.#turnEnded);
      return;
    }
    this.flush();
  };

  /** Sends what is queued now. */
  readonly flush = (): void => {
    this.#queued = false;
    this.#lingered = false;
    if (this.#frames.length === 0) return;
    const frames = this.#frames;
    const transfer = this.#transfer;
    this.#frames = [];
    this.#transfer = [];
    this.#post(frames, transfer);
  };
}

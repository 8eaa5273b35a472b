/**
 * Worker-side backpressure for streamed bodies. The worker may have at most `window` chunks
 * unconsumed on the main thread: it starts with that much credit, spends one per chunk sent,
 * and the main thread gives one back (`{ type: 'pull' }`) for each chunk its reader takes.
 * A slow reader therefore stalls the HTTP read loop in the worker, not the memory of either side.
 */

/**
 * Frames the worker may send ahead of the reader (each up to 128 KiB, see stream-sender.ts): 2 MiB
 * at most queued per stream, enough to keep a fast download flowing between two threads.
 */
export const STREAM_WINDOW = 16;

export class CreditGate {
  #credit: number;
  /** Normally one waiter; a list so a handler that does not await `onChunk` cannot strand one. */
  #waiters: (() => void)[] = [];
  #failure: Error | null = null;

  constructor(window: number = STREAM_WINDOW) {
    this.#credit = window;
  }

  /** Credit not yet spent (for tests and stats). */
  get available(): number {
    return this.#credit;
  }

  grant(count = 1): void {
    this.#credit += count;
    this.#release();
  }

  /** Wakes a waiting `take()` with `error`, now and for every later call. */
  fail(error: Error): void {
    this.#failure ??= error;
    this.#release();
  }

  /** Spends one credit, waiting for the reader when there is none. */
  async take(): Promise<void> {
    while (this.#credit === 0 && this.#failure === null) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    if (this.#failure !== null) throw this.#failure;
    this.#credit--;
  }

  #release(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/**
 * Streamed request bodies, the other way: chunks the main thread may send that the worker has
 * not yet taken (each `body-pull` gives one back).
 */
export const UPLOAD_WINDOW = 4;

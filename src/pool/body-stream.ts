/**
 * The main thread's side of a streamed body: an async iterable over the chunks the worker sends.
 * Each chunk the reader takes gives the worker one credit back, so at most the window is ever
 * queued here however slowly the reader goes. Leaving the loop early (break, throw) cancels.
 */
import { TimeoutError } from '../errors.js';

export interface StreamBody extends AsyncIterable<Uint8Array> {
  /** Stops the transfer and aborts the request in the worker; the iteration then ends. */
  cancel(): void;
}

export interface BodyStreamHooks {
  /** A chunk was handed to the reader: grant the worker one more. */
  consumed(): void;
  /** The reader gave up: abort the worker's side. */
  cancelled(): void;
  /**
   * The reader has waited this long for a chunk with none coming (0 = forever): the worker
   * is presumed wedged, and `stalled` is called after the body fails with a TimeoutError.
   */
  stallMs: number;
  stalled(): void;
  /**
   * A reader started (true) or stopped (false) waiting for a chunk: only a waiting reader keeps
   * the process alive, so a stream its caller abandoned half-read never pins a script.
   */
  waiting(on: boolean): void;
}

type State = 'open' | 'ended' | 'failed' | 'cancelled';

interface Reader {
  resolve(chunk: Uint8Array | null): void;
  reject(error: Error): void;
}

export class BodyStream implements StreamBody {
  readonly #hooks: BodyStreamHooks;
  readonly #queue: Uint8Array[] = [];
  #state: State = 'open';
  #error: Error | null = null;
  #reader: Reader | null = null;
  #stallTimer: NodeJS.Timeout | null = null;

  constructor(hooks: BodyStreamHooks) {
    this.#hooks = hooks;
  }

  get isOpen(): boolean {
    return this.#state === 'open';
  }

  push(chunk: Uint8Array): void {
    if (this.#state !== 'open') return;
    const reader = this.#takeReader();
    if (reader === null) {
      this.#queue.push(chunk);
      return;
    }
    this.#hooks.consumed();
    reader.resolve(chunk);
  }

  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ended';
    this.#takeReader()?.resolve(null);
  }

  /**
   * Fails the body. `afterQueued`: the worker's own error, which it sent after the chunks still
   * queued here: the reader gets those first. Otherwise (abort, stall) the error comes next.
   */
  fail(error: Error, afterQueued = false): void {
    if (this.#state !== 'open') return;
    this.#state = 'failed';
    this.#error = error;
    if (!afterQueued) this.#queue.length = 0;
    this.#takeReader()?.reject(error);
  }

  cancel(): void {
    if (this.#state !== 'open') return;
    this.#state = 'cancelled';
    this.#queue.length = 0;
    this.#takeReader()?.resolve(null);
    this.#hooks.cancelled();
  }

  /** The next chunk, or null once the body has ended or was cancelled. */
  read(): Promise<Uint8Array | null> {
    const chunk = this.#queue.shift();
    if (chunk !== undefined) {
      if (this.#state === 'open') this.#hooks.consumed();
      return Promise.resolve(chunk);
    }
    if (this.#state === 'failed') return Promise.reject(this.#error);
    if (this.#state !== 'open') return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.#reader = { resolve, reject };
      this.#hooks.waiting(true);
      if (this.#hooks.stallMs > 0) this.#stallTimer = setTimeout(() => this.#stall(), this.#hooks.stallMs);
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for (let chunk = await this.read(); chunk !== null; chunk = await this.read()) yield chunk;
    } finally {
      // Reached early only when the loop was left before the end.
      this.cancel();
    }
  }

  #stall(): void {
    const ms = this.#hooks.stallMs;
    this.fail(new TimeoutError(`no body data for ${ms} ms (worker unresponsive)`, 'read', ms));
    this.#hooks.stalled();
  }

  #takeReader(): Reader | null {
    const reader = this.#reader;
    this.#reader = null;
    if (reader !== null) this.#hooks.waiting(false);
    if (this.#stallTimer !== null) clearTimeout(this.#stallTimer);
    this.#stallTimer = null;
    return reader;
  }
}

/**
 * Streamed request bodies across the thread boundary. Main side (`BodyUpload`): reads the
 * caller's AsyncIterable and sends each chunk as a `body-chunk` frame on the call's channel (its
 * buffer transferred), never more than UPLOAD_WINDOW chunks ahead of what the worker has taken;
 * then `body-end`, or `body-error` when the source throws. Worker side (`BodyReceiver`): the same
 * chunks as an AsyncIterable for the HTTP layer, granting one credit (`body-pull`) per chunk taken.
 */
import { RequestError, errorFromWire, errorToWire } from '../errors.js';
import type { Channel } from './channel.js';
import { CreditGate, UPLOAD_WINDOW } from './credit.js';
import type { ToWorker } from './messages.js';

const stopped = new Error('upload stopped');

export type BodyFrame = Extract<ToWorker, { t: 'body-chunk' | 'body-end' | 'body-error' }>;

export class BodyUpload {
  readonly #channel: Channel;
  readonly #id: number;
  readonly #credit = new CreditGate(UPLOAD_WINDOW);
  #stopped = false;

  constructor(channel: Channel, id: number, source: AsyncIterable<Uint8Array | string>) {
    this.#channel = channel;
    this.#id = id;
    void this.#run(source);
  }

  /** The worker took a chunk: one more may go. */
  pulled(): void {
    this.#credit.grant();
  }

  /** The call is over (settled, aborted, the worker done): stop reading the source. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#credit.fail(stopped);
  }

  async #run(source: AsyncIterable<Uint8Array | string>): Promise<void> {
    const iterator = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        await this.#credit.take();
        const next = await iterator.next();
        if (this.#stopped) break;
        if (next.done) {
          this.#post({ t: 'body-end', id: this.#id });
          return;
        }
        // A copy the worker may own: the caller may reuse (or still hold) the buffer it yielded,
        // and a view into a shared pool must never be transferred.
        const value = next.value;
        const data = typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(value);
        if (data.byteLength === 0) {
          this.#credit.grant();
          continue;
        }
        this.#post({ t: 'body-chunk', id: this.#id, data }, [data.buffer]);
      }
      void Promise.resolve(iterator.return?.()).catch(() => {});
    } catch (error) {
      if (error === stopped) {
        void Promise.resolve(iterator.return?.()).catch(() => {});
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const wrapped = new RequestError(`the request body stream failed: ${message}`, { cause: error });
      this.#post({ t: 'body-error', id: this.#id, error: errorToWire(wrapped) });
    }
  }

  #post(frame: BodyFrame, transfer?: ArrayBuffer[]): void {
    if (!this.#stopped) this.#channel.send(frame, transfer);
  }
}

/** Worker side: the chunks the main thread sends, as the handler's request body. */
export class BodyReceiver implements AsyncIterable<Uint8Array> {
  readonly #pull: () => void;
  readonly #queue: Uint8Array[] = [];
  #ended = false;
  #error: Error | null = null;
  #waiter: (() => void) | null = null;
  #iterated = false;

  /** `pull` tells the main thread that one chunk was taken. */
  constructor(pull: () => void) {
    this.#pull = pull;
  }

  /** Feeds a body frame. */
  receive(message: BodyFrame): void {
    switch (message.t) {
      case 'body-chunk':
        if (!this.#ended && this.#error === null) this.#queue.push(message.data);
        break;
      case 'body-end':
        this.#ended = true;
        break;
      case 'body-error':
        this.fail(errorFromWire(message.error));
        break;
    }
    this.#wake();
  }

  /** Fails the body (the request was aborted, or the source failed): the reader throws `error`. */
  fail(error: Error): void {
    this.#error ??= error;
    this.#queue.length = 0;
    this.#wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    // A second read would find the chunks gone: say so rather than send a short body.
    if (this.#iterated) throw new RequestError('streamed body cannot be resent');
    this.#iterated = true;
    for (;;) {
      if (this.#error !== null) throw this.#error;
      const chunk = this.#queue.shift();
      if (chunk !== undefined) {
        this.#pull();
        yield chunk;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => (this.#waiter = resolve));
    }
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.();
  }
}

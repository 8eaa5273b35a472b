/**
 * Streamed request bodies across the thread boundary. Main side (`BodyUpload`): reads the
 * caller's AsyncIterable and posts each chunk on the request's port (`body-chunk`, its buffer
 * transferred), never more than UPLOAD_WINDOW chunks ahead of what the worker has taken; then
 * `body-end`, or `body-error` when the source throws. Worker side (`BodyReceiver`): the same
 * chunks as an AsyncIterable for the HTTP layer, granting one credit (`body-pull`) per chunk taken.
 */
import type { MessagePort } from 'node:worker_threads';
import { RequestError, errorFromWire, errorToWire } from '../errors.js';
import { CreditGate, UPLOAD_WINDOW } from './credit.js';
import type { ControlMessage, StreamMessage } from './messages.js';

const stopped = new Error('upload stopped');

export class BodyUpload {
  readonly #port: MessagePort;
  readonly #credit = new CreditGate(UPLOAD_WINDOW);
  readonly #onPull = (message: StreamMessage): void => {
    if (message.type === 'body-pull') this.#credit.grant();
  };
  #stopped = false;

  constructor(port: MessagePort, source: AsyncIterable<Uint8Array | string>) {
    this.#port = port;
    port.on('message', this.#onPull);
    void this.#run(source);
  }

  /** The call is over (settled, aborted, the worker done): stop reading the source. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#port.off('message', this.#onPull);
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
          this.#post({ type: 'body-end' });
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
        this.#post({ type: 'body-chunk', data }, [data.buffer]);
      }
      void Promise.resolve(iterator.return?.()).catch(() => {});
    } catch (error) {
      if (error === stopped) {
        void Promise.resolve(iterator.return?.()).catch(() => {});
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const wrapped = new RequestError(`the request body stream failed: ${message}`, { cause: error });
      this.#post({ type: 'body-error', error: errorToWire(wrapped) });
    }
  }

  #post(message: ControlMessage, transfer: ArrayBuffer[] = []): void {
    if (this.#stopped) return;
    try {
      this.#port.postMessage(message, transfer);
    } catch {
      // The port closed under us: the call is over.
    }
  }
}

/** Worker side: the chunks the main thread sends, as the handler's request body. */
export class BodyReceiver implements AsyncIterable<Uint8Array> {
  readonly #port: MessagePort;
  readonly #queue: Uint8Array[] = [];
  #ended = false;
  #error: Error | null = null;
  #waiter: (() => void) | null = null;
  #iterated = false;

  constructor(port: MessagePort) {
    this.#port = port;
  }

  /** Feeds a control message; true when it was a body message. */
  receive(message: ControlMessage): boolean {
    switch (message.type) {
      case 'body-chunk':
        if (!this.#ended && this.#error === null) this.#queue.push(message.data);
        break;
      case 'body-end':
        this.#ended = true;
        break;
      case 'body-error':
        this.fail(errorFromWire(message.error));
        break;
      default:
        return false;
    }
    this.#wake();
    return true;
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
        try {
          this.#port.postMessage({ type: 'body-pull' } satisfies StreamMessage);
        } catch {
          // The port is closed: the request is over anyway.
        }
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

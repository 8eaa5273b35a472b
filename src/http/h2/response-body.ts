/**
 * A response body as the session fills it and the caller reads it: an async iterable of the DATA
 * payloads, in order. Every octet handed to the reader, or thrown away (cancel, stream failure),
 * is reported through `onRelease`, which is how the session replenishes the flow-control windows:
 * the server can never have more in flight than the reader has left unread plus one window.
 */
import { ByteQueue } from '../../bytes/byte-queue.js';
import type { ResponseBody } from '../session.js';

export interface ResponseBodyHooks {
  /** Octets that left the buffer (read, or discarded): credit them to the receive windows. */
  onRelease(octets: number): void;
  /** The reader gave up before the end (cancel(), or `break` out of `for await`). */
  onCancel(reason: Error): void;
  /** Nothing more will happen to this body: read to its end, failed or cancelled. */
  onDone(): void;
}

type Waiter = { resolve: () => void };

export class H2ResponseBody implements ResponseBody {
  /** DATA payloads received and not yet read, handed out whole as they came. */
  private readonly queue = new ByteQueue();
  private ended = false;
  private failure: Error | undefined;
  private waiter: Waiter | undefined;
  private iterating = false;
  private finished = false;

  constructor(private readonly hooks: ResponseBodyHooks) {}

  /** True once the body ended, failed or was cancelled: nothing more will be pushed. */
  get done(): boolean {
    return this.ended || this.failure !== undefined;
  }

  /** Octets received and not yet read. */
  get bufferedOctets(): number {
    return this.queue.length;
  }

  push(chunk: Uint8Array): void {
    if (this.done) {
      this.hooks.onRelease(chunk.length);
      return;
    }
    if (chunk.length === 0) return;
    this.queue.push(chunk);
    this.wake();
  }

  end(): void {
    if (this.done) return;
    this.ended = true;
    this.wake();
  }

  /** Fails the body: unread octets are dropped (and released), the reader gets `error`. */
  fail(error: Error): void {
    if (this.done) return;
    this.failure = error;
    this.discard();
    this.wake();
    this.finish();
  }

  cancel(reason?: Error): void {
    // Called after every body, ended or not: the error (and its stack) only when it is needed.
    if (this.done) return;
    const error = reason ?? new Error('response body cancelled');
    this.fail(error);
    this.hooks.onCancel(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.iterating) throw new TypeError('a response body can be read only once');
    this.iterating = true;
    return {
      next: () => this.next(),
      return: async () => {
        // `break` out of `for await`: the rest of the body is not wanted.
        if (!this.done) this.cancel(new Error('response body reader stopped early'));
        else {
          this.discard();
          this.finish();
        }
        return { done: true, value: undefined };
      },
    };
  }

  private async next(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      if (this.queue.length > 0) {
        const chunk = this.queue.takeFirst(Infinity);
        this.hooks.onRelease(chunk.length);
        return { done: false, value: chunk };
      }
      if (this.failure) throw this.failure;
      if (this.ended) {
        this.finish();
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => (this.waiter = { resolve }));
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.hooks.onDone();
  }

  private discard(): void {
    const octets = this.queue.length;
    this.queue.clear();
    if (octets) this.hooks.onRelease(octets);
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve();
  }
}

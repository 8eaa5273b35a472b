/**
 * The byte channel a WebSocket session runs on: an HTTP/1.1 connection taken over after its 101,
 * or one HTTP/2 stream (RFC 8441) whose request body carries our frames and whose response body
 * carries the server's.
 */
import type { Duplex } from 'node:stream';
import type { ByteChannel } from '../../websocket/session.js';
import type { ResponseBody } from '../session.js';

export interface Receiver {
  receive(chunk: Uint8Array): void;
  transportClosed(error?: Error): void;
}

/** A whole connection (TCP or TLS), read from the first octet after the 101. */
export function duplexChannel(stream: Duplex, leftover: Uint8Array, receiver: () => Receiver): ByteChannel & { start(): void } {
  let corked = false;
  // A pause can come while the leftovers are read, before the stream flows: start must not undo it.
  let paused = false;
  const uncork = (): void => {
    corked = false;
    stream.uncork();
  };
  return {
    write: (data, done) => {
      if (stream.destroyed || stream.writableEnded) return done(new Error('the connection is closed'));
      // The frames of one turn (a batch of messages from the main thread) leave together: one
      // TLS record and one socket write (the stream's _writev), not one per frame.
      if (!corked) {
        corked = true;
        stream.cork();
        process.nextTick(uncork);
      }
      stream.write(data, done);
    },
    end: () => {
      if (!stream.destroyed && !stream.writableEnded) stream.end();
    },
    destroy: () => stream.destroy(),
    // A paused stream is not read: TLS (socket-reader.ts) and TCP pause the socket under it.
    pause: () => {
      paused = true;
      stream.pause();
    },
    resume: () => {
      paused = false;
      stream.resume();
    },
    start: () => {
      const r = receiver();
      if (leftover.length > 0) r.receive(leftover);
      stream.on('data', (chunk: Buffer) => r.receive(chunk));
      stream.once('end', () => r.transportClosed());
      stream.once('close', () => r.transportClosed());
      stream.once('error', (error: Error) => r.transportClosed(error));
      if (!paused) stream.resume();
    },
  };
}

interface Pending {
  data: Uint8Array;
  done: (error?: Error | null) => void;
}

/**
 * The request body of an extended CONNECT: an async iterable the HTTP/2 session reads as its
 * flow-control windows allow. A write counts as done once the session has taken it.
 */
export class OutgoingFrames implements AsyncIterable<Uint8Array> {
  #queue: Pending[] = [];
  #ended = false;
  #failure: Error | null = null;
  #wake: (() => void) | null = null;

  push(data: Uint8Array, done: (error?: Error | null) => void): void {
    if (this.#ended || this.#failure) return done(new Error('the stream is closed'));
    this.#queue.push({ data, done });
    this.#signal();
  }

  end(): void {
    this.#ended = true;
    this.#signal();
  }

  fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of this.#queue.splice(0)) pending.done(error);
    this.#signal();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      const next = this.#queue.shift();
      if (next !== undefined) {
        next.done();
        yield next.data;
        continue;
      }
      if (this.#failure) return;
      if (this.#ended) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

/** One HTTP/2 stream: `outgoing` is its request body, `body` its response body. */
export function streamChannel(outgoing: OutgoingFrames, body: ResponseBody, receiver: () => Receiver): ByteChannel & { start(): void } {
  let destroyed = false;
  // While paused the body is not pulled: its buffer fills to the stream's receive window, which
  // then stops the server (HTTP/2 flow control).
  let paused = false;
  let wake: (() => void) | null = null;
  const resume = (): void => {
    paused = false;
    const w = wake;
    wake = null;
    w?.();
  };
  return {
    write: (data, done) => outgoing.push(data, done),
    end: () => outgoing.end(),
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      outgoing.fail(new Error('the WebSocket closed'));
      body.cancel();
      resume();
    },
    pause: () => (paused = true),
    resume,
    start: () => {
      const r = receiver();
      void (async () => {
        try {
          for await (const chunk of body) {
            r.receive(chunk);
            while (paused && !destroyed) await new Promise<void>((w) => (wake = w));
          }
          r.transportClosed();
        } catch (error) {
          r.transportClosed(error instanceof Error ? error : new Error(String(error)));
        }
      })();
    },
  };
}

/**
 * One streamed request on the main thread. The worker sends its frames in order on the shard's
 * channel: the head (which resolves the caller's promise), chunks, then `end` or `error`. Until
 * the head the call holds the process alive; after it, only while the reader waits for a chunk.
 */
import { errorFromWire } from '../errors.js';
import { abortError, onAbort } from './abort-signal.js';
import { BodyStream, type StreamBody } from './body-stream.js';
import type { CallContext, PendingCall } from './call-context.js';
import type { CallSink, Channel } from './channel.js';
import { armDeadline } from './deadline.js';
import type { FromWorker, RequestMessage, ResponseMessage } from './messages.js';
import type { Shard } from './shard.js';
import { startCall, type Upload } from './wire-request.js';

export interface StreamedResponse {
  /** The head; its `body` is null. */
  response: ResponseMessage;
  body: StreamBody;
}

export function streamCall(shard: Shard, request: RequestMessage, key: string, context: CallContext): Promise<StreamedResponse> {
  return new Promise<StreamedResponse>((resolve, reject) => {
    new StreamCall(shard, request, key, context, resolve, reject);
  });
}

class StreamCall implements CallSink, PendingCall {
  readonly #context: CallContext;
  readonly #resolve: (streamed: StreamedResponse) => void;
  readonly #reject: (error: Error) => void;
  readonly #channel: Channel;
  readonly #id: number;
  readonly #body: BodyStream;
  readonly #upload: Upload | null;
  readonly #unlisten: () => void;
  readonly #disarmHead: () => void;
  #headArrived = false;
  /** Whether this call currently holds the process alive (see Channel.hold). */
  #holding = true;
  #done = false;

  constructor(
    shard: Shard,
    request: RequestMessage,
    key: string,
    context: CallContext,
    resolve: (streamed: StreamedResponse) => void,
    reject: (error: Error) => void,
  ) {
    this.#context = context;
    this.#resolve = resolve;
    this.#reject = reject;
    const { channel, id, upload } = startCall(shard, this, request, key, true, context);
    this.#channel = channel;
    this.#id = id;
    this.#upload = upload;
    this.#body = new BodyStream({
      consumed: () => channel.send({ t: 'pull', id }),
      cancelled: () => this.#finish(true, 'aborted'),
      stallMs: request.timeout > 0 ? request.timeout + context.graceMs : 0,
      stalled: () => this.#finish(false, 'timeout'),
      waiting: (on) => this.#hold(on),
    });
    this.#disarmHead = armDeadline(request.timeout, context.graceMs, {
      nudge: () => channel.send({ t: 'abort', id, reason: 'timeout' }),
      expire: (error) => this.#fail(error, 'timeout'),
    });
    this.#unlisten = onAbort(context.signal, () => this.#fail(abortError(context.signal!), 'aborted'));
  }

  receive(frame: FromWorker): void {
    switch (frame.t) {
      case 'response':
        this.#headArrived = true;
        // Past the head the reader sets the pace; the body's stall timer takes over, and only a
        // waiting reader holds the process.
        this.#disarmHead();
        this.#hold(false);
        this.#resolve({ response: frame.response, body: this.#body });
        return;
      case 'chunk':
        this.#body.push(frame.data);
        return;
      case 'end':
        this.#body.end();
        this.#finish(true, null);
        return;
      case 'error':
        this.#fail(errorFromWire(frame.error), null);
        return;
      case 'body-pull':
        this.#upload?.pulled();
        return;
      case 'done':
        return;
    }
  }

  lost(error: Error): void {
    this.#fail(error, null);
  }

  fail(error: Error): void {
    this.#fail(error, 'aborted');
  }

  #fail(error: Error, abortWorker: 'aborted' | 'timeout' | null): void {
    if (this.#done) return;
    // The worker's own error (no abort to send) follows the chunks it sent before it.
    if (this.#headArrived) this.#body.fail(error, abortWorker === null);
    else this.#reject(error);
    this.#finish(false, abortWorker);
  }

  /** The one way out: stop everything, tell the worker if it is still working, count it. */
  #finish(ok: boolean, abortWorker: 'aborted' | 'timeout' | null): void {
    if (this.#done) return;
    this.#done = true;
    this.#unlisten();
    this.#disarmHead();
    this.#upload?.stop();
    this.#context.pending.delete(this);
    this.#context.settled(ok);
    if (abortWorker !== null) this.#channel.send({ t: 'abort', id: this.#id, reason: abortWorker });
    this.#hold(false);
    this.#channel.finish(this.#id);
  }

  #hold(on: boolean): void {
    if (on === this.#holding || (on && this.#done)) return;
    this.#holding = on;
    if (on) this.#channel.hold();
    else this.#channel.unhold();
  }
}

/**
 * One buffered request on the main thread: a frame on its shard's channel, then settled exactly
 * once by whichever comes first: the worker's answer, the caller's abort, the main-side deadline,
 * the worker's death, the pool closing.
 */
import { errorFromWire } from '../errors.js';
import { abortError, onAbort } from './abort-signal.js';
import type { CallContext, PendingCall } from './call-context.js';
import type { CallSink, Channel } from './channel.js';
import { armDeadline } from './deadline.js';
import type { FromWorker, RequestMessage, ResponseMessage } from './messages.js';
import type { Shard } from './shard.js';
import { startCall, type Upload } from './wire-request.js';

export function bufferedCall(shard: Shard, request: RequestMessage, key: string, context: CallContext): Promise<ResponseMessage> {
  return new Promise<ResponseMessage>((resolve, reject) => {
    new BufferedCall(shard, request, key, context, resolve, reject);
  });
}

class BufferedCall implements CallSink, PendingCall {
  readonly #context: CallContext;
  readonly #resolve: (response: ResponseMessage) => void;
  readonly #reject: (error: Error) => void;
  readonly #channel: Channel;
  readonly #id: number;
  readonly #unlisten: () => void;
  readonly #disarm: () => void;
  readonly #upload: Upload | null;
  #done = false;

  constructor(
    shard: Shard,
    request: RequestMessage,
    key: string,
    context: CallContext,
    resolve: (response: ResponseMessage) => void,
    reject: (error: Error) => void,
  ) {
    this.#context = context;
    this.#resolve = resolve;
    this.#reject = reject;
    // A buffered caller reads no stream: a worker streaming to it would stall on credit.
    const { channel, id, upload } = startCall(shard, this, request, key, false, context);
    this.#channel = channel;
    this.#id = id;
    this.#upload = upload;
    this.#unlisten = onAbort(context.signal, () => {
      channel.send({ t: 'abort', id, reason: 'aborted' });
      this.fail(abortError(context.signal!));
    });
    this.#disarm = armDeadline(request.timeout, context.graceMs, {
      nudge: () => channel.send({ t: 'abort', id, reason: 'timeout' }),
      expire: (error) => this.fail(error),
    });
  }

  receive(frame: FromWorker): void {
    switch (frame.t) {
      case 'response':
        this.#finish(true);
        this.#resolve(frame.response);
        return;
      case 'error':
        this.#finish(false);
        this.#reject(errorFromWire(frame.error));
        return;
      case 'body-pull':
        this.#upload?.pulled();
        return;
      default:
        return; // a buffered call gets no stream frames
    }
  }

  lost(error: Error): void {
    this.fail(error);
  }

  /** Settles with `error` now; the worker, if still working on it, was told (abort) or is gone. */
  fail(error: Error): void {
    if (this.#done) return;
    this.#finish(false);
    this.#reject(error);
  }

  #finish(ok: boolean): void {
    if (this.#done) return;
    this.#done = true;
    this.#unlisten();
    this.#disarm();
    this.#upload?.stop();
    this.#context.pending.delete(this);
    this.#context.settled(ok);
    // Once the worker answered, or was told to abort, nothing more for this id matters.
    this.#channel.finish(this.#id);
    this.#channel.unhold();
  }
}

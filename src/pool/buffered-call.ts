/**
 * One buffered request on the main thread: dispatch to its shard, then settle exactly once with
 * whichever comes first (the worker's result, the caller's abort, the main-side deadline, the
 * pool closing). The port stays open until the worker is done, so an abort always reaches it.
 */
import { AbortError, errorFromWire } from '../errors.js';
import { onAbort } from './abort-signal.js';
import type { CallContext, PendingCall } from './call-context.js';
import { armDeadline } from './deadline.js';
import type { RequestMessage, ResponseMessage } from './messages.js';
import { prepareTask } from './request-port.js';
import type { Shard } from './shard.js';

export function bufferedCall(shard: Shard, request: RequestMessage, context: CallContext): Promise<ResponseMessage> {
  if (context.signal?.aborted) {
    context.settled(false);
    return Promise.reject(new AbortError('request aborted'));
  }
  return new Promise<ResponseMessage>((resolve, reject) => {
    // A buffered caller reads no stream: a worker streaming to it would stall on credit.
    const { task, transferList, port } = prepareTask({ ...request, stream: false });
    const cleanups: (() => void)[] = [];
    let done = false;
    const finish = (ok: boolean, settle: () => void): void => {
      if (done) return;
      done = true;
      for (const cleanup of cleanups) cleanup();
      context.pending.delete(call);
      context.settled(ok);
      settle();
    };
    const fail = (error: Error): void => finish(false, () => reject(error));
    const call: PendingCall = { fail };
    context.pending.add(call);

    cleanups.push(
      onAbort(context.signal, () => {
        port.send({ type: 'abort', reason: 'aborted' });
        fail(new AbortError('request aborted'));
      }),
      armDeadline(request.timeout, context.graceMs, {
        nudge: () => port.send({ type: 'abort', reason: 'timeout' }),
        expire: fail,
      }),
    );

    shard
      .run(task, transferList)
      .then(
        (result) => (result.ok ? finish(true, () => resolve(result.response)) : fail(errorFromWire(result.error))),
        fail,
      )
      .finally(() => port.close());
  });
}

/**
 * One streamed request on the main thread. The worker sends everything on the request's port,
 * in order: the head (which resolves the caller's promise), chunks, then `end` or `error`.
 * piscina's task stays open for the whole stream, so a thread that dies mid-body is reported
 * here like any other crash, and piscina keeps the thread alive (and busy) while it streams.
 */
import { AbortError, PoolError, errorFromWire } from '../errors.js';
import { onAbort } from './abort-signal.js';
import { BodyStream, type StreamBody } from './body-stream.js';
import type { CallContext, PendingCall } from './call-context.js';
import { armDeadline } from './deadline.js';
import type { RequestMessage, ResponseMessage, StreamMessage } from './messages.js';
import { prepareTask } from './request-port.js';
import type { Shard } from './shard.js';

export interface StreamedResponse {
  /** The head; its `body` is null. */
  response: ResponseMessage;
  body: StreamBody;
}

export function streamCall(shard: Shard, request: RequestMessage, context: CallContext): Promise<StreamedResponse> {
  if (context.signal?.aborted) {
    context.settled(false);
    return Promise.reject(new AbortError('request aborted'));
  }
  return new Promise<StreamedResponse>((resolve, reject) => {
    const { task, transferList, port } = prepareTask({ ...request, stream: true });
    const cleanups: (() => void)[] = [];
    let headArrived = false;
    let done = false;

    /** The one way out: stop everything, tell the worker if it is still working, count it. */
    const finish = (ok: boolean, abortWorker: 'aborted' | 'timeout' | null): void => {
      if (done) return;
      done = true;
      for (const cleanup of cleanups) cleanup();
      context.pending.delete(call);
      context.settled(ok);
      if (abortWorker !== null) port.send({ type: 'abort', reason: abortWorker });
      port.close();
    };
    const fail = (error: Error, abortWorker: 'aborted' | 'timeout' | null = 'aborted'): void => {
      if (done) return;
      if (headArrived) body.fail(error);
      else reject(error);
      finish(false, abortWorker);
    };
    const call: PendingCall = { fail: (error) => fail(error) };
    context.pending.add(call);

    const body = new BodyStream({
      consumed: () => port.send({ type: 'pull' }),
      cancelled: () => finish(true, 'aborted'),
      stallMs: request.timeout > 0 ? request.timeout + context.graceMs : 0,
      stalled: () => finish(false, 'timeout'),
    });

    const disarmHeadDeadline = armDeadline(request.timeout, context.graceMs, {
      nudge: () => port.send({ type: 'abort', reason: 'timeout' }),
      expire: (error) => fail(error, 'timeout'),
    });
    cleanups.push(
      disarmHeadDeadline,
      onAbort(context.signal, () => fail(new AbortError('request aborted'))),
    );

    port.port.on('message', (message: StreamMessage) => {
      switch (message.type) {
        case 'response':
          headArrived = true;
          // Past the head the reader sets the pace; the body's stall timer takes over.
          disarmHeadDeadline();
          resolve({ response: message.response, body });
          return;
        case 'chunk':
          body.push(message.data);
          return;
        case 'end':
          body.end();
          finish(true, null);
          return;
        case 'error':
          fail(errorFromWire(message.error), null);
          return;
        case 'body-pull':
          return; // the request body's upload listens for its own
      }
    });

    const running = shard.run(task, transferList);
    running.catch((error: Error) => fail(error, null));
    // The worker closes its end after its last message, and 'close' follows every queued
    // message: a port closed with no `end` or `error` means the stream was cut short.
    port.port.on('close', () => {
      if (!done) running.then(() => fail(new PoolError('the worker closed the stream before its end'), null), () => {});
    });
  });
}

/**
 * What a worker does with one WorkerTask: listen on the request's port for control messages,
 * call the handler, and hand back a WorkerResult with any error encoded for the hop (structured
 * clone would turn a TLSError into a plain Error) and the response body moved, not copied.
 */
import { Piscina } from 'piscina';
import { AbortError, TimeoutError, errorToWire } from '../errors.js';
import { BodyReceiver } from './body-upload.js';
import { CreditGate } from './credit.js';
import type { HandlerOptions, RequestHandler } from './handler.js';
import { getProfile } from '../profiles/registry.js';
import type { ControlMessage, RequestMessage, WorkerResult, WorkerTask } from './messages.js';
import { StreamSender } from './stream-sender.js';
import { ownedBytes, transferListFor } from './transfer.js';

/** What piscina receives from a task: a WorkerResult, possibly wrapped so its body is transferred. */
export type TaskOutput = WorkerResult | ReturnType<typeof Piscina.move>;

/** A worker entry's default export: `export default createTaskRunner(performRequest)`. */
export function createTaskRunner(handler: RequestHandler): (task: WorkerTask) => Promise<TaskOutput> {
  return async function runTask({ request: wire, port }: WorkerTask): Promise<TaskOutput> {
    const { streamedBody, ...rest } = wire;
    const receiver = streamedBody === true ? new BodyReceiver(port) : null;
    const request: RequestMessage = { ...rest, profile: typeof rest.profile === 'string' ? getProfile(rest.profile) : rest.profile };
    if (receiver !== null) {
      request.body = null;
      request.bodyStream = receiver;
    }
    const controller = new AbortController();
    const credit = new CreditGate();
    const sender = request.stream ? new StreamSender(port, credit) : null;
    port.on('message', (message: ControlMessage) => {
      if (message.type === 'pull') credit.grant();
      else if (message.type === 'abort') {
        if (controller.signal.aborted) return;
        const reason = abortReason(message.reason, request);
        controller.abort(reason);
        credit.fail(reason);
        receiver?.fail(reason);
      } else receiver?.receive(message);
    });
    try {
      controller.signal.throwIfAborted();
      const options: HandlerOptions = { signal: controller.signal };
      if (sender !== null) {
        options.onHeaders = (head) => sender.head(head);
        options.onChunk = (chunk) => sender.chunk(chunk);
      }
      const response = await handler(request, options);
      if (sender !== null) {
        sender.end(response);
        return { ok: true, response: { ...response, body: null } };
      }
      return moveBody({ ok: true, response });
    } catch (caught) {
      // Once aborted, the abort is the story, whatever the handler threw while unwinding; a
      // handler's own TimeoutError is kept because it names the phase that ran out.
      const error = controller.signal.aborted && !(caught instanceof TimeoutError) ? controller.signal.reason : caught;
      const wire = errorToWire(error);
      sender?.fail(wire);
      return { ok: false, error: wire };
    } finally {
      // Everything for this request has been posted; close() still delivers it, and frees both ends.
      port.close();
    }
  };
}

function abortReason(reason: 'aborted' | 'timeout', request: RequestMessage): Error {
  return reason === 'timeout'
    ? new TimeoutError(`request timed out after ${request.timeout} ms`, 'total', request.timeout)
    : new AbortError('request aborted');
}

/** Wraps a buffered result so piscina transfers its body's ArrayBuffer instead of cloning it. */
function moveBody(result: WorkerResult & { ok: true }): TaskOutput {
  const { body } = result.response;
  if (body === null || body.byteLength === 0) return result;
  const owned = ownedBytes(body);
  const value: WorkerResult = { ok: true, response: { ...result.response, body: owned } };
  // piscina's Transferable protocol: its symbols are typed `symbol`, hence the cast.
  const movable = { [Piscina.transferableSymbol]: transferListFor(owned), [Piscina.valueSymbol]: value };
  return Piscina.move(movable as unknown as Parameters<typeof Piscina.move>[0]);
}

/**
 * The worker's side of the pool: a piscina task brings a channel (one per busy period, see
 * shard.ts), and every request of the period arrives on it as a frame. Each request runs through
 * the handler with its own abort signal; its answer goes back as frames, errors encoded for the
 * hop (structured clone would turn a TLSError into a plain Error) and bodies moved, not copied.
 */
import type { MessagePort } from 'node:worker_threads';
import { AbortError, HTTPError, TimeoutError, errorToWire } from '../errors.js';
import { BodyReceiver, type BodyFrame } from './body-upload.js';
import { CreditGate } from './credit.js';
import { FrameBatch } from './frame-batch.js';
import { fromWire } from './from-wire.js';
import type { HandlerOptions, RequestHandler, ScopeCloser } from './handler.js';
import type { ChannelTask, FromWorker, RequestMessage, ToWorker, WireRequest } from './messages.js';
import { WorkerSockets, type SocketOpener } from './socket-worker.js';
import { StreamSender } from './stream-sender.js';
import { ownedBytes, transferListFor } from './transfer.js';

/** With this many requests still running, a turn's answers wait one more turn for company. */
const LINGER_IN_FLIGHT = 16;

export interface TaskRunnerOptions {
  /** Closes every connection of a scope (a client) in this thread. */
  closeScope?: ScopeCloser;
  /** Opens a WebSocket (src/http/websocket/open.ts); without it `ws-open` fails. */
  openWebSocket?: SocketOpener;
}

/** A worker entry's default export: `export default createTaskRunner(performRequest, { closeScope })`. */
export function createTaskRunner(handler: RequestHandler, options: TaskRunnerOptions = {}): (task: ChannelTask) => Promise<void> {
  return ({ port }: ChannelTask) => new WorkerChannel(port, handler, options).served;
}

/** One request the worker is working on. */
interface Job {
  controller: AbortController;
  request: RequestMessage;
  credit: CreditGate | null;
  receiver: BodyReceiver | null;
}

class WorkerChannel {
  /** Resolves at `release` (or when the main thread closed its end): the piscina task is done. */
  readonly served: Promise<void>;
  readonly #port: MessagePort;
  readonly #handler: RequestHandler;
  readonly #options: TaskRunnerOptions;
  readonly #jobs = new Map<number, Job>();
  readonly #batch = new FrameBatch<FromWorker>(
    (frames, transfer) => this.#post(frames, transfer),
    () => this.#jobs.size >= LINGER_IN_FLIGHT,
  );
  #closed = false;
  #release: () => void = () => {};
  readonly #sockets: WorkerSockets;

  constructor(port: MessagePort, handler: RequestHandler, options: TaskRunnerOptions) {
    this.#port = port;
    this.#handler = handler;
    this.#options = options;
    this.served = new Promise<void>((resolve) => (this.#release = resolve));
    const opener: SocketOpener = options.openWebSocket ?? (() => Promise.reject(new HTTPError('this worker cannot open WebSockets')));
    this.#sockets = new WorkerSockets(opener, (frame, transfer) => this.#send(frame, transfer));
    port.on('message', (batch: ToWorker[]) => {
      for (const frame of batch) this.#receive(frame);
    });
    // The main thread closed its end (all its calls are over): whatever is still running here
    // has no one to answer to.
    port.on('close', () => {
      this.#closed = true;
      for (const job of this.#jobs.values()) this.#abort(job, 'aborted');
      this.#sockets.abortAll(new AbortError('the caller went away'));
      this.#release();
    });
  }

  #receive(frame: ToWorker): void {
    switch (frame.t) {
      case 'request':
        void this.#run(frame.id, frame.request);
        return;
      case 'abort': {
        const job = this.#jobs.get(frame.id);
        if (job !== undefined) this.#abort(job, frame.reason);
        else this.#sockets.abort(frame.id, frame.reason === 'timeout' ? new TimeoutError('WebSocket opening timed out', 'total', 0) : new AbortError('WebSocket aborted'));
        return;
      }
      case 'pull':
        this.#jobs.get(frame.id)?.credit?.grant();
        return;
      case 'body-chunk':
      case 'body-end':
      case 'body-error':
        this.#jobs.get(frame.id)?.receiver?.receive(frame satisfies BodyFrame);
        return;
      case 'close-scope':
        void this.#closeScope(frame.id, frame.scope);
        return;
      case 'ws-open': {
        void this.#sockets.open(frame.id, fromWire(frame.request), frame.options);
        return;
      }
      case 'ws-send':
        this.#sockets.send(frame.id, frame.data);
        return;
      case 'ws-close':
        this.#sockets.close(frame.id, frame.code, frame.reason);
        return;
      case 'ws-credit':
        this.#sockets.credit(frame.id, frame.messages, frame.octets);
        return;
      case 'release':
        this.#release();
        return;
    }
  }

  async #run(id: number, wire: WireRequest): Promise<void> {
    const request = fromWire(wire);
    const receiver = wire.streamedBody ? new BodyReceiver(() => this.#send({ t: 'body-pull', id })) : null;
    if (receiver !== null) {
      request.body = null;
      request.bodyStream = receiver;
    }
    const controller = new AbortController();
    const credit = request.stream ? new CreditGate() : null;
    const job: Job = { controller, request, credit, receiver };
    this.#jobs.set(id, job);
    const sender = credit !== null ? new StreamSender((frame, transfer) => this.#send(frame, transfer), id, credit) : null;
    try {
      const options: HandlerOptions = { signal: controller.signal, controller };
      if (sender !== null) {
        options.onHeaders = (head) => sender.head(head);
        options.onChunk = (chunk) => sender.chunk(chunk);
      }
      const response = await this.#handler(request, options);
      if (sender !== null) sender.end(response);
      else {
        const body = response.body === null || response.body.byteLength === 0 ? response.body : ownedBytes(response.body);
        this.#send({ t: 'response', id, response: body === response.body ? response : { ...response, body } }, transferListFor(body));
      }
    } catch (caught) {
      // Once aborted, the abort is the story, whatever the handler threw while unwinding; a
      // handler's own TimeoutError is kept because it names the phase that ran out.
      const error = controller.signal.aborted && !(caught instanceof TimeoutError) ? (controller.signal.reason as unknown) : caught;
      const wireError = errorToWire(error);
      if (sender !== null) sender.fail(wireError);
      else this.#send({ t: 'error', id, error: wireError });
    } finally {
      this.#jobs.delete(id);
    }
  }

  #abort(job: Job, reason: 'aborted' | 'timeout'): void {
    if (job.controller.signal.aborted) return;
    const error =
      reason === 'timeout'
        ? new TimeoutError(`request timed out after ${job.request.timeout} ms`, 'total', job.request.timeout)
        : new AbortError('request aborted');
    job.controller.abort(error);
    job.credit?.fail(error);
    job.receiver?.fail(error);
  }

  async #closeScope(id: number, scope: string): Promise<void> {
    try {
      await this.#options.closeScope?.(scope);
    } finally {
      this.#send({ t: 'done', id });
    }
  }

  #send(frame: FromWorker, transfer?: readonly ArrayBuffer[]): void {
    if (!this.#closed) this.#batch.push(frame, transfer);
  }

  #post(frames: FromWorker[], transfer: ArrayBuffer[]): void {
    if (this.#closed) return;
    try {
      this.#port.postMessage(frames, transfer);
    } catch {
      // Only a closed port refuses: the main thread stopped listening.
    }
  }
}

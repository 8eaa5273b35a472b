/**
 * The main thread's end of a request's MessagePort, and the task that carries the other end.
 * Cancellation travels here, never through piscina's `signal`, which would terminate the thread
 * and every other request it serves.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { ControlMessage, RequestMessage, WorkerTask } from './messages.js';
import { findProfile } from '../profiles/registry.js';
import { ownedBytes, transferListFor } from './transfer.js';

export interface PreparedTask {
  task: WorkerTask;
  /** The worker's port and the request body's ArrayBuffer: moved to the worker, not copied. */
  transferList: (ArrayBuffer | MessagePort)[];
  port: RequestPort;
}

export function prepareTask(request: RequestMessage): PreparedTask {
  const { port1, port2 } = new MessageChannel();
  // The caller hands the body over: when it owns its whole ArrayBuffer, that buffer is detached.
  const body = request.body === null ? null : ownedBytes(request.body);
  return {
    task: { request: { ...request, body, profile: findProfile(request.profile.id) === request.profile ? request.profile.id : request.profile }, port: port2 },
    transferList: [port2, ...transferListFor(body)],
    port: new RequestPort(port1),
  };
}

export class RequestPort {
  readonly #port: MessagePort;
  #closed = false;

  constructor(port: MessagePort) {
    this.#port = port;
  }

  /** For streamed responses: the worker's messages arrive here. */
  get port(): MessagePort {
    return this.#port;
  }

  send(message: ControlMessage): void {
    if (!this.#closed) this.#port.postMessage(message);
  }

  /** Already-posted messages are still delivered; an open port with a listener keeps the process alive. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.close();
  }
}

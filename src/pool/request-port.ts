/**
 * The main thread's end of a request's MessagePort, and the task that carries the other end.
 * Cancellation travels here, never through piscina's `signal`, which would terminate the thread
 * and every other request it serves.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { BodyUpload } from './body-upload.js';
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
  // A streamed body follows on the port, chunk by chunk, as the worker takes them.
  const { bodyStream, ...rest } = request;
  const source = bodyStream ?? null;
  // The caller hands the body over: when it owns its whole ArrayBuffer, that buffer is detached.
  const body = source === null && request.body !== null ? ownedBytes(request.body) : null;
  const profile = findProfile(request.profile.id) === request.profile ? request.profile.id : request.profile;
  return {
    task: { request: { ...rest, body, ...(source !== null ? { streamedBody: true } : {}), profile }, port: port2 },
    transferList: [port2, ...transferListFor(body)],
    port: new RequestPort(port1, source),
  };
}

export class RequestPort {
  readonly #port: MessagePort;
  readonly #upload: BodyUpload | null;
  #closed = false;

  constructor(port: MessagePort, body: AsyncIterable<Uint8Array> | null = null) {
    this.#port = port;
    this.#upload = body === null ? null : new BodyUpload(port, body);
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
    this.#upload?.stop();
    this.#port.close();
  }
}

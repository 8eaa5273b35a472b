/**
 * The main thread's end of one channel to a worker: every request of a busy period travels on it,
 * multiplexed by id, and the frames of one event-loop turn leave in one postMessage (in each
 * direction), so a request costs what a message costs rather than a MessageChannel and a piscina
 * task of its own.
 *
 * The channel keeps the process alive only while something is owed to a caller (a buffered
 * request, a stream before its head, a reader waiting for a chunk): an abandoned stream or an idle
 * worker never pins a script.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { PoolError } from '../errors.js';
import { FrameBatch } from './frame-batch.js';
import type { FromWorker, ToWorker } from './messages.js';

/** What a call on the main thread does with the frames addressed to it. */
export interface CallSink {
  receive(frame: FromWorker): void;
  /** The worker is gone (it crashed, or was terminated): the call settles with `error`. */
  lost(error: Error): void;
}

export interface ChannelHooks {
  /** Nothing on the channel holds the process any more. */
  idle(channel: Channel): void;
  /** The port closed: this side closed it (`here`), or the worker thread is gone. */
  closed(channel: Channel, here: boolean): void;
}

export class Channel {
  /** The worker's end, carried by the channel's piscina task. */
  readonly workerPort: MessagePort;
  readonly #port: MessagePort;
  readonly #calls = new Map<number, CallSink>();
  readonly #hooks: ChannelHooks;
  #nextId = 1;
  readonly #batch = new FrameBatch<ToWorker>((frames, transfer) => this.#post(frames, transfer));
  /** Calls that keep the process alive right now. */
  #held = 0;
  #released = false;
  #closed = false;

  /** Whether the piscina task that carried this channel is still running. */
  taskRunning = true;
  /** Which thread of its shard serves it (a shard's thread is replaced after a crash). */
  generation = 0;
  #closedHere = false;

  constructor(hooks: ChannelHooks) {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.workerPort = port2;
    this.#hooks = hooks;
    port1.on('message', (batch: FromWorker[]) => this.#deliver(batch));
    // 'close' follows every message already queued: the worker thread exited (a crash, or
    // terminate()) or the channel was closed here.
    port1.on('close', () => {
      this.#closed = true;
      this.#released = true;
      hooks.closed(this, this.#closedHere);
    });
    port1.unref();
  }

  /** Calls on this channel not yet finished. */
  get size(): number {
    return this.#calls.size;
  }

  get held(): number {
    return this.#held;
  }

  /** Released channels take no new calls; they serve their open ones (streams) to the end. */
  get released(): boolean {
    return this.#released;
  }

  /** Registers a call; it holds the process until `unhold()`. */
  open(sink: CallSink): number {
    const id = this.#nextId++;
    this.#calls.set(id, sink);
    this.hold();
    return id;
  }

  /** The call will get no more frames: forget it. */
  finish(id: number): void {
    if (!this.#calls.delete(id)) return;
    if (this.#released && this.#calls.size === 0) this.#close();
  }

  send(frame: ToWorker, transfer?: readonly ArrayBuffer[]): void {
    if (!this.#closed) this.#batch.push(frame, transfer);
  }

  hold(): void {
    if (this.#held++ === 0) this.#port.ref();
  }

  unhold(): void {
    if (--this.#held > 0) return;
    this.#port.unref();
    this.#hooks.idle(this);
  }

  /** Ends the busy period: the worker's task resolves; calls still open finish on this channel. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.send({ t: 'release', id: 0 });
    if (this.#calls.size === 0) this.#close();
  }

  /** The worker is gone: every open call fails with `error`. */
  lose(error: Error): void {
    this.#released = true;
    if (this.#calls.size === 0 && this.#closed) return;
    const sinks = [...this.#calls.values()];
    this.#calls.clear();
    this.#close();
    for (const sink of sinks) sink.lost(error);
  }

  #post(batch: ToWorker[], transfer: ArrayBuffer[]): void {
    if (this.#closed) return;
    try {
      this.#port.postMessage(batch, transfer);
    } catch (error) {
      // One frame could not be cloned (a custom profile holding a function, say): send the
      // others one by one, so only the frame at fault fails.
      this.#sendOneByOne(batch, transfer, error);
    }
  }

  #sendOneByOne(batch: ToWorker[], transfer: ArrayBuffer[], first: unknown): void {
    for (const frame of batch) {
      const data = 'data' in frame && typeof frame.data !== 'string' ? frame.data : null;
      const own = data !== null && data.byteLength > 0 ? transfer.filter((buffer) => buffer === data.buffer) : [];
      const body = frame.t === 'request' && frame.request.body !== null ? transfer.filter((buffer) => buffer === frame.request.body!.buffer) : [];
      try {
        this.#port.postMessage([frame], [...own, ...body]);
      } catch (error) {
        const sink = this.#calls.get(frame.id);
        if (sink === undefined) continue;
        const cause = error instanceof Error ? error : first;
        const reason = cause instanceof Error ? cause.message : String(cause);
        sink.lost(new PoolError(`request could not be sent to the worker: ${reason}`, { cause }));
      }
    }
  }

  #deliver(batch: FromWorker[]): void {
    for (const frame of batch) this.#calls.get(frame.id)?.receive(frame);
  }

  #close(): void {
    if (this.#closed) return;
    // Frames still queued (a release, an abort) go out first.
    if (this.#batch.pending > 0) this.#batch.flush();
    this.#closed = true;
    this.#closedHere = true;
    this.#port.close();
  }
}

/**
 * One WebSocket on the main thread: its opening (which resolves the caller's promise), then a
 * link whose sends are one frame each on the shard's channel, batched with everything else the
 * turn sends. An open socket keeps the process alive, as any socket does, until it closes.
 */
import { HTTPError, errorFromWire } from '../errors.js';
import { abortError, onAbort } from './abort-signal.js';
import type { CallContext, PendingCall } from './call-context.js';
import type { CallSink, Channel } from './channel.js';
import { armDeadline } from './deadline.js';
import type { FromWorker, RequestMessage, WebSocketOpenInfo, WebSocketOpenOptions } from './messages.js';
import type { Shard } from './shard.js';
import { messageWeight } from './socket-window.js';
import { transferListFor } from './transfer.js';
import { toWire } from './wire-request.js';

export interface SocketEvents {
  message(data: Uint8Array | string): void;
  /** Payload octets of our messages that left the worker's socket. */
  drained(octets: number): void;
  closed(code: number, reason: string, wasClean: boolean, error: HTTPError | null): void;
}

export interface SocketLink {
  readonly info: WebSocketOpenInfo;
  /** Who hears the socket; what arrived before (in the opening's batch) is delivered now. */
  listen(events: SocketEvents): void;
  /**
   * A string goes as a text message, bytes as binary: copied (the caller keeps its buffer) unless
   * `owned` says nobody else holds them.
   */
  send(data: Uint8Array | string, owned?: boolean): void;
  /** The caller consumed a message it was given: the worker may read that much more (socket-window.ts). */
  consumed(data: Uint8Array | string): void;
  close(code: number | null, reason: string): void;
  /** Drops the socket without a close handshake (the close event follows, 1006). */
  abort(): void;
}

export function openSocket(shard: Shard, request: RequestMessage, key: string, options: WebSocketOpenOptions, context: CallContext): Promise<SocketLink> {
  return new Promise((resolve, reject) => new SocketCall(shard, request, key, options, context, resolve, reject));
}

type Early = { t: 'message'; data: Uint8Array | string } | { t: 'drained'; octets: number } | { t: 'closed'; frame: Extract<FromWorker, { t: 'ws-closed' }> };

class SocketCall implements CallSink, PendingCall, SocketLink {
  info!: WebSocketOpenInfo;
  readonly #context: CallContext;
  readonly #resolve: (link: SocketLink) => void;
  readonly #reject: (error: Error) => void;
  readonly #channel: Channel;
  readonly #id: number;
  readonly #disarm: () => void;
  readonly #unlisten: () => void;
  #events: SocketEvents | null = null;
  #early: Early[] = [];
  #opened = false;
  #done = false;
  /** Credit consumed this microtask, sent as one `ws-credit`. */
  #creditMessages = 0;
  #creditOctets = 0;

  constructor(
    shard: Shard,
    request: RequestMessage,
    key: string,
    options: WebSocketOpenOptions,
    context: CallContext,
    resolve: (link: SocketLink) => void,
    reject: (error: Error) => void,
  ) {
    this.#context = context;
    this.#resolve = resolve;
    this.#reject = reject;
    const { channel, id } = shard.open(this);
    this.#channel = channel;
    this.#id = id;
    context.pending.add(this);
    const { request: wire, transfer } = toWire({ ...request, body: null, bodyStream: null }, key, false, channel, id);
    channel.send({ t: 'ws-open', id, request: wire, options }, transfer);
    this.#disarm = armDeadline(request.timeout, context.graceMs, {
      nudge: () => channel.send({ t: 'abort', id, reason: 'timeout' }),
      expire: (error) => this.#failOpening(error, true),
    });
    this.#unlisten = onAbort(context.signal, () => this.#failOpening(abortError(context.signal!), true));
  }

  receive(frame: FromWorker): void {
    switch (frame.t) {
      case 'ws-open':
        this.info = frame.info;
        this.#opened = true;
        this.#disarm();
        this.#unlisten();
        this.#resolve(this);
        return;
      case 'error':
        this.#failOpening(errorFromWire(frame.error), false);
        return;
      case 'ws-message':
        this.#emit({ t: 'message', data: frame.data });
        return;
      case 'ws-drained':
        this.#emit({ t: 'drained', octets: frame.octets });
        return;
      case 'ws-closed':
        this.#emit({ t: 'closed', frame });
        this.#finish(frame.wasClean);
        return;
      default:
        return;
    }
  }

  lost(error: Error): void {
    if (!this.#opened) return this.#failOpening(error, false);
    const wire = error instanceof HTTPError ? error : new HTTPError(error.message, { cause: error });
    this.#emit({ t: 'closed', frame: { t: 'ws-closed', id: this.#id, code: 1006, reason: '', wasClean: false, error: { name: wire.name, message: wire.message, fields: {} } } });
    this.#finish(false);
  }

  /** The pool is closing. */
  fail(error: Error): void {
    if (!this.#opened) return this.#failOpening(error, true);
    this.abort();
  }

  listen(events: SocketEvents): void {
    this.#events = events;
    const early = this.#early;
    this.#early = [];
    for (const event of early) this.#deliver(event);
  }

  send(data: Uint8Array | string, owned = false): void {
    if (this.#done) return;
    if (typeof data === 'string') {
      this.#channel.send({ t: 'ws-send', id: this.#id, data });
      return;
    }
    const copy = owned ? data : new Uint8Array(data);
    this.#channel.send({ t: 'ws-send', id: this.#id, data: copy }, transferListFor(copy));
  }

  consumed(data: Uint8Array | string): void {
    if (this.#done) return;
    // A listener consumes a whole batch in one go: its credit leaves as one frame.
    if (this.#creditMessages++ === 0) queueMicrotask(this.#sendCredit);
    this.#creditOctets += messageWeight(data);
  }

  readonly #sendCredit = (): void => {
    const messages = this.#creditMessages;
    const octets = this.#creditOctets;
    this.#creditMessages = 0;
    this.#creditOctets = 0;
    if (!this.#done) this.#channel.send({ t: 'ws-credit', id: this.#id, messages, octets });
  };

  close(code: number | null, reason: string): void {
    if (!this.#done) this.#channel.send({ t: 'ws-close', id: this.#id, code, reason });
  }

  abort(): void {
    if (!this.#done) this.#channel.send({ t: 'abort', id: this.#id, reason: 'aborted' });
  }

  #emit(event: Early): void {
    if (this.#events === null) this.#early.push(event);
    else this.#deliver(event);
  }

  #deliver(event: Early): void {
    const events = this.#events!;
    if (event.t === 'message') events.message(event.data);
    else if (event.t === 'drained') events.drained(event.octets);
    else {
      const f = event.frame;
      events.closed(f.code, f.reason, f.wasClean, f.error === null ? null : errorFromWire(f.error));
    }
  }

  #failOpening(error: Error, tellWorker: boolean): void {
    if (this.#opened || this.#done) return;
    if (tellWorker) this.#channel.send({ t: 'abort', id: this.#id, reason: 'aborted' });
    this.#reject(error);
    this.#finish(false);
  }

  #finish(ok: boolean): void {
    if (this.#done) return;
    this.#done = true;
    this.#disarm();
    this.#unlisten();
    this.#context.pending.delete(this);
    this.#context.settled(ok);
    this.#channel.unhold();
    this.#channel.finish(this.#id);
  }
}

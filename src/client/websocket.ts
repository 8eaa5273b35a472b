/**
 * The WHATWG WebSocket, spoken by the profile's browser: `new WebSocket(url, { client })` or
 * `await client.websocket(url)`. The socket itself lives in a worker (src/pool/socket-call.ts);
 * this object keeps the WHATWG state machine, events and bufferedAmount (the payload octets handed
 * to send() that have not yet left the worker's socket).
 */
import { WebSocketError, type HTTPError } from '../errors.js';
import type { SocketLink, WebSocketOpenInfo } from '../pool/index.js';
import { ownedBytes } from '../pool/transfer.js';
import { MessageListeners } from './message-listeners.js';
import { CloseEvent } from './websocket-events.js';
import { SendQueue, payloadOctets, toPayload } from './websocket-send.js';

export type BinaryType = 'blob' | 'arraybuffer';

/** How a link is made: AsyncClient.websocket's work, given to the constructor. */
export type SocketDialer = (url: string, protocols: string[]) => Promise<SocketLink>;

type HandlerName = 'open' | 'message' | 'error' | 'close';
/** A message kept for the iterator; `owed` until its window credit went back to the worker. */
interface Queued {
  data: Uint8Array | string;
  owed: boolean;
}
type Listener<E extends Event = Event> = ((this: WebSocket, event: E) => unknown) | null;

export class WebSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;

  readonly url: string;
  binaryType: BinaryType = 'blob';
  #readyState = 0;
  #protocol = '';
  #extensions = '';
  #buffered = 0;
  #link: SocketLink | null = null;
  #sends: SendQueue | null = null;
  #info: WebSocketOpenInfo | null = null;
  /** close() while connecting: the opening is dropped as soon as it is known. */
  #abandoned = false;
  #error: HTTPError | null = null;
  #handlers: Record<HandlerName, Listener> = { open: null, message: null, error: null, close: null };
  readonly #opened: Promise<void>;
  readonly #inbox: Queued[] = [];
  #waiter: (() => void) | null = null;
  /** The `origin` of message events. */
  #origin: string | null = null;

  /**
   * `options.client` is the AsyncClient whose profile, cookies, proxy and connections the socket
   * uses (the usual way is `client.websocket(url)`, which also waits for the opening).
   */
  constructor(url: string | URL, options: { client: { websocketDialer(options?: object): SocketDialer }; protocols?: string | string[] } & Record<string, unknown>) {
    super();
    this.url = String(url);
    const { client, protocols, ...rest } = options;
    const list = protocols === undefined ? [] : Array.isArray(protocols) ? protocols : [protocols];
    this.#opened = client.websocketDialer(rest)(this.url, list).then(
      (link) => this.#onOpen(link),
      (error: unknown) => this.#onFail(error as HTTPError),
    );
  }

  get readyState(): number {
    return this.#readyState;
  }
  get protocol(): string {
    return this.#protocol;
  }
  get extensions(): string {
    return this.#extensions;
  }
  get bufferedAmount(): number {
    return this.#buffered;
  }
  /** The opening's details (HTTP version, the server's headers, TLS), once open. */
  get handshake(): WebSocketOpenInfo | null {
    return this.#info;
  }
  /** Why the socket failed, if it did (the error event carries no detail, as in a browser). */
  get error(): HTTPError | null {
    return this.#error;
  }

  get onopen(): Listener {
    return this.#handlers.open;
  }
  set onopen(fn: Listener) {
    this.#handlers.open = fn;
  }
  get onmessage(): Listener<MessageEvent> {
    return this.#handlers.message as Listener<MessageEvent>;
  }
  set onmessage(fn: Listener<MessageEvent>) {
    this.#handlers.message = fn as Listener;
    if (fn !== null) this.#releaseOwed();
  }
  get onerror(): Listener {
    return this.#handlers.error;
  }
  set onerror(fn: Listener) {
    this.#handlers.error = fn;
  }
  get onclose(): Listener<CloseEvent> {
    return this.#handlers.close as Listener<CloseEvent>;
  }
  set onclose(fn: Listener<CloseEvent>) {
    this.#handlers.close = fn as Listener;
  }

  /**
   * Messages received and waiting for the async iterator. The worker reads the socket only while
   * fewer than a window of them (128 messages or 1 MiB) wait: a slow reader slows the server.
   */
  get queuedMessages(): number {
    return this.#inbox.length;
  }

  /** Resolves once open; rejects with the reason the opening failed. */
  async opened(): Promise<this> {
    await this.#opened;
    if (this.#readyState !== WebSocket.OPEN && this.#error !== null) throw this.#error;
    return this;
  }

  /** A string as text; a Blob, ArrayBuffer, SharedArrayBuffer or view as binary, in call order. */
  send(data: string | Blob | ArrayBufferLike | ArrayBufferView): void {
    if (this.#readyState === WebSocket.CONNECTING) throw new DOMException('the WebSocket is still connecting', 'InvalidStateError');
    const payload = toPayload(data);
    // WHATWG: after close() the octets still count, but nothing is sent.
    this.#buffered += payloadOctets(payload);
    if (this.#readyState === WebSocket.OPEN) this.#sends!.send(payload);
  }

  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999)) {
      throw new DOMException(`close code must be 1000 or 3000-4999, got ${code}`, 'InvalidAccessError');
    }
    if (reason !== undefined && Buffer.byteLength(reason, 'utf8') > 123) throw new DOMException('close reason is longer than 123 octets', 'SyntaxError');
    if (this.#readyState >= WebSocket.CLOSING) return;
    if (this.#readyState === WebSocket.CONNECTING) {
      this.#abandoned = true;
      this.#readyState = WebSocket.CLOSING;
      return;
    }
    this.#readyState = WebSocket.CLOSING;
    this.#sends!.close(code ?? null, reason ?? '');
  }

  /** Every message's data (string, or bytes as Uint8Array) until the socket closes; a failure throws. */
  async *[Symbol.asyncIterator](): AsyncGenerator<string | Uint8Array, void, undefined> {
    this.#iterators++;
    try {
      yield* this.#drain();
    } finally {
      this.#iterators--;
    }
  }

  async *#drain(): AsyncGenerator<string | Uint8Array, void, undefined> {
    for (;;) {
      const next = this.#inbox.shift();
      if (next !== undefined) {
        if (next.owed) this.#link!.consumed(next.data);
        yield next.data;
        continue;
      }
      if (this.#readyState === WebSocket.CLOSED) {
        if (this.#error !== null) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => (this.#waiter = resolve));
    }
  }

  override dispatchEvent(event: Event): boolean {
    const handler = this.#handlers[event.type as HandlerName];
    const result = super.dispatchEvent(event);
    if (typeof handler === 'function') handler.call(this, event);
    return result;
  }

  #onOpen(link: SocketLink): void {
    this.#link = link;
    this.#sends = new SendQueue(link);
    this.#info = link.info;
    if (this.#abandoned) {
      link.listen({ message: () => {}, drained: () => {}, closed: (code, reason, wasClean, error) => this.#onClose(1006, '', false, error) });
      link.abort();
      return;
    }
    this.#protocol = link.info.protocol;
    this.#extensions = link.info.extensions;
    this.#readyState = WebSocket.OPEN;
    this.dispatchEvent(new Event('open'));
    link.listen({
      message: (data) => this.#onMessage(data),
      drained: (octets) => (this.#buffered = Math.max(0, this.#buffered - octets)),
      closed: (code, reason, wasClean, error) => this.#onClose(code, reason, wasClean, error),
    });
  }

  #onMessage(data: Uint8Array | string): void {
    if (this.#readyState !== WebSocket.OPEN && this.#readyState !== WebSocket.CLOSING) return;
    const listened = this.#handlers.message !== null || this.#listeners.size > 0;
    // The iterator's queue: kept while someone iterates, or while nobody listens yet (the
    // messages of the opening's batch arrive before `for await` can start).
    if (this.#iterators > 0 || !listened) {
      this.#inbox.push({ data, owed: !listened });
      this.#wake();
    }
    if (!listened) return;
    // Listeners read synchronously (as in a browser): the window goes back at once.
    this.#link!.consumed(data);
    const value = typeof data === 'string' ? data : this.binaryType === 'arraybuffer' ? ownedBytes(data).buffer : new Blob([data]);
    // Parsed once, at the first message (the URL is known good by then: the socket opened).
    this.#origin ??= new URL(this.url).origin;
    this.dispatchEvent(new MessageEvent('message', { data: value, origin: this.#origin }));
  }

  /** `message` listeners added with addEventListener (and not yet removed or fired once). */
  readonly #listeners = new MessageListeners();
  /** Async iterators running. */
  #iterators = 0;

  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    const [type, listener, options] = args;
    if (type !== 'message' || listener === null) {
      super.addEventListener(...args);
      return;
    }
    const held = this.#listeners.add(listener, options);
    if (held === null) return;
    this.#releaseOwed();
    super.addEventListener(type, held, options);
  }

  /**
   * A listener arrived: messages kept from before (for an iterator that may never come) give
   * their window back, or the worker, a window behind, would never read on for the listener.
   */
  #releaseOwed(): void {
    for (const queued of this.#inbox) {
      if (!queued.owed) continue;
      queued.owed = false;
      this.#link?.consumed(queued.data);
    }
  }

  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    const [type, listener, options] = args;
    if (type !== 'message' || listener === null) {
      super.removeEventListener(...args);
      return;
    }
    const held = this.#listeners.remove(listener, options);
    if (held !== null) super.removeEventListener(type, held, options);
  }

  #onFail(error: HTTPError): void {
    this.#onClose(1006, '', false, error);
  }

  #onClose(code: number, reason: string, wasClean: boolean, error: HTTPError | null): void {
    if (this.#readyState === WebSocket.CLOSED) return;
    this.#readyState = WebSocket.CLOSED;
    if (error !== null) {
      this.#error = error;
      this.dispatchEvent(new Event('error'));
    }
    this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean }));
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.();
  }
}

/** The error a socket that failed to open rejects with, when nothing better is known. */
export function closedBeforeOpen(): WebSocketError {
  return new WebSocketError('the WebSocket closed before it opened');
}

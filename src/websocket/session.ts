/**
 * One open WebSocket connection (RFC 6455 §5-§7) over any byte channel: an HTTP/1.1 connection
 * after its 101, or an HTTP/2 stream after its 200 (RFC 8441). Frames in, messages out; messages
 * in, masked frames out; pings answered; the close handshake run both ways, each wait bounded.
 *
 * Failing the connection (§7.1.7) sends the close frame the error names (1002, 1007, 1009) and
 * drops the transport shortly after: a hostile server gets no more of our time than that.
 */
import { WebSocketError, WebSocketProtocolError } from '../errors.js';
import { ABNORMAL, NO_STATUS, encodeClosePayload, parseClosePayload, type CloseInfo } from './close-frame.js';
import type { PerMessageDeflate } from './deflate.js';
import { FrameReader } from './frame-reader.js';
import { encodeFrame } from './frame-writer.js';
import { MessageAssembler, type Message } from './message-assembler.js';
import { Opcode, isControl } from './opcodes.js';

/** What the session needs of the transport under it. */
export interface ByteChannel {
  /** Queues bytes; `done` runs once they left (or with an error when they never will). */
  write(data: Uint8Array, done: (error?: Error | null) => void): void;
  /** Ends our side (HTTP/1.1: FIN; HTTP/2: END_STREAM) once everything queued has left. */
  end(): void;
  /** Drops the connection now. */
  destroy(): void;
  /** Stops reading the transport (the peer then meets flow control); `resume` reads again. */
  pause(): void;
  resume(): void;
}

export interface SessionLimits {
  /** Largest message accepted (octets, after inflating); larger fails with 1009. */
  maxMessageSize: number;
  /** Largest single frame accepted. */
  maxFrameSize: number;
  /** Outgoing messages longer than this go in several frames (0: one frame each). */
  fragmentSize: number;
  /** How long to wait for the server's close frame, and then for it to close the connection. */
  closeTimeoutMs: number;
}

export interface SessionEvents {
  /** A message; false when its reader is full: nothing more is read until `resume()`. */
  message(message: Message): boolean;
  /** Payload octets of our messages that left the session (bufferedAmount goes down by this). */
  drained(octets: number): void;
  /** Once, at the end: the close event's fields, and the error when the connection failed. */
  closed(info: CloseInfo & { wasClean: boolean; error: WebSocketError | null }): void;
}

type State = 'open' | 'closing' | 'closed';

/** After the close frames crossed, how long the server has to close the TCP connection (Chromium: 2 s). */
const CLOSE_LINGER_MS = 2_000;

export class WebSocketSession {
  readonly #channel: ByteChannel;
  readonly #limits: SessionLimits;
  readonly #events: SessionEvents;
  readonly #deflate: PerMessageDeflate | null;
  readonly #reader: FrameReader;
  readonly #assembler: MessageAssembler;
  #state: State = 'open';
  #closeSent = false;
  /** The server's close frame, once it came. */
  #received: CloseInfo | null = null;
  #failure: WebSocketError | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** A compressed message is inflating: later frames wait. */
  #inflating = false;
  /** The reader of our messages is full: frames wait in the reader, the transport is not read. */
  #paused = false;
  /** The chain of messages being compressed, in send order. */
  #outgoing: Promise<void> = Promise.resolve();

  constructor(channel: ByteChannel, deflate: PerMessageDeflate | null, limits: SessionLimits, events: SessionEvents) {
    this.#channel = channel;
    this.#limits = limits;
    this.#events = events;
    this.#deflate = deflate;
    this.#reader = new FrameReader({ maxFramePayload: limits.maxFrameSize, allowRsv1: deflate !== null });
    this.#assembler = new MessageAssembler(limits.maxMessageSize, deflate);
  }

  get state(): State {
    return this.#state;
  }

  /** Bytes from the transport (the opening's leftovers first). */
  receive(chunk: Uint8Array): void {
    if (this.#state === 'closed' || this.#failure !== null) return;
    this.#reader.push(chunk);
    this.#pump();
  }

  /** The reader of messages has room again. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#channel.resume();
    this.#pump();
  }

  #deliver(message: Message): void {
    // A closing session reads on regardless: the server's close frame is behind what it sent.
    if (this.#events.message(message) === false && this.#state === 'open' && !this.#paused) {
      this.#paused = true;
      this.#channel.pause();
    }
  }

  /**
   * Reads frames until none is whole, a compressed message is inflating (frames wait behind it),
   * or the messages' reader is full.
   */
  #pump(): void {
    if (this.#inflating || this.#paused) return;
    try {
      for (let frame = this.#reader.next(); frame !== null; frame = this.#reader.next()) {
        if (isControl(frame.opcode)) this.#control(frame.opcode, frame.payload);
        else if (this.#received === null) {
          const message = this.#assembler.push(frame);
          if (message instanceof Promise) {
            this.#inflating = true;
            message.then(
              (inflated) => {
                this.#inflating = false;
                if (this.#state === 'closed' || this.#failure !== null) return;
                this.#deliver(inflated);
                this.#pump();
              },
              (error: unknown) => this.fail(asWebSocketError(error)),
            );
            return;
          }
          if (message !== null) this.#deliver(message);
        }
        if (this.#failure !== null || this.#state === 'closed' || this.#paused) return;
      }
    } catch (error) {
      this.fail(asWebSocketError(error));
    }
  }

  /** Sends one message; its payload octets are reported through `drained` once written. */
  send(data: Uint8Array, binary: boolean): void {
    if (this.#state !== 'open') return;
    if (this.#deflate === null) return this.#writeMessage(data, data.length, binary, false);
    // Compression is asynchronous and carries context: messages are compressed one after another
    // and leave in the order they were sent; a close waits behind them (#sendClose).
    const deflate = this.#deflate;
    this.#outgoing = this.#outgoing.then(async () => {
      if (this.#state === 'closed') return;
      this.#writeMessage(await deflate.compress(data), data.length, binary, true);
    }).catch((error: unknown) => this.fail(asWebSocketError(error)));
  }

  #writeMessage(payload: Uint8Array, octets: number, binary: boolean, compressed: boolean): void {
    const opcode = binary ? Opcode.BINARY : Opcode.TEXT;
    const size = this.#limits.fragmentSize;
    if (size <= 0 || payload.length <= size) {
      this.#channel.write(encodeFrame({ opcode, payload, fin: true, rsv1: compressed }), () => this.#events.drained(octets));
      return;
    }
    for (let at = 0; at < payload.length; at += size) {
      const last = at + size >= payload.length;
      const frame = encodeFrame({ opcode: at === 0 ? opcode : Opcode.CONTINUATION, payload: payload.subarray(at, at + size), fin: last, rsv1: compressed && at === 0 });
      this.#channel.write(frame, last ? () => this.#events.drained(octets) : noop);
    }
  }

  ping(payload: Uint8Array = new Uint8Array(0)): void {
    if (this.#state === 'open') this.#channel.write(encodeFrame({ opcode: Opcode.PING, payload, fin: true }), noop);
  }

  /** Starts the closing handshake (§7.1.2); the server has `closeTimeoutMs` to answer and hang up. */
  close(code?: number, reason?: string): void {
    if (this.#state !== 'open') return;
    this.#state = 'closing';
    this.#sendClose(code, reason);
    this.#arm(this.#limits.closeTimeoutMs, () => this.#finish(new WebSocketError(`the server did not complete the close within ${this.#limits.closeTimeoutMs} ms`, ABNORMAL)));
    // The server's close frame may be behind messages the window held back: read on to it.
    this.resume();
  }

  /** The transport ended (FIN, END_STREAM) or failed. */
  transportClosed(error?: Error): void {
    if (this.#state === 'closed') return;
    if (this.#received !== null && this.#closeSent) return this.#finish(null);
    const why = error ? `the connection failed: ${error.message}` : 'the connection closed without a close frame';
    this.#finish(this.#failure ?? new WebSocketError(why, ABNORMAL));
  }

  /** Fails the connection (§7.1.7): the error's close code goes out, then the transport goes. */
  fail(error: WebSocketError): void {
    if (this.#state === 'closed' || this.#failure !== null) return;
    this.#failure = error;
    this.#state = 'closing';
    if (!this.#closeSent) this.#sendClose(error.closeCode === ABNORMAL ? undefined : error.closeCode, '');
    this.#channel.end();
    this.#arm(100, () => this.#finish(error));
  }

  #control(opcode: number, payload: Uint8Array): void {
    if (opcode === Opcode.PING) {
      // §5.5.2: answer with the same application data, unless we already sent our close.
      if (!this.#closeSent) this.#channel.write(encodeFrame({ opcode: Opcode.PONG, payload, fin: true }), noop);
      return;
    }
    if (opcode === Opcode.PONG) return;
    // A close frame: a second one, or one after ours was answered, is ignored.
    if (this.#received !== null) return;
    this.#received = parseClosePayload(payload);
    if (!this.#closeSent) {
      // §5.5.1: echo the code (Chromium echoes it; no code, an empty payload).
      const code = this.#received.code === NO_STATUS ? undefined : this.#received.code;
      this.#sendClose(code, '');
    }
    this.#state = 'closing';
    // §7.1.1: the server closes TCP first; we wait a little for it, as Chromium does.
    this.#channel.end();
    this.#arm(CLOSE_LINGER_MS, () => this.#finish(null));
  }

  #sendClose(code: number | undefined, reason: string | undefined): void {
    this.#closeSent = true;
    const frame = encodeFrame({ opcode: Opcode.CLOSE, payload: encodeClosePayload(code, reason), fin: true });
    if (this.#deflate === null) this.#channel.write(frame, noop);
    else this.#outgoing = this.#outgoing.then(() => this.#channel.write(frame, noop));
  }

  #arm(ms: number, then: () => void): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(then, ms);
  }

  #finish(error: WebSocketError | null): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#deflate?.close();
    this.#channel.destroy();
    const failure = this.#failure ?? error;
    if (failure !== null || this.#received === null) {
      this.#events.closed({ code: ABNORMAL, reason: '', wasClean: false, error: failure ?? new WebSocketError('the connection closed', ABNORMAL) });
      return;
    }
    this.#events.closed({ ...this.#received, wasClean: true, error: null });
  }
}

function noop(): void {}

function asWebSocketError(error: unknown): WebSocketError {
  return error instanceof WebSocketError ? error : new WebSocketProtocolError(error instanceof Error ? error.message : String(error), 1002);
}

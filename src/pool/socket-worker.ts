/**
 * The worker's WebSockets on one channel: each opened through the HTTP layer, then its messages
 * and events as frames. Bytes out of the worker own their buffer (a socket read may be a view into
 * a larger one, which structured clone would copy whole) and large ones are transferred.
 */
import { errorToWire } from '../errors.js';
import type { OpenedWebSocket, WebSocketSession } from '../http/websocket/open.js';
import type { FromWorker, RequestMessage, WebSocketOpenOptions } from './messages.js';
import { IncomingWindow } from './socket-window.js';
import { ownedBytes, transferListFor } from './transfer.js';

export type SocketOpener = (request: RequestMessage, options: WebSocketOpenOptions, signal: AbortSignal) => Promise<OpenedWebSocket>;
type Send = (frame: FromWorker, transfer?: readonly ArrayBuffer[]) => void;

interface Socket {
  opening: AbortController | null;
  session: WebSocketSession | null;
  /** Drained octets not yet reported (one report per turn). */
  drained: number;
  /** Messages the main thread has and has not consumed: the session reads only while it has room. */
  window: IncomingWindow;
}

export class WorkerSockets {
  readonly #open: SocketOpener;
  readonly #send: Send;
  readonly #sockets = new Map<number, Socket>();

  constructor(open: SocketOpener, send: Send) {
    this.#open = open;
    this.#send = send;
  }

  async open(id: number, request: RequestMessage, options: WebSocketOpenOptions): Promise<void> {
    const socket: Socket = { opening: new AbortController(), session: null, drained: 0, window: new IncomingWindow() };
    this.#sockets.set(id, socket);
    let opened: OpenedWebSocket;
    try {
      opened = await this.#open(request, options, socket.opening!.signal);
    } catch (error) {
      this.#sockets.delete(id);
      this.#send({ t: 'error', id, error: errorToWire(socket.opening!.signal.aborted ? socket.opening!.signal.reason : error) });
      return;
    }
    socket.opening = null;
    this.#send({ t: 'ws-open', id, info: opened.info });
    socket.session = opened.start({
      // The session stops reading once the caller is a window behind (it asks again on credit).
      message: (message) => {
        if (!message.binary) {
          this.#send({ t: 'ws-message', id, data: message.data });
          return socket.window.spend(message.data);
        }
        const data = ownedBytes(message.data);
        this.#send({ t: 'ws-message', id, data }, transferListFor(data));
        return socket.window.spend(data);
      },
      drained: (octets) => {
        if (socket.drained === 0) setImmediate(() => this.#flushDrained(id, socket));
        socket.drained += octets;
      },
      closed: (info) => {
        this.#flushDrained(id, socket);
        this.#sockets.delete(id);
        this.#send({ t: 'ws-closed', id, code: info.code, reason: info.reason, wasClean: info.wasClean, error: info.error === null ? null : errorToWire(info.error) });
      },
    });
  }

  send(id: number, data: Uint8Array | string): void {
    const session = this.#sockets.get(id)?.session;
    if (session === undefined || session === null) return;
    if (typeof data === 'string') session.send(Buffer.from(data, 'utf8'), false);
    else session.send(data, true);
  }

  /** The main thread consumed this much: a paused session reads on once the window has room. */
  credit(id: number, messages: number, octets: number): void {
    const socket = this.#sockets.get(id);
    if (socket !== undefined && socket.window.grant(messages, octets)) socket.session?.resume();
  }

  close(id: number, code: number | null, reason: string): void {
    this.#sockets.get(id)?.session?.close(code ?? undefined, reason);
  }

  /** `abort` on the channel: an opening is cancelled, an open socket dropped (1006). */
  abort(id: number, reason: Error): boolean {
    const socket = this.#sockets.get(id);
    if (socket === undefined) return false;
    if (socket.opening !== null) socket.opening.abort(reason);
    else socket.session?.transportClosed(reason);
    return true;
  }

  /** The main thread went away: every socket goes. */
  abortAll(reason: Error): void {
    for (const id of [...this.#sockets.keys()]) this.abort(id, reason);
  }

  #flushDrained(id: number, socket: Socket): void {
    if (socket.drained === 0) return;
    const octets = socket.drained;
    socket.drained = 0;
    this.#send({ t: 'ws-drained', id, octets });
  }
}

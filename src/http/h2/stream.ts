/**
 * One request/response exchange on an HTTP/2 connection (RFC 9113 §5.1, §8.1): what has been
 * sent and received, the stream's two flow-control windows, the response head the caller awaits
 * and the body it then reads. The session owns the connection-wide state and the writing; this
 * class only checks that what arrives on this stream makes sense, and throws a `StreamError` when
 * it does not.
 */
import type { ExchangeResponse } from '../session.js';
import { ReceiveWindow, SendWindow } from './flow-control.js';
import type { OutboundBody } from './request-body.js';
import { H2ResponseBody, type ResponseBodyHooks } from './response-body.js';
import { parseResponseHead, parseTrailers, type FieldList } from './response-head.js';
import { StreamError } from './stream-error.js';

export interface StreamInit {
  id: number;
  method: string;
  /** The server's SETTINGS_INITIAL_WINDOW_SIZE in force. */
  sendWindow: number;
  /** Our stream receive window (initial size plus any opening WINDOW_UPDATE). */
  receiveWindow: number;
  /** null: END_STREAM went out on HEADERS. */
  body: OutboundBody | null;
  bodyHooks: ResponseBodyHooks;
}

export class H2Stream {
  readonly id: number;
  readonly method: string;
  readonly sendWindow: SendWindow;
  readonly receiveWindow: ReceiveWindow;
  readonly outbound: OutboundBody | null;
  readonly body: H2ResponseBody;
  readonly response: Promise<ExchangeResponse>;
  /** We sent END_STREAM (on HEADERS or the last DATA). */
  localEnded: boolean;
  /** The server sent END_STREAM. */
  remoteEnded = false;
  /** RST_STREAM went either way, or the stream failed: it is over. */
  reset = false;
  private settle: { resolve: (r: ExchangeResponse) => void; reject: (e: Error) => void } | undefined;
  private contentLength: number | undefined;
  private received = 0;
  private exchange: ExchangeResponse | undefined;

  constructor(init: StreamInit) {
    this.id = init.id;
    this.method = init.method;
    this.sendWindow = new SendWindow(init.sendWindow);
    this.receiveWindow = new ReceiveWindow(init.receiveWindow);
    this.outbound = init.body;
    this.localEnded = init.body === null;
    this.body = new H2ResponseBody(init.bodyHooks);
    this.response = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // The caller may never await a request that fails while another is being awaited.
    this.response.catch(() => {});
  }

  /** Over on both sides, or reset: the stream no longer counts against MAX_CONCURRENT_STREAMS. */
  get finished(): boolean {
    return this.reset || (this.localEnded && this.remoteEnded);
  }

  /** The response head has arrived (the request promise resolved). */
  get responded(): boolean {
    return this.exchange !== undefined;
  }

  /** A complete header block for this stream: informational, final, or trailers. */
  onHeaders(fields: FieldList, endStream: boolean): void {
    if (this.remoteEnded) throw new StreamError(`HEADERS on stream ${this.id} after END_STREAM`, 'STREAM_CLOSED');
    if (this.exchange) {
      // §8.1: a header block after the final response is the trailer section and ends the stream.
      if (!endStream) throw new StreamError('malformed response: trailers without END_STREAM', 'PROTOCOL_ERROR');
      this.exchange.trailers.push(...parseTrailers(fields));
      this.finishBody();
      return;
    }
    const head = parseResponseHead(fields);
    if (head.status < 200) {
      // 1xx (100 Continue, 103 Early Hints): skipped; the final response follows (§8.1).
      if (endStream) throw new StreamError(`malformed response: informational ${head.status} with END_STREAM`, 'PROTOCOL_ERROR');
      return;
    }
    this.contentLength = head.contentLength;
    this.exchange = {
      status: head.status,
      // HTTP/2 carries no reason phrase; Node's table gives the usual one (node:http loaded on first use).
      reason: process.getBuiltinModule('node:http').STATUS_CODES[head.status] ?? '',
      httpVersion: 'HTTP/2',
      headers: head.headers,
      body: this.body,
      trailers: [],
    };
    this.settle?.resolve(this.exchange);
    this.settle = undefined;
    if (endStream) this.finishBody();
  }

  /**
   * A DATA payload (padding already stripped and accounted for by the session). Every check that
   * can throw runs before the payload enters the body, so the session knows that octets of a
   * refused frame were never buffered and credits them back itself.
   */
  onData(data: Uint8Array, endStream: boolean): void {
    if (this.remoteEnded) throw new StreamError(`DATA on stream ${this.id} after END_STREAM`, 'STREAM_CLOSED');
    if (!this.exchange) throw new StreamError('malformed response: DATA before the response HEADERS', 'PROTOCOL_ERROR');
    const received = this.received + data.length;
    if (this.contentLength !== undefined && this.bodyExpected()) {
      if (received > this.contentLength) throw new StreamError(`malformed response: more DATA than content-length ${this.contentLength}`, 'PROTOCOL_ERROR');
      if (endStream) this.checkLength(received);
    }
    this.received = received;
    this.body.push(data);
    if (endStream) this.endBody();
  }

  /** The stream failed (reset, connection error, abort): whoever waits gets `error`. */
  fail(error: Error): void {
    this.reset = true;
    this.outbound?.stop();
    if (this.settle) {
      this.settle.reject(error);
      this.settle = undefined;
    }
    this.body.fail(error);
  }

  private finishBody(): void {
    if (this.contentLength !== undefined && this.bodyExpected()) this.checkLength(this.received);
    this.endBody();
  }

  private endBody(): void {
    this.remoteEnded = true;
    this.body.end();
  }

  /** §8.1.1: a body shorter or longer than its content-length is malformed (not for HEAD, 204, 304). */
  private checkLength(received: number): void {
    if (received !== this.contentLength)
      throw new StreamError(`malformed response: ${received} octets of DATA, content-length ${this.contentLength}`, 'PROTOCOL_ERROR');
  }

  private bodyExpected(): boolean {
    const status = this.exchange?.status ?? 0;
    return this.method !== 'HEAD' && status !== 204 && status !== 304;
  }
}

import { AbortError, ConnectError, RemoteProtocolError } from '../../errors.js';
import { markReplayable, type ExchangeResponse, type ResponseBody, type Transport } from '../session.js';
import { bodyFraming, keepsAlive } from './body-framing.js';
import { readBody } from './body-reader.js';
import { MAX_INTERIM_RESPONSES, MAX_MERGED_HEAD_AND_BODY_BYTES } from './limits.js';
import { LAST_CHUNK, encodeChunk, encodeChunked, encodeRequestHead, sendsChunked, type H1Request } from './request-writer.js';
import { readResponseHead, type ResponseHead } from './response-head.js';
import { StreamReader } from './stream-reader.js';

export interface H1ConnectionEvents {
  /** The exchange ended and the connection can carry another request. */
  onIdle(connection: H1Connection): void;
  /** The connection is gone (either side closed it, or an error did). */
  onClose(connection: H1Connection): void;
}

/**
 * One HTTP/1.1 connection over any Duplex (TCP, TLS, a proxy tunnel): one exchange at a time,
 * kept alive between exchanges when both sides allow it (RFC 9112 §9). Anything that leaves the
 * stream in an unknown state — an error, an abort, a body given up half-read — closes it, so a
 * connection that goes back to the pool is always at a message boundary.
 */
export class H1Connection {
  readonly reader: StreamReader;
  private busy = false;
  private isClosed = false;
  /** Exchanges started on this connection. */
  requests = 0;

  constructor(
    readonly transport: Transport,
    private readonly events: H1ConnectionEvents,
  ) {
    this.reader = new StreamReader(transport.stream);
    transport.stream.once('close', () => this.close());
  }

  /** Idle, open, and nothing unexpected arrived while it waited (a server's late bytes or FIN). */
  get available(): boolean {
    return (
      !this.busy &&
      !this.isClosed &&
      !this.transport.stream.destroyed &&
      !this.reader.ended &&
      this.reader.failed === null &&
      this.reader.bufferedLength === 0
    );
  }

  get closed(): boolean {
    return this.isClosed;
  }

  close(reason?: Error): void {
    if (this.isClosed) return;
    this.isClosed = true;
    // A stream that ended (FIN, close_notify, a reset after them) has closed as a stream does:
    // what it delivered is still to be read, and a body that runs to the close is whole. Only an
    // abort, a timeout or a close before the end makes the reads fail.
    if (reason || !this.reader.ended) this.reader.fail(reason ?? new ConnectError('connection closed', 'ECONNRESET'));
    this.transport.stream.destroy();
    this.events.onClose(this);
  }

  /**
   * Sends the request and resolves at the final response head (interim 1xx responses, such as
   * 100 Continue or 103 Early Hints, are read past). The body must then be read to its end or
   * cancelled. `signal` aborting closes the connection and rejects with `signal.reason`.
   */
  async request(request: H1Request, signal: AbortSignal): Promise<ExchangeResponse> {
    if (!this.available) throw new Error('H1Connection.request on a connection that is busy or closed');
    let head: Buffer;
    try {
      head = encodeRequestHead(request);
    } catch (error) {
      // Nothing was sent: the connection goes back to the pool as it came.
      this.events.onIdle(this);
      throw error;
    }
    this.busy = true;
    const reused = this.requests > 0;
    this.requests++;
    const receivedBefore = this.reader.received;
    const onAbort = (): void => this.close(abortReason(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });

    try {
      const written = this.write(head, request);
      const response = await this.readFinalHead();
      const framing = bodyFraming(request.method, response);
      const reusable = keepsAlive(response, framing, request.headers);
      const trailers: [string, string][] = [];
      const body = this.body(readBody(this.reader, framing, trailers), (complete) => {
        signal.removeEventListener('abort', onAbort);
        if (!complete) return this.close(signal.aborted ? abortReason(signal) : undefined);
        // The server may answer before our body is out (an early 413): reuse only a connection
        // whose request was fully written, or the next request would follow a partial body.
        void written.then((ok) => (ok && reusable ? this.release() : this.close()));
      });
      const httpVersion = response.minorVersion === 0 ? 'HTTP/1.0' : 'HTTP/1.1';
      return { status: response.status, reason: response.reason, httpVersion, headers: response.headers, body, trailers };
    } catch (error) {
      signal.removeEventListener('abort', onAbort);
      const reason = signal.aborted ? abortReason(signal) : error;
      this.close(reason instanceof Error ? reason : undefined);
      // A kept-alive connection that fails before one byte of the answer: the server had closed
      // it (or was closing it as we wrote), and never saw the request. Safe to send again.
      if (!signal.aborted && reused && this.reader.received === receivedBefore && reason instanceof ConnectError) markReplayable(reason);
      throw reason;
    }
  }

  private async readFinalHead(): Promise<ResponseHead> {
    for (let interim = 0; ; interim++) {
      const head = await readResponseHead(this.reader);
      if (!head) throw new ConnectError('the server closed the connection without responding', 'ECONNRESET');
      if (head.status >= 200) return head;
      // 101 would switch protocols: we never ask for an upgrade, so one is a broken server.
      if (head.status === 101) throw new RemoteProtocolError('unexpected 101 Switching Protocols', 'UNEXPECTED_UPGRADE');
      if (interim >= MAX_INTERIM_RESPONSES) throw new RemoteProtocolError(`more than ${MAX_INTERIM_RESPONSES} interim responses`);
    }
  }

  /** Writes head and body; resolves true once written, false if the write failed. */
  private write(head: Buffer, request: H1Request): Promise<boolean> {
    const body = request.body;
    if (body !== null && !(body instanceof Uint8Array)) return this.writeStream(head, body, sendsChunked(request.headers));
    const pieces: Uint8Array[] = body === null ? [] : sendsChunked(request.headers) ? encodeChunked(body) : [body];
    const bodyLength = pieces.reduce((n, p) => n + p.length, 0);
    const writes: Uint8Array[] = head.length + bodyLength <= MAX_MERGED_HEAD_AND_BODY_BYTES ? [Buffer.concat([head, ...pieces])] : [head, ...pieces];
    const stream = this.transport.stream;
    return new Promise((resolve) => {
      for (let i = 0; i < writes.length; i++) {
        const last = i === writes.length - 1;
        // Write callbacks run with an error if the stream is destroyed first, so this settles.
        stream.write(writes[i]!, last ? (error) => resolve(!error) : undefined);
      }
    });
  }

  /**
   * A streamed body: each chunk is written once the previous one is out (the write callback), so
   * the source is read only as fast as the connection takes it. A source that fails closes the
   * connection with its error, which is what the pending response read then rejects with.
   */
  private async writeStream(head: Buffer, source: AsyncIterable<Uint8Array>, chunked: boolean): Promise<boolean> {
    const stream = this.transport.stream;
    const put = (pieces: Uint8Array[]): Promise<boolean> =>
      new Promise((resolve) => {
        if (pieces.length === 0) return resolve(true);
        for (let i = 0; i < pieces.length; i++) stream.write(pieces[i]!, i === pieces.length - 1 ? (error) => resolve(!error) : undefined);
      });
    if (!(await put([head]))) return false;
    try {
      for await (const chunk of source) {
        if (this.isClosed) return false;
        if (!(await put(chunked ? encodeChunk(chunk) : [chunk]))) return false;
      }
    } catch (error) {
      this.close(error instanceof Error ? error : new RemoteProtocolError(String(error)));
      return false;
    }
    return chunked ? put([LAST_CHUNK]) : true;
  }

  private body(raw: AsyncGenerator<Uint8Array, void>, finish: (complete: boolean) => void): ResponseBody {
    let finished = false;
    const end = (complete: boolean): void => {
      if (finished) return;
      finished = true;
      finish(complete);
    };
    return {
      async *[Symbol.asyncIterator]() {
        let complete = false;
        try {
          for await (const chunk of raw) yield chunk;
          complete = true;
        } finally {
          end(complete);
        }
      },
      cancel: () => end(false),
    };
  }

  private release(): void {
    this.busy = false;
    if (this.available) this.events.onIdle(this);
    else this.close();
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new AbortError('request aborted');
}

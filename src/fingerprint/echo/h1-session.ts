/**
 * The HTTP/1.1 side of the echo server: answers each request on a connection, in order (a
 * pipelined request waits for the answer before it, even a slow /drip), with the httpbin route's
 * answer carrying the report, and keeps the connection open for the next one unless the client
 * asked to close. A byte body goes with Content-Length; a timed one with the route's
 * Content-Length, else chunked.
 */
import type { Duplex } from 'node:stream';
import type { ConnectionInfo } from './connection-info.js';
import { Http1ParseError, Http1RequestParser, type Http1Request } from './h1-parser.js';
import { answerHttpbin } from './httpbin/router.js';
import type { AnswerBody, EchoAnswer, EchoRequest, WireReport } from './httpbin/exchange.js';
import { reasonPhrase } from './httpbin/reasons.js';
import { serveWebSocket, websocketKey } from './websocket.js';

/** No body may follow these statuses (RFC 9110 §6.4.1), whatever the route built. */
const BODYLESS = new Set([204, 304]);

export class Http1EchoSession {
  private readonly parser = new Http1RequestParser();
  private requests = 0;
  private closed = false;
  /** Answers go out in request order: each waits for the one before. */
  private queue: Promise<void> = Promise.resolve();
  private readonly gone = new AbortController();

  constructor(
    private readonly socket: Duplex,
    private readonly connection: ConnectionInfo,
  ) {}

  start(): void {
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.once('close', () => this.gone.abort());
  }

  private receive(chunk: Uint8Array): void {
    if (this.closed) return;
    try {
      for (const request of this.parser.push(chunk)) this.enqueue(request);
    } catch (error) {
      // A client that cannot be framed gets a status line and the door; the server goes on.
      this.closed = true;
      const status = error instanceof Http1ParseError ? error.status : 400;
      const message = new TextEncoder().encode(`${error instanceof Error ? error.message : String(error)}\n`);
      this.queue = this.queue.then(() => this.writeHead(status, [['Content-Type', 'text/plain; charset=utf-8'], ['Content-Length', String(message.length)]], false)).then(() => {
        this.socket.end(message);
      });
    }
  }

  private enqueue(request: Http1Request): void {
    const key = websocketKey(request.method, request.headers);
    if (key !== null) return this.upgrade(request, key);
    this.requests++;
    const number = this.requests;
    if (!request.keepAlive) this.closed = true;
    this.queue = this.queue
      .then(() => this.answer(request, number))
      .catch(() => {
        this.socket.destroy();
      });
  }

  /** A WebSocket opening: once the answers before it are out, the connection is the socket's. */
  private upgrade(request: Http1Request, key: string): void {
    this.requests++;
    this.closed = true;
    const report = this.reportOf(request, this.requests);
    this.queue = this.queue.then(() => {
      this.socket.removeAllListeners('data');
      serveWebSocket(this.socket, key, report, this.parser.rest());
    });
  }

  private reportOf(request: Http1Request, number: number): WireReport {
    return {
      httpVersion: request.version === 'HTTP/1.0' ? 'HTTP/1.0' : 'HTTP/1.1',
      method: request.method,
      path: request.target,
      ...(this.connection.tls ? { tls: this.connection.tls } : {}),
      http1: { requestLine: request.requestLine, headers: request.headerLines, bodyLength: request.bodyLength, requestNumber: number },
    };
  }

  private async answer(request: Http1Request, number: number): Promise<void> {
    if (this.gone.signal.aborted) return;
    const report = this.reportOf(request, number);
    const exchange: EchoRequest = {
      method: request.method,
      target: request.target,
      scheme: this.connection.scheme,
      headers: request.headers,
      body: request.body,
      remoteAddress: this.connection.remoteAddress,
      report,
      signal: this.gone.signal,
    };
    const answer = await answerHttpbin(exchange);
    const withBody = request.method !== 'HEAD' && !BODYLESS.has(answer.status);
    await this.send(answer, request.keepAlive, withBody, request.version === 'HTTP/1.0');
    if (!request.keepAlive) this.socket.end();
  }

  private async send(answer: EchoAnswer, keepAlive: boolean, withBody: boolean, http10: boolean): Promise<void> {
    const headers = answer.headers.filter(([name]) => name.toLowerCase() !== 'content-length' || !(answer.body instanceof Uint8Array));
    const declared = answer.headers.find(([name]) => name.toLowerCase() === 'content-length');
    let framing: 'length' | 'chunked' | 'close' = 'length';
    if (answer.body instanceof Uint8Array) headers.push(['Content-Length', String(BODYLESS.has(answer.status) ? 0 : answer.body.length)]);
    else if (declared === undefined) {
      // HTTP/1.0 has no chunked coding: the end of the body is the end of the connection.
      framing = http10 ? 'close' : 'chunked';
      if (framing === 'chunked') headers.push(['Transfer-Encoding', 'chunked']);
    }
    const staysOpen = keepAlive && framing !== 'close';
    await this.writeHead(answer.status, headers, staysOpen);
    if (withBody) await this.writeBody(answer.body, framing);
    if (!staysOpen) this.closed = true;
    if (framing === 'close' && withBody) this.socket.end();
  }

  private writeHead(status: number, headers: Array<[string, string]>, keepAlive: boolean): Promise<void> {
    const lines = [`HTTP/1.1 ${status} ${reasonPhrase(status)}`, ...headers.map(([n, v]) => `${n}: ${v}`), `Connection: ${keepAlive ? 'keep-alive' : 'close'}`];
    return this.write(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
  }

  private async writeBody(body: AnswerBody, framing: 'length' | 'chunked' | 'close'): Promise<void> {
    if (body instanceof Uint8Array) {
      if (body.length) await this.write(body);
      return;
    }
    for await (const chunk of body) {
      if (this.gone.signal.aborted) return;
      if (chunk.length === 0) continue;
      await this.write(framing === 'chunked' ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk);
    }
    if (framing === 'chunked') await this.write(Buffer.from('0\r\n\r\n'));
  }

  /** Resolves when the socket has taken the bytes (or is gone), so a slow reader slows the route, not memory. */
  private write(bytes: Uint8Array): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.socket.write(bytes)) resolve();
      else {
        const done = (): void => {
          this.socket.off('drain', done);
          this.socket.off('close', done);
          resolve();
        };
        this.socket.once('drain', done);
        this.socket.once('close', done);
      }
    });
  }
}

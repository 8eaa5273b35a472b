/**
 * The HTTP/1.1 side of the echo server: answers each request on a connection, in order, with
 * the report, and keeps the connection open for the next one unless the client asked to close.
 */
import type { Duplex } from 'node:stream';
import { Http1ParseError, Http1RequestParser, type Http1Request } from './h1-parser.js';
import { reportBody, type EchoReport } from './report.js';
import type { TlsReport } from './tls-report.js';

const REASONS: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 431: 'Request Header Fields Too Large', 501: 'Not Implemented' };

export class Http1EchoSession {
  private readonly parser = new Http1RequestParser();
  private requests = 0;
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly tls: TlsReport,
  ) {}

  start(): void {
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  private receive(chunk: Uint8Array): void {
    if (this.closed) return;
    try {
      for (const request of this.parser.push(chunk)) {
        this.answer(request);
        if (this.closed) return;
      }
    } catch (error) {
      // A client that cannot be framed gets a status line and the door; the server goes on.
      const status = error instanceof Http1ParseError ? error.status : 400;
      const message = new TextEncoder().encode(`${error instanceof Error ? error.message : String(error)}\n`);
      this.write(status, 'text/plain; charset=utf-8', message, false, false);
    }
  }

  private answer(request: Http1Request): void {
    this.requests++;
    const report: EchoReport = {
      httpVersion: request.version === 'HTTP/1.0' ? 'HTTP/1.0' : 'HTTP/1.1',
      method: request.method,
      path: request.target,
      tls: this.tls,
      http1: { requestLine: request.requestLine, headers: request.headerLines, bodyLength: request.bodyLength, requestNumber: this.requests },
    };
    this.write(200, 'application/json', reportBody(report), request.keepAlive, request.method === 'HEAD');
  }

  private write(status: number, contentType: string, body: Uint8Array, keepAlive: boolean, headOnly: boolean): void {
    const head =
      `HTTP/1.1 ${status} ${REASONS[status] ?? ''}\r\n` +
      `Content-Type: ${contentType}\r\n` +
      `Content-Length: ${body.length}\r\n` +
      `Connection: ${keepAlive ? 'keep-alive' : 'close'}\r\n\r\n`;
    this.socket.write(headOnly ? head : Buffer.concat([Buffer.from(head, 'latin1'), body]));
    if (!keepAlive) {
      this.closed = true;
      this.socket.end();
    }
  }
}

/**
 * The two halves of one httpbin exchange, as the HTTP/1.1 and HTTP/2 sessions hand them over:
 * a request with its body read whole, and an answer whose body is bytes or a timed stream of
 * chunks (/drip, /stream, /delay need time between bytes). Routes see nothing of the wire.
 */
import type { EchoReport } from '../report.js';

/** The fingerprint part of every JSON answer; the plain-HTTP listener has no TLS to report. */
export type WireReport = EchoReport | Omit<EchoReport, 'tls'>;

export interface EchoRequest {
  method: string;
  /** The request target as sent: path and query. */
  target: string;
  scheme: 'https' | 'http';
  /**
   * Header fields in wire order, names lower-cased; no pseudo-headers. HTTP/2's `:authority`
   * becomes `host`, and split `cookie` fields are joined (RFC 9113 §8.2.3), as a server sees them.
   */
  headers: ReadonlyArray<readonly [string, string]>;
  body: Uint8Array;
  /** The peer's address (IPv4-mapped IPv6 unwrapped). */
  remoteAddress: string;
  /** What the echo server has always answered with: this request as seen on the wire. */
  report: WireReport;
  /** Aborted when the client goes away (connection closed, stream reset): timed answers stop. */
  signal: AbortSignal;
}

export type AnswerBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface EchoAnswer {
  status: number;
  /** Names spelled as httpbin does (HTTP/2 lower-cases them); no Content-Length for a byte body: the session adds it. */
  headers: Array<[string, string]>;
  body: AnswerBody;
}

export function headerValue(request: EchoRequest, name: string): string | undefined {
  const values = request.headers.filter(([n]) => n === name).map(([, v]) => v);
  return values.length ? values.join(', ') : undefined;
}

/** Resolves after `ms`, or at once when the client has gone (the caller checks the signal). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

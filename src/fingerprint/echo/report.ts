/**
 * The JSON the echo server answers every request with: the client as seen on the wire. The
 * connection-level parts (TLS, and HTTP/2's opening frames) are the same for every request on a
 * connection; the request's own method, path and headers come with each answer.
 */
import type { AkamaiPriority } from '../akamai.js';
import type { DecodedField } from '../../http/h2/index.js';
import type { FrameSummary, SettingSummary } from './frame-summary.js';
import type { TlsReport } from './tls-report.js';

export type { TlsReport, NegotiatedTls } from './tls-report.js';
export type { FrameSummary, SettingSummary } from './frame-summary.js';
export type { HelloSummary, ExtensionSummary, NamedId } from './hello-summary.js';

export interface EchoReport {
  httpVersion: 'HTTP/2' | 'HTTP/1.1' | 'HTTP/1.0';
  method: string;
  /** The request target as sent (`:path`, or the request line's target). */
  path: string;
  tls: TlsReport;
  http2?: Http2Report;
  http1?: Http1Report;
}

export interface Http2Report {
  /** Akamai fingerprint of the connection's opening (first SETTINGS, WINDOW_UPDATE, PRIORITY frames, first request's pseudo-headers). */
  akamai: string;
  akamaiHash: string;
  /** The client's first SETTINGS frame, in wire order. */
  settings: SettingSummary[];
  /** The connection-level WINDOW_UPDATE increment sent before the first request, or null. */
  windowUpdate: number | null;
  /** PRIORITY frames sent before the first request (weights 1..256). */
  priority: AkamaiPriority[];
  /** Every frame received on the connection up to this request's end, in order (capped, see framesTruncated). */
  frames: FrameSummary[];
  framesTruncated: boolean;
  /** This request's stream, its HEADERS frame (flags, priority) and header fields in wire order, with their HPACK representation. */
  streamId: number;
  headersFrame: FrameSummary;
  headers: DecodedField[];
  /** Dynamic table size updates that opened this request's header block. */
  tableSizeUpdates: number[];
  bodyLength: number;
}

export interface Http1Report {
  /** The request line as sent. */
  requestLine: string;
  /** Header lines as sent: spelling, case, spacing and order kept. */
  headers: string[];
  bodyLength: number;
  /** How many requests this connection had carried, this one included. */
  requestNumber: number;
}

/** The body of an answer: one line of JSON, so a client reading several answers can split them. */
export function reportBody(report: EchoReport): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(report)}\n`);
}

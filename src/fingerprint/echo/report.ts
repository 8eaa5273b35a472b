/**
 * The JSON the echo server answers every request with: the client as seen on the wire. The
 * connection-level parts (TLS, and HTTP/2's opening frames) are the same for every request on a
 * connection; the request's own method, path and headers come with each answer. httpbin's routes
 * put their own keys (args, headers, origin, url...) before these, in the same object.
 */
import type { AkamaiPriority } from '../akamai.js';
import type { JsonValue } from './json.js';
import type { DecodedField } from '../../http/h2/index.js';
import type { FrameSummary, SettingSummary } from './frame-summary.js';
import type { TlsReport } from './tls-report.js';

export type { TlsReport, NegotiatedTls } from './tls-report.js';
export type { FrameSummary, SettingSummary } from './frame-summary.js';
export type { HelloSummary, ExtensionSummary, NamedId } from './hello-summary.js';

/**
 * What httpbin's routes add, each where httpbin has it (/get: args, headers, origin, url; /post,
 * /anything and the catch-all: data, form, files, json too; /cookies: cookies...).
 */
export interface HttpbinFields {
  /** Query parameters: a repeated name maps to the list of its values. */
  args?: Record<string, string | string[]>;
  /** Request headers, names title-cased as httpbin prints them ("User-Agent"). */
  headers?: Record<string, string>;
  origin?: string;
  url?: string;
  /** The raw body as text (a data: URL if it is not UTF-8); empty for form bodies. */
  data?: string;
  form?: Record<string, string | string[]>;
  files?: Record<string, string>;
  json?: JsonValue;
  cookies?: Record<string, string>;
}

export interface EchoReport extends HttpbinFields {
  httpVersion: 'HTTP/2' | 'HTTP/1.1' | 'HTTP/1.0';
  method: string;
  /** The request target as sent (`:path`, or the request line's target). */
  path: string;
  /** Absent only in answers from the plain-HTTP listener (`httpPort`), which has no TLS to report. */
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

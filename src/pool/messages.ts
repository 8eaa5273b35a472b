/**
 * What crosses between the caller's thread and a worker: plain, structured-clone-able values.
 * The main thread never parses the wire; it sends a RequestMessage and receives a
 * ResponseMessage (or an error as `WireError`).
 */
import type { MessagePort } from 'node:worker_threads';
import type { WireError } from '../errors.js';
import type { Profile } from '../profiles/types.js';

export type HttpVersionPreference = 'auto' | 'http1' | 'http2';

export interface RequestMessage {
  method: string;
  /** Absolute URL, query parameters already applied. */
  url: string;
  /**
   * Headers in the caller's order, with the profile's defaults already merged in by the client.
   * The http layer writes them in the profile's wire order (or `headerOrder`) and spelling.
   */
  headers: [string, string][];
  /** A buffered body (its ArrayBuffer is transferred), or null. */
  body: Uint8Array | null;
  /**
   * A streamed body instead (`body` is then null). It never crosses as a value: its chunks follow
   * on the request's MessagePort (`body-chunk`), at the worker's pace (`body-pull`), and the
   * worker hands the handler an AsyncIterable again. It is sent once only: never retried or
   * replayed.
   */
  bodyStream?: AsyncIterable<Uint8Array> | null;
  /** The browser profile: a plain value (it may have been built on the main thread, from a JA3). */
  profile: Profile;
  http2: HttpVersionPreference;
  /** Shuffle TLS extensions per connection even if the profile does not (tls_requests' random_tls_extension_order). */
  randomTlsExtensionOrder: boolean;
  verify: boolean;
  /** Extra trusted roots, PEM. */
  ca: string[];
  /** Proxy URL (http, https, socks5, socks5h) or null. */
  proxy: string | null;
  /** Overall deadline for this request in ms (0 = none). */
  timeout: number;
  /** Explicit header order (names, lower case), overriding the profile's. */
  headerOrder: string[] | null;
  /** Decode Content-Encoding (gzip, deflate, br, zstd). */
  decode: boolean;
  /** Largest body accepted, after decoding, in bytes (0 = no limit). */
  maxBodySize: number;
  /** When true the body is streamed back over the request's MessagePort instead of buffered. */
  stream: boolean;
  localAddress: string | null;
  family: 0 | 4 | 6;
  /** Static DNS overrides, host → address (the `lookup` option reduced to data). */
  resolve: Record<string, string>;
  /** NSS key log file path, or null (SSLKEYLOGFILE also applies). */
  keylog: string | null;
  /** 'noble' forces the pure-TypeScript crypto provider (default: native where it can). */
  crypto?: 'native' | 'noble';
}

export interface TlsInfo {
  version: 'TLSv1.3' | 'TLSv1.2';
  cipher: string;
  alpn: string | false;
  group: number | null;
  resumed: boolean;
}

export interface ResponseMessage {
  status: number;
  reason: string;
  httpVersion: 'HTTP/1.1' | 'HTTP/2';
  /** Headers in received order, names as received (HTTP/2: lower case), duplicates kept. */
  headers: [string, string][];
  /** The whole (decoded) body; null when streamed. */
  body: Uint8Array | null;
  url: string;
  tls: TlsInfo | null;
  /** Whether the request went over a connection that had served an earlier request. */
  connectionReused: boolean;
  /** Milliseconds from dispatch in the worker to the end of the response headers. */
  headersElapsedMs: number;
}

/**
 * Main thread → worker, on the request's MessagePort. A streamed request body goes as
 * `body-chunk`s (each chunk's ArrayBuffer transferred), then exactly one `body-end` or
 * `body-error`; the main thread sends at most `UPLOAD_WINDOW` chunks the worker has not yet
 * taken, and the worker gives one back per chunk it takes (`body-pull`, in StreamMessage).
 */
export type ControlMessage =
  | { type: 'abort'; reason: 'aborted' | 'timeout' }
  | { type: 'pull' }
  | { type: 'body-chunk'; data: Uint8Array }
  | { type: 'body-end' }
  | { type: 'body-error'; error: WireError };

/**
 * Worker → main thread, on the request's MessagePort (streamed responses): one `response`
 * (the head, body null), then `chunk`s, then exactly one `end` or `error`. An `error` may also
 * come first, before any head. `body-pull` (request bodies) may come at any time, in any mode. Everything travels on this one port so its order is kept.
 */
export type StreamMessage =
  | { type: 'response'; response: ResponseMessage }
  /** A streamed request body: the worker took one chunk, so the main thread may send one more. */
  | { type: 'body-pull' }
  | { type: 'chunk'; data: Uint8Array }
  | { type: 'end' }
  | { type: 'error'; error: WireError };

/**
 * A request as it travels: a shipped profile goes as its identifier (the worker has the same
 * registry), which keeps the message about five times smaller; a custom profile goes whole.
 */
export type WireRequest = Omit<RequestMessage, 'profile' | 'bodyStream'> & {
  profile: Profile | string;
  /** The body streams over the port (`body` is then null). */
  streamedBody?: boolean;
};

/** The task piscina carries to a worker. */
export interface WorkerTask {
  request: WireRequest;
  port: MessagePort;
}

/** What a worker's task resolves with. */
export type WorkerResult = { ok: true; response: ResponseMessage } | { ok: false; error: WireError };

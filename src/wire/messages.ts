/**
 * The one request description and the one response description: built on the caller's thread,
 * they cross to a worker as they are (src/pool) and the HTTP layer (src/http) serves them. Both
 * sides import them from here, below both, so that http needs no pool code. Plain,
 * structured-clone-able values only.
 */
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
  /** Largest body accepted, after decoding, in bytes: 0 for the default (256 MiB buffered, none streamed), Infinity for none. */
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
  /**
   * Whose connections and TLS sessions these are: each AsyncClient has its own scope (a browser
   * profile of its own), and requests of different scopes never share a connection or a ticket.
   * Absent: the pool's shared scope (a WorkerPool used directly).
   */
  scope?: string;
  /**
   * The connection key (src/http/connection-key.ts), computed once on the caller's thread by the
   * pool; absent when a request reaches the HTTP layer without the pool (tests), which then
   * computes it by the same rule.
   */
  key?: string;
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
  httpVersion: 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2';
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

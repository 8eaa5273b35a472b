/**
 * What the origin pool and the dispatcher need from a connection, whatever its HTTP version: one
 * request in, one response out with a streamed body. HTTP/1.1 implements it in h1/connection.ts;
 * the HTTP/2 session (src/http/h2, by its own engineer) implements `H2Session`.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TlsInfo } from '../wire/messages.js';
import type { Profile } from '../profiles/types.js';

/** A response body: raw bytes (still content-coded), read at the reader's pace (backpressure). */
export interface ResponseBody extends AsyncIterable<Uint8Array> {
  /**
   * Gives the body up before its end: HTTP/1.1 closes the connection (nothing else can be read
   * from it), HTTP/2 resets the stream (RST_STREAM CANCEL). Harmless once the body has ended.
   */
  cancel(reason?: Error): void;
}

/** A response as a session delivers it: the head at once, the body as it is read. */
export interface ExchangeResponse {
  status: number;
  reason: string;
  /** The version the server answered with: an HTTP/1.0 server's reply says HTTP/1.0. */
  httpVersion: 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2';
  /** As received: names as sent (HTTP/2: lower case), duplicates kept, in order. */
  headers: [string, string][];
  body: ResponseBody;
  /** Trailer fields; filled in once the body has been read to its end. */
  trailers: [string, string][];
}

/** An HTTP/2 request: the pseudo-header values, and the regular fields in their final wire order. */
export interface H2Request {
  method: string;
  /** RFC 8441 extended CONNECT's `:protocol` (`websocket`); absent for every other request. */
  protocol?: string;
  scheme: 'https' | 'http';
  authority: string;
  path: string;
  /**
   * Regular fields, lower case, in wire order, connection-specific fields removed and the
   * profile's `http2.trailingHeaders` already appended (src/http/h2-headers.ts). The session
   * prepends the pseudo-headers in `profile.http2.pseudoHeaderOrder` and encodes with the profile's
   * HPACK policy; it must not reorder these.
   */
  headers: [string, string][];
  /**
   * A buffered body sent in DATA frames (END_STREAM on the last), a streamed one sent as its
   * chunks arrive (never replayed), or null (END_STREAM on HEADERS).
   */
  body: Uint8Array | AsyncIterable<Uint8Array> | null;
}

/**
 * One HTTP/2 connection (RFC 9113), multiplexing requests. The pool keeps one per origin and
 * sends every request of that origin to it until it is `closed`.
 */
export interface H2Session {
  /**
   * Opens a stream and sends the request. Resolves at the response's final HEADERS (1xx skipped);
   * the body then streams, with WINDOW_UPDATEs sent as the reader consumes it. A request beyond
   * the server's MAX_CONCURRENT_STREAMS waits inside the session for a stream to close (Chrome
   * queues them the same way; a second connection would give us away). `signal` aborting resets
   * the stream (RST_STREAM CANCEL), or drops the queued request, and rejects with
   * `signal.reason`. A request refused before the server processed it (GOAWAY with a lower
   * last-stream-id, REFUSED_STREAM, still queued at GOAWAY) rejects with an error passed through
   * `markReplayable`, so the dispatcher sends it again on a new connection.
   */
  request(request: H2Request, signal: AbortSignal): Promise<ExchangeResponse>;
  /**
   * A new request would open a stream at once (below MAX_CONCURRENT_STREAMS, nothing queued).
   * Informational: the pool routes by `closed`, never opening a second connection to an origin
   * because the first is busy.
   */
  readonly available: boolean;
  /**
   * It will never take a new request again (GOAWAY sent or received, an error, stream ids used
   * up, closed). Once true it stays true: the pool forgets the session (which finishes its open
   * streams on its own) and opens a new connection for the next request.
   */
  readonly closed: boolean;
  /** Closes the connection now: GOAWAY, then the transport; open streams fail. */
  close(): void;
}

/** What the pool passes when it opens an HTTP/2 session on a connection whose ALPN said `h2`. */
export interface H2SessionOptions {
  transport: Transport;
  profile: Profile;
  /** To be called when `closed` turns true (GOAWAY, an error, the connection closed), and may be called on any other change. */
  onStateChange: () => void;
}

export type H2SessionFactory = (options: H2SessionOptions) => H2Session;

/** An open byte stream to the origin: TCP, TLS, or TLS inside a proxy tunnel. */
export interface Transport {
  stream: Duplex;
  /** TLS details for the response, or null for plain http. */
  tls: TlsInfo | null;
  /** The ALPN protocol the server chose ('h2', 'http/1.1'), or null (plain, or no ALPN). */
  alpn: string | null;
  /**
   * The TCP socket at the bottom, when there is one: the pool unrefs it while the connection is
   * idle, so a kept-alive connection never keeps a worker (or a script) alive by itself.
   */
  socket: Socket | null;
}

const replayable = new WeakSet<Error>();

/**
 * Marks an error as "the server never processed this request": the dispatcher may send the
 * request again on a fresh connection (a keep-alive connection the server had closed, a stream
 * refused by GOAWAY): a replay, which browsers make too, not the client's `retries` (client/retry.ts,
 * for connections that could not be opened). Returns the error for `throw markReplayable(e)`.
 */
export function markReplayable<E extends Error>(error: E): E {
  replayable.add(error);
  return error;
}

export function isReplayable(error: unknown): boolean {
  return error instanceof Error && replayable.has(error);
}

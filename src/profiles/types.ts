/**
 * A browser as plain data: what its ClientHello, its first HTTP/2 frames and its request headers
 * look like. Only numbers, strings, booleans, arrays and plain objects, so a profile survives
 * structuredClone (profiles built on the caller's thread cross to the workers). The code that
 * turns these values into bytes lives elsewhere: `src/tls/hello` for the ClientHello, the HTTP
 * layers for frames and headers.
 */
import type { FieldEncoding } from '../vocabulary/hpack-encoding.js';
import type { ClientHelloSpec } from '../vocabulary/hello-spec.js';

/** Header fields in send order, names lower case (HTTP/2 spelling). */
export type HeaderList = [name: string, value: string][];

/** An HTTP/2 priority (RFC 9113 §5.3.1): `weight` is the real weight 1..256, the wire byte + 1. */
export interface Http2Priority {
  exclusive: boolean;
  dependsOn: number;
  weight: number;
}

export interface PriorityFrameSpec extends Http2Priority {
  streamId: number;
}

/**
 * One HPACK encoding rule. A rule applies when every condition it states holds; the first rule
 * that applies wins, and `HpackPolicySpec.default` covers the rest.
 */
export interface HpackRule {
  /** Lower-case field names the rule is for; every field when absent. */
  names?: string[];
  /** Only when the value is shorter than this many octets (Firefox: short cookie crumbs). */
  valueShorterThan?: number;
  /**
   * Only when the field's table entry (RFC 7541 §4.1 size) is more than `tableFraction` of the
   * current table size, or the table is under `orTableBelow` octets (Firefox's "too big to index").
   */
  entryExceeds?: { tableFraction: number; orTableBelow: number };
  encoding: FieldEncoding;
}

/** How a browser's HPACK encoder represents each field: indexing, Huffman, name references. */
export interface HpackPolicySpec {
  default: FieldEncoding;
  rules: HpackRule[];
}

export interface Http2Profile {
  /** SETTINGS `[identifier, value]` in send order. */
  settings: [id: number, value: number][];
  /** The connection-level WINDOW_UPDATE increment sent after SETTINGS; null when none is sent. */
  connectionWindowUpdate: number | null;
  /** PRIORITY frames sent before the first request, in order. */
  priorityFrames: PriorityFrameSpec[];
  /** The priority block of HEADERS (PRIORITY flag set); null when the flag is not set. */
  headersPriority: Http2Priority | null;
  /**
   * How a request's HEADERS priority follows its RFC 9218 `priority` field (src/http/h2/priority.ts):
   * 'chromium' (weight Spdy3PriorityToHttp2Weight(urgency), exclusive, chained on the open streams
   * as Http2PriorityDependencies does), or a weight per urgency 0..7 on `headersPriority`'s
   * exclusive/dependsOn (Firefox). Absent: `headersPriority` for every request.
   */
  priorityByUrgency?: 'chromium' | { weights: number[] };
  /** The pseudo-headers in send order. */
  pseudoHeaderOrder: string[];
  /**
   * How frames share TLS records (and socket writes) after the opening (preface, SETTINGS,
   * WINDOW_UPDATE: one record): 'frame', one record per frame (Chromium's SpdySession writes a frame
   * at a time); 'burst', a SETTINGS ACK alone and a request's HEADERS with its WINDOW_UPDATE
   * (Firefox's Http2Session flushes its output queue after each). Absent: the family's
   * (src/profiles/behavior.ts), else whatever one event-loop turn wrote shares a record.
   */
  recordGrouping?: 'frame' | 'burst';
  /** Whether the ACK of the server's SETTINGS goes out before the first HEADERS. */
  settingsAckBeforeHeaders: boolean;
  /** A stream-level WINDOW_UPDATE increment sent right after each request's HEADERS; null when none. */
  streamWindowUpdate: number | null;
  /** Stream id of the first request (1, or 3 for Firefox). */
  firstStreamId: number;
  hpack: HpackPolicySpec;
  /** Fields only HTTP/2 requests carry, after every other field (Firefox's `te: trailers`). */
  trailingHeaders: HeaderList;
}

export interface Http1Profile {
  /**
   * Every header name the browser may send, spelled and ordered as on the wire (`Host` first),
   * defaults and placed headers alike. A request's headers go out in this order.
   */
  headerOrder: string[];
  /** Headers HTTP/1.1 adds that HTTP/2 has no place for (`Connection: keep-alive`), wire spelling. */
  extraHeaders: HeaderList;
  /** Default headers HTTP/1.1 leaves out (Chrome's `priority` is an HTTP/2 and HTTP/3 header). */
  omitHeaders: string[];
}

/** Headers that are not defaults but have a fixed place when a request has them. */
export type PlacedHeader = 'cookie' | 'content-type' | 'content-length' | 'origin' | 'referer' | 'authorization';

/**
 * Where a placed header goes: right after `after` (a default header or another placed header).
 * When `after` is not in the request, the placement of `after` itself applies, and so on; an empty
 * `after` means before every default header.
 */
export interface HeaderPlacement {
  after: string;
}

/**
 * What the browser sends when it closes a connection of its own accord (idle, or the client
 * closing): an HTTP/2 GOAWAY (NO_ERROR, last-stream-id 0, no debug data) and a TLS close_notify,
 * each in its own record and write, then the FIN. Errors are not goodbyes: a connection error
 * sends its GOAWAY whatever this says.
 */
export interface GoodbyeSpec {
  goaway: boolean;
  closeNotify: boolean;
}

/**
 * What a request is, as the browser would make it: `navigate` a top-level page load (the profile's
 * `headers`), `fetch` a fetch()/XMLHttpRequest call (CORS mode, destination empty), and the no-cors
 * subresources a page loads: `image`, `script`, `style`.
 */
export type RequestKind = 'navigate' | 'fetch' | 'image' | 'script' | 'style';

/** The default headers of one request kind, in send order. */
export interface RequestKindSpec {
  /**
   * `[name, value]`, or `[name, null]` for the profile's own navigation value of that field (user
   * agent, client hints, accept-encoding/language), left out when the profile has none.
   */
  headers: [name: string, value: string | null][];
}

export interface Profile {
  /** The identifier (`chrome_156`). */
  id: string;
  aliases?: string[];
  /**
   * Browser family and major version: the registry's "newest of a family" reads them. An app stack
   * (tls-client's zalando/nike/mms/mesh/confirmed profiles) names the engine it imitates, with
   * version 0, so it never becomes the family's newest.
   */
  browser: 'chrome' | 'firefox' | 'safari' | 'okhttp';
  version: number;
  /** Where the data comes from (captures, source files), for whoever audits it. */
  source: string;
  tls: ClientHelloSpec;
  http2: Http2Profile;
  http1: Http1Profile;
  /** Default headers of a top-level navigation, in send order (after the pseudo-headers). */
  headers: HeaderList;
  headerPlacement: Record<PlacedHeader, HeaderPlacement>;
  /** Headers of the other request kinds; a kind absent here: the family's (src/profiles/behavior.ts). */
  requestKinds?: Partial<Record<Exclude<RequestKind, 'navigate'>, RequestKindSpec>>;
  /** How the browser closes a connection; absent: its family's (src/profiles/behavior.ts). */
  goodbye?: GoodbyeSpec;
}

/**
 * The options a client takes, and a request may override. The names and defaults follow
 * tls_requests (camelCase; `timeout` in milliseconds, JavaScript's unit).
 */
import type { Profile, RequestKind } from '../profiles/types.js';
import type { AuthOption } from './auth.js';
import type { BodyOptions } from './body.js';
import type { CookiesInit } from './cookies.js';
import type { HeadersInit } from './headers.js';
import type { Hooks } from './hooks.js';
import type { ParamsInit } from './params.js';
import type { Proxy, ProxyDict } from './proxy.js';
import type { HeaderRotator, ProxyRotator, TLSIdentifierRotator } from './rotators.js';
import type { ConnectionPool } from './connection-pool.js';
import type { Transport } from './transport.js';

/** `true` allows HTTP/2 like 'auto' (tls_requests: HTTP/2 allowed); `false` is 'http1'. */
export type Http2Option = 'auto' | 'http1' | 'http2' | boolean;

export type DebugLogger = (line: string) => void;

/**
 * Custom DNS as data: host → address. A lookup function cannot be used: requests run in worker
 * threads, and a function cannot be sent to one.
 */
export type LookupOption = Readonly<Record<string, string>> | ((hostname: string, ...rest: never[]) => unknown);

/** A name or alias ('chrome', 'firefox_153'), a profile value, a list (rotated) or a rotator. */
export type ClientIdentifierOption = string | Profile | TLSIdentifierRotator | readonly (string | Profile)[];

/** A proxy URL, a Proxy, a list of them (a ProxyRotator, weighted) or a rotator; null for none. */
export type ProxyOption = string | URL | Proxy | ProxyRotator | readonly (string | Proxy | ProxyDict)[] | null;

/** Headers, or header sets to rotate: a list of sets (random) or a HeaderRotator. */
export type HeadersOption = HeadersInit | HeaderRotator | readonly HeadersInit[];

export interface TransportOptions {
  /** Default 'chrome' (the newest Chrome profile). An unknown name throws UnknownProfileError. */
  clientIdentifier?: ClientIdentifierOption;
  /** A JA3 string to build the TLS profile from (needs a profile builder; see `resolveProfile`). */
  ja3?: string | null;
  /** An Akamai HTTP/2 fingerprint string to build the HTTP/2 profile from. */
  akamai?: string | null;
  /** Shuffle TLS extensions per connection even when the profile does not. Default false: the profile decides. */
  randomTlsExtensionOrder?: boolean;
  /** Default 'auto'. */
  http2?: Http2Option;
  /** Header names (any case) in the order to send them, instead of the profile's. */
  headerOrder?: readonly string[] | null;
  /**
   * What the request is, as the profile's browser would make it; picks its default headers, their
   * order and its HTTP/2 priority. 'navigate' (default): a page load. 'fetch': a fetch()/XHR call
   * (sec-fetch-mode cors, destination empty; the fetch facade's default). 'image', 'script',
   * 'style': a page's no-cors subresources. See the README's profile section.
   */
  kind?: RequestKind;
  proxy?: ProxyOption;
  /** Milliseconds for each request (each redirect hop); default 30_000; 0 or null: none. */
  timeout?: number | null;
  /** Default true. */
  followRedirects?: boolean;
  /** Default 9 (tls_requests'). */
  maxRedirects?: number;
  /** Verify the server's certificate chain and name. Default true. */
  verify?: boolean;
  /** Extra trusted roots, PEM (one string may hold several). */
  ca?: string | readonly string[] | null;
  /** Retries of idempotent requests that failed to connect (ConnectError, or a connect timeout). Default 0. */
  retries?: number;
  localAddress?: string | null;
  /** 4 or 6 to use only that address family; 0 (default) for either. */
  family?: 0 | 4 | 6;
  lookup?: LookupOption | null;
  /**
   * Largest decoded body accepted, in bytes. Default (unset or 0): 256 MiB for a buffered response,
   * none for `stream()`; `Infinity` for no limit at all.
   */
  maxBodySize?: number;
  /** Decode Content-Encoding (gzip, deflate, br, zstd). Default true. */
  decode?: boolean;
  /** NSS key log file for Wireshark, or null (SSLKEYLOGFILE also works). */
  keylog?: string | null;
  /** `'noble'` forces the pure-TypeScript crypto provider; `'native'` (default) uses node:crypto where it can. */
  crypto?: 'native' | 'noble';
  /** Log each request sent and response received: true for console.debug, or a logger. */
  debug?: boolean | DebugLogger;
  /** Charset for response text when Content-Type names none. Default 'utf-8'. */
  encoding?: string;
  /** Send the profile's default headers (a browser navigation's). Default true. */
  profileHeaders?: boolean;
}

export interface RequestOptions extends TransportOptions, BodyOptions {
  params?: ParamsInit | null;
  /** Layered over the client's headers, which are layered over the profile's. */
  headers?: HeadersOption | null;
  /** Cookies for this request only (sent to its host and redirects, not stored in the client). */
  cookies?: Iterable<readonly [string, string]> | Readonly<Record<string, string>> | null;
  auth?: AuthOption | null;
  /** Run after the client's hooks. */
  hooks?: Hooks;
  signal?: AbortSignal;
}

export interface ClientOptions extends TransportOptions {
  /** Relative request URLs are appended to it (httpx's rule). */
  baseUrl?: string | URL | null;
  params?: ParamsInit | null;
  headers?: HeadersOption | null;
  /** A tough-cookie jar, Cookies, or name → value pairs sent to every host. */
  cookies?: CookiesInit | null;
  auth?: AuthOption | null;
  hooks?: Hooks;
  /** Use HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY when no proxy is given. Default true (as httpx). */
  trustEnv?: boolean;
  /** What carries the requests; default the shared worker pool. A transport passed in is not closed by the client. */
  transport?: Transport;
  /**
   * Share connections and TLS sessions with the other clients given the same pool (by default a
   * client shares nothing: its connections are its own, and close with it).
   */
  pool?: ConnectionPool | null;
}

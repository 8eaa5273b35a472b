/**
 * Turning what the caller wrote into the absolute URL that goes on the wire: a base URL joined
 * the way httpx joins it, a scheme added when missing (http, as tls_requests does), the query
 * parameters appended after any the URL already has.
 */
import { InvalidURL } from '../errors.js';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export function resolveUrl(input: string | URL, baseUrl: string | null, params: readonly [string, string][]): URL {
  const url = parseHttpUrl(joinBase(String(input), baseUrl));
  if (params.length > 0) {
    const extra = new URLSearchParams(params).toString();
    url.search = url.search.length > 1 ? `${url.search.slice(1)}&${extra}` : extra;
  }
  return url;
}

/** A path, query or fragment reference: it names no host, so it needs a base URL. */
const RELATIVE = /^(?:\/(?!\/)|\.{1,2}(?:\/|$)|[?#])/;

/**
 * httpx's rule: a relative URL is appended to the base's path, whatever slashes either has.
 * Without a base, "host/path" gets http:// (tls_requests' rule); "/path" has no host to get.
 */
function joinBase(input: string, baseUrl: string | null): string {
  if (HAS_SCHEME.test(input)) return input;
  if (baseUrl === null) {
    if (RELATIVE.test(input)) throw new InvalidURL(`relative URL ${JSON.stringify(input)} without a baseUrl: give an absolute URL, or new AsyncClient({ baseUrl })`);
    // "//host/path" is scheme-relative: the host is there, the scheme is ours to choose.
    return input.startsWith('//') ? `http:${input}` : `http://${input}`;
  }
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return base + input.replace(/^\/+/, '');
}

export function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidURL(`invalid URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidURL(`unsupported URL scheme "${url.protocol.slice(0, -1)}" in ${text}: only http and https`);
  if (!url.hostname) throw new InvalidURL(`URL without a host: ${text}`);
  return url;
}

/**
 * Takes `user:pass@` out of the URL (percent-decoded, as curl and httpx read it): it becomes
 * Basic auth, and never goes on the wire or into `response.url` as part of the URL.
 */
export function takeCredentials(url: URL): readonly [string, string] | null {
  if (url.username === '' && url.password === '') return null;
  const credentials = [decode(url.username), decode(url.password)] as const;
  url.username = '';
  url.password = '';
  return credentials;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray "%" that starts no escape: the text as written.
    return text;
  }
}

/** Same origin: scheme, host and port (RFC 6454). */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin;
}

/** An http → https upgrade of the same host on the default ports (httpx keeps credentials then). */
export function isHttpsUpgrade(from: URL, to: URL): boolean {
  return from.protocol === 'http:' && to.protocol === 'https:' && from.hostname === to.hostname && from.port === '' && to.port === '';
}

import { http2Order } from '../profiles/http2-order.js';
import type { Profile } from '../profiles/types.js';
import { authorityFromHost } from './h2-authority.js';
import { hasHeader, needsEmptyContentLength, sortByOrder } from './header-order.js';

/**
 * Fields HTTP/2 forbids (RFC 9113 §8.2.2): connection-specific ones, which a browser never sends
 * on HTTP/2; Host becomes :authority.
 */
const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

export interface H2HeaderInput {
  method: string;
  headers: readonly [string, string][];
  profile: Profile;
  headerOrder: readonly string[] | null;
  authority: string;
  /** A streamed body gets no content-length unless the caller gave one: its DATA frames end it. */
  body: Uint8Array | AsyncIterable<Uint8Array> | null;
}

/** The :authority value and the regular fields, lower case, in the profile's HTTP/2 order. */
export function http2Headers(input: H2HeaderInput): { authority: string; headers: [string, string][] } {
  const authority = authorityFromHost(input.headers) ?? input.authority;
  let headers = input.headers
    .filter(([n, v]) => {
      const name = n.toLowerCase();
      // `te: trailers` is the one TE value HTTP/2 allows (§8.2.2).
      if (name === 'te') return v.trim().toLowerCase() === 'trailers';
      return !CONNECTION_SPECIFIC.has(name);
    })
    .map(([n, v]): [string, string] => [n.toLowerCase(), v]);
  if (!hasHeader(headers, 'content-length')) {
    if (input.body instanceof Uint8Array) headers.push(['content-length', String(input.body.length)]);
    else if (input.body === null && needsEmptyContentLength(input.method)) headers.push(['content-length', '0']);
  }
  headers = sortByOrder(headers, input.headerOrder ?? http2Order(input.profile));
  for (const [name, value] of input.profile.http2.trailingHeaders) if (!hasHeader(headers, name)) headers.push([name.toLowerCase(), value]);
  return { authority, headers };
}

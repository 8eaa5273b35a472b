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

const orders = new WeakMap<Profile, string[]>();

/**
 * The profile's default headers in order, with each placed header (cookie, content-type...)
 * inserted right after its `after`. Placing every placed header, present or not, gives the right
 * relative order for any subset: an absent `after` then simply drops out, which is the
 * "placement of `after` itself applies" rule.
 */
export function http2Order(profile: Profile): string[] {
  const cached = orders.get(profile);
  if (cached) return cached;
  const order = profile.headers.map(([n]) => n.toLowerCase());
  const placements = Object.entries(profile.headerPlacement);
  const place = (name: string, depth: number): void => {
    if (order.includes(name)) return;
    const after = profile.headerPlacement[name as keyof Profile['headerPlacement']]?.after ?? '';
    if (after && !order.includes(after) && depth < placements.length) place(after, depth + 1);
    const at = after ? order.indexOf(after) + 1 : leadingPlaced(order, profile);
    order.splice(at, 0, name);
  };
  for (const [name] of placements) place(name, 0);
  orders.set(profile, order);
  return order;
}

/** Where a header placed "before every default" goes: after those already placed there. */
function leadingPlaced(order: string[], profile: Profile): number {
  const defaults = new Set(profile.headers.map(([n]) => n.toLowerCase()));
  let i = 0;
  while (i < order.length && !defaults.has(order[i]!)) i++;
  return i;
}

/**
 * A profile with its header order replaced by a list of names, as tls-client's `headerOrder`
 * does. The listed names go first, in the list's order; the profile's other headers follow in
 * their own order. A listed header the profile places (cookie, referer...) is placed after the
 * listed header before it, so HTTP/2 and HTTP/1.1 agree. A listed name the profile neither sends
 * nor places orders HTTP/1.1 only: HTTP/2 puts a page's own headers after the browser's, as
 * browsers do (a request's `headerOrder` option orders everything).
 */
import { RequestError } from '../../errors.js';
import type { HeaderPlacement, PlacedHeader, Profile } from '../types.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

function names(order: readonly string[]): string[] {
  const lower = order.map((n) => n.trim().toLowerCase());
  for (const name of lower) {
    if (name.startsWith(':')) throw new RequestError(`headerOrder: "${name}" is a pseudo-header; its order comes from the HTTP/2 profile (the Akamai string's last field)`);
    if (!TOKEN.test(name)) throw new RequestError(`headerOrder: "${name}" is not a header name`);
  }
  const repeated = lower.find((n, i) => lower.indexOf(n) !== i);
  if (repeated) throw new RequestError(`headerOrder: "${repeated}" is listed twice`);
  return lower;
}

export function withHeaderOrder(profile: Profile, order: readonly string[]): Profile {
  const wanted = names(order);
  const rank = (name: string): number => {
    const i = wanted.indexOf(name.toLowerCase());
    return i < 0 ? wanted.length : i;
  };
  // Array.prototype.sort is stable: unlisted headers keep their relative order.
  const headers = [...profile.headers].sort((a, b) => rank(a[0]) - rank(b[0]));
  const placed = profile.headerPlacement as Record<string, HeaderPlacement>;
  const known = (name: string): boolean => name in placed || headers.some(([n]) => n.toLowerCase() === name);
  const headerPlacement = { ...profile.headerPlacement };
  wanted.forEach((name, i) => {
    if (!(name in placed)) return;
    const before = wanted.slice(0, i).reverse().find(known);
    headerPlacement[name as PlacedHeader] = { after: before ?? '' };
  });
  // HTTP/1.1 keeps the profile's spelling of the names it knows (`User-Agent`, `sec-ch-ua`).
  const spelling = new Map(profile.http1.headerOrder.map((n) => [n.toLowerCase(), n]));
  const http1Order = [...wanted.map((n) => spelling.get(n) ?? n), ...profile.http1.headerOrder.filter((n) => !wanted.includes(n.toLowerCase()))];
  return { ...profile, headers, headerPlacement, http1: { ...profile.http1, headerOrder: http1Order } };
}

/**
 * Reads a profile's `headerPlacement`: the order of a request's regular header names (HTTP/2
 * spelling, lower case) when it carries defaults plus some placed headers. Names the profile does
 * not know go after all of them, in the caller's order, where a browser puts a page's own headers.
 */
import type { Profile } from './types.js';

export function orderHeaderNames(profile: Profile, names: readonly string[]): string[] {
  const wanted = names.map((n) => n.toLowerCase());
  const present = new Set(wanted);
  const after = (name: string): string | undefined => (profile.headerPlacement as Record<string, { after: string } | undefined>)[name]?.after;
  /** The anchor a placed header follows in this request: its own, or its anchor's, and so on. */
  const anchorOf = (name: string): string => {
    let anchor = after(name) ?? '';
    while (anchor !== '' && !present.has(anchor)) anchor = after(anchor) ?? '';
    return anchor;
  };
  const depth = (name: string): number => {
    const anchor = after(name);
    return anchor === undefined || anchor === '' ? 0 : 1 + depth(anchor);
  };

  const order = profile.headers.map(([name]) => name).filter((n) => present.has(n));
  // Anchors first, so "content-type after origin" finds origin already in place.
  const placed = Object.keys(profile.headerPlacement)
    .filter((n) => present.has(n))
    .sort((a, b) => depth(a) - depth(b));
  for (const name of placed) {
    const anchor = anchorOf(name);
    order.splice(anchor === '' ? 0 : order.indexOf(anchor) + 1, 0, name);
  }
  const known = new Set(order);
  return [...order, ...wanted.filter((n) => !known.has(n))];
}

/**
 * Helpers for the profile data files of the non-Chromium families. Many identifiers are one
 * browser build's wire shape with another version's user agent (Firefox 102-110, Safari 15.x on
 * iPhone and iPad...): each keeps its own file, built here from its base so the shared bytes are
 * written once. Everything returned is a fresh plain value (structuredClone), so no two profiles
 * share an array that a caller could mutate through one of them.
 */
import { orderHeaderNames } from '../header-order.js';
import type { HeaderList, HpackPolicySpec, Http1Profile, Profile } from '../types.js';

/** `base` with the given fields replaced; a base's aliases never carry over to its variants. */
export function variant(base: Profile, changes: Partial<Profile> & Pick<Profile, 'id' | 'version' | 'source'>): Profile {
  const { aliases: _dropped, ...copy } = structuredClone(base);
  return { ...copy, ...structuredClone(changes) };
}

/** `headers` with one field's value replaced in place (a user agent per version). */
export function withHeader(headers: HeaderList, name: string, value: string): HeaderList {
  if (!headers.some(([n]) => n === name)) throw new Error(`no ${name} header to replace`);
  return headers.map(([n, v]) => [n, n === name ? value : v]);
}

/** `Sec-Fetch-Dest` from `sec-fetch-dest`: the canonical HTTP/1.1 spelling these stacks use. */
function wireSpelling(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/**
 * The HTTP/1.1 header order implied by a profile's default headers and placements (so the two
 * orders can never disagree): Host first, every default and placed header in HTTP/2 order with
 * its canonical spelling, and `Connection: keep-alive` right after `connectionAfter`.
 */
export function http1From(p: Pick<Profile, 'headers' | 'headerPlacement' | 'http2'>, connectionAfter: string, omit: string[] = []): Http1Profile {
  // orderHeaderNames reads only the headers and placements; the rest of the profile is not needed.
  const shape = { headers: p.headers, headerPlacement: p.headerPlacement } as Pick<Profile, 'headers' | 'headerPlacement'>;
  const names = orderHeaderNames(shape as Profile, [...p.headers.map(([n]) => n), ...Object.keys(p.headerPlacement)]).filter(
    (n) => !omit.includes(n),
  );
  const order = ['Host', ...names.map(wireSpelling)];
  const at = connectionAfter === 'Host' ? 1 : order.indexOf(connectionAfter) + 1;
  if (at === 0) throw new Error(`no ${connectionAfter} to put Connection after`);
  order.splice(at, 0, 'Connection');
  return { headerOrder: order, extraHeaders: [['Connection', 'keep-alive']], omitHeaders: omit };
}

/**
 * An HPACK encoder that indexes every field and Huffman-codes when that is shorter (RFC 7541's
 * defaults, as nghttp2 and most stacks encode). No capture of these stacks' header blocks is
 * public, so this is the documented assumption for Safari and the app stacks.
 */
export const plainHpack: HpackPolicySpec = {
  default: { indexing: 'incremental', huffman: 'shorter', useIndexedField: true, nameReference: 'first' },
  rules: [],
};

/**
 * OkHttp's Hpack.Writer: pseudo-headers other than :authority go out without indexing (they change
 * per request), everything else is indexed; Huffman only when shorter.
 */
export const okhttpHpack: HpackPolicySpec = {
  default: { indexing: 'incremental', huffman: 'shorter', useIndexedField: true, nameReference: 'first' },
  rules: [{ names: [':method', ':path', ':scheme'], encoding: { indexing: 'without', huffman: 'shorter', useIndexedField: true, nameReference: 'first' } }],
};

/**
 * Encoding policies of real clients, as observed in the captures under shared/captures and read
 * in their encoders' behaviour (RFC 7541 leaves every one of these choices to the encoder).
 * Things outside HPACK proper, such as splitting `cookie` into crumbs (RFC 9113 §8.2.3, both
 * browsers do it) or Firefox's trailing `te: trailers`, belong to whoever builds the field list.
 */
import { entrySize } from '../../../vocabulary/hpack-encoding.js';
import type { EncodingPolicy, FieldEncoding } from './representation.js';

/**
 * Chrome (quiche's HpackEncoder): exact table matches go out indexed, whatever the field; every
 * regular header is inserted with incremental indexing, with no size threshold and no
 * sensitive-name list; of the pseudo-headers only `:authority` is indexed, the others are
 * literals without indexing (`:path: /favicon.ico` → 0x04 ...). A name is referenced by its
 * lowest index, and a string is Huffman-coded only when that is strictly shorter (`?0` and
 * `"Linux"` go out raw).
 */
export const chromePolicy: EncodingPolicy = (name) => ({
  indexing: name === '' || (name.startsWith(':') && name !== ':authority') ? 'without' : 'incremental',
  huffman: 'shorter',
  useIndexedField: true,
  nameReference: 'first',
});

/**
 * Firefox (Necko's Http2Compressor): every string is Huffman-coded, even when that is no shorter
 * (`/` → 0x81 0x63). `:path` is never indexed and never sent as an index (`:path: /` → 0x04 0x81
 * 0x63); `authorization`, and `cookie` crumbs under 20 octets, are never-indexed literals; any
 * other field that would take more than half the table (or a table under 128 octets) is a literal
 * without indexing. The name reference comes from a scan up from index 1 that keeps the last
 * entry with the name and stops at the first exact match.
 */
export const firefoxPolicy: EncodingPolicy = (name, value, table): FieldEncoding => {
  const base = { huffman: true, nameReference: 'last' } as const;
  if (name === 'authorization' || (name === 'cookie' && value.length < 20))
    return { ...base, indexing: 'never', useIndexedField: false };
  if (name === ':path') return { ...base, indexing: 'without', useIndexedField: false };
  if (entrySize(name, value) > table.maxSize / 2 || table.maxSize < 128)
    return { ...base, indexing: 'without', useIndexedField: true };
  return { ...base, indexing: 'incremental', useIndexedField: true };
};

/** One encoding for every field (the RFC 7541 Appendix C examples use these). */
export function fixedPolicy(encoding: FieldEncoding): EncodingPolicy {
  return () => encoding;
}

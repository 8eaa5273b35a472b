/**
 * The per-field choices an HPACK encoder makes (RFC 7541 §6): browsers differ exactly in these,
 * so profiles describe them as data and the encoder in src/http/h2/hpack follows them. Shared
 * here so profiles need no HTTP code.
 */

/** The three literal representations (§6.2.1, §6.2.2, §6.2.3). */
export type Indexing = 'incremental' | 'without' | 'never';

/** `true`/`false`: always/never Huffman-code; `'shorter'`: only when strictly shorter. */
export type HuffmanChoice = boolean | 'shorter';

/** What the encoder does with one header field. */
export interface FieldEncoding {
  /** The literal representation used when the field is not sent as an index. */
  indexing: Indexing;
  /** Huffman coding of the value, and of the name when it is sent as a literal. */
  huffman: HuffmanChoice;
  /** Overrides `huffman` for a literal name. */
  nameHuffman?: HuffmanChoice;
  /**
   * Send an Indexed Header Field when the static or dynamic table holds this exact (name, value).
   * Default: true, except for `indexing: 'never'` (a never-indexed field stays a literal, §7.1.3).
   * Chrome uses the match whatever the indexing (`:path: /` goes out as 0x84); Firefox only for
   * fields it would index (`:path: /` goes out as a literal).
   */
  useIndexedField?: boolean;
  /**
   * Which table entry names a literal when several share the name. `'first'` (default): the
   * lowest index, static table first (Chrome, nghttp2, the RFC 7541 examples). `'last'`: scanning
   * from index 1 up, the last entry with the name, stopping at the first exact match (Firefox's
   * scan). `'literal'`: always send the name as a string.
   */
  nameReference?: 'first' | 'last' | 'literal';
}

/** What a policy may look at besides the field: the encoder's dynamic table right now. */
export interface TableState {
  /** Octets in use (§4.1 sizes). */
  size: number;
  /** Current maximum size in octets. */
  maxSize: number;
}

/** Chooses the encoding of each field; called once per field, in order. */
export type EncodingPolicy = (name: string, value: string, table: TableState) => FieldEncoding;

/** §4.1: an entry's size is its name and value length in octets plus 32. */
export function entrySize(name: string, value: string): number {
  return name.length + value.length + 32;
}

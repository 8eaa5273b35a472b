/**
 * The vocabulary shared by the HPACK encoder and decoder: how one header field is represented
 * (RFC 7541 §6) and the per-field choices an encoder makes. Browsers differ exactly in these
 * choices, so they are data the caller passes in, not behaviour buried in the encoder.
 */

/** The three literal representations (§6.2.1, §6.2.2, §6.2.3). */
export type Indexing = 'incremental' | 'without' | 'never';

/** How a field appeared on the wire: an indexed field (§6.1) or one of the literals. */
export type Representation = 'indexed' | Indexing;

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

/** One decoded header field, with how it was represented (what a fingerprint echo reports). */
export interface DecodedField {
  name: string;
  value: string;
  representation: Representation;
  /** Indexed field: its index. Literal: the index of its name, or 0 when the name was a literal. */
  index: number;
  /** Whether the literal name was Huffman-coded; absent when the name came from a table. */
  nameHuffman?: boolean;
  /** Whether the value was Huffman-coded; absent for an indexed field. */
  valueHuffman?: boolean;
}

/** A decoded header block: its fields in order, and the table size updates that opened it. */
export interface DecodedHeaderBlock {
  fields: DecodedField[];
  tableSizeUpdates: number[];
}

/**
 * The vocabulary shared by the HPACK encoder and decoder: how one header field is represented
 * (RFC 7541 §6) and the per-field choices an encoder makes. Browsers differ exactly in these
 * choices, so they are data the caller passes in, not behaviour buried in the encoder.
 */

import type { Indexing } from '../../../vocabulary/hpack-encoding.js';

export type { EncodingPolicy, FieldEncoding, HuffmanChoice, Indexing, TableState } from '../../../vocabulary/hpack-encoding.js';

/** How a field appeared on the wire: an indexed field (§6.1) or one of the literals. */
export type Representation = 'indexed' | Indexing;

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

/**
 * The HPACK encoder (RFC 7541 §6), with every choice that makes browsers distinguishable left
 * to an `EncodingPolicy`: the literal representation, Huffman or not, whether an exact table match
 * becomes an indexed field, and which entry names a literal. Given the same policy and the same
 * SETTINGS, it emits a browser's header block byte for byte.
 *
 * Its dynamic table mirrors the peer's decoder: it inserts exactly the fields it sends with
 * incremental indexing, and every table size change it makes is signalled by a dynamic table size
 * update at the start of the next block (§4.2, §6.3).
 */
import { DEFAULT_HEADER_TABLE_SIZE, DynamicTable, type TableEntry } from './dynamic-table.js';
import { chromePolicy } from './policies.js';
import { BlockWriter, huffmanIsShorter, toOctets } from './primitives.js';
import type { EncodingPolicy, FieldEncoding, HuffmanChoice } from './representation.js';
import { STATIC_TABLE, STATIC_TABLE_LENGTH } from './static-table.js';

export interface HpackEncoderOptions {
  /**
   * The peer's SETTINGS_HEADER_TABLE_SIZE, the most our table may use; the table starts at this
   * size without signalling it (both ends already agree). Default 4096.
   */
  tableSizeLimit?: number;
  /** Default: `chromePolicy`. */
  policy?: EncodingPolicy;
  /**
   * When the peer's limit changes, resize the table to the new limit and signal it (what
   * Chrome's encoder does, larger limits included); when false, only shrink when the table no
   * longer fits. Default true.
   */
  followLimit?: boolean;
}

/** A header field to encode: name and value as octet strings (latin1, see primitives.ts). */
export type HeaderField = readonly [name: string, value: string];

function checkSize(what: string, size: number): void {
  if (!Number.isInteger(size) || size < 0 || size > 0xffff_ffff) throw new RangeError(`${what} ${size} is not a valid table size`);
}

export class HpackEncoder {
  private readonly table: DynamicTable;
  private limit: number;
  private readonly policy: EncodingPolicy;
  private readonly followLimit: boolean;
  /** Set when the table size changed since the last block; the lowest size it took meanwhile. */
  private updatePending = false;
  private lowestPendingSize = Infinity;

  constructor(options: HpackEncoderOptions = {}) {
    this.limit = options.tableSizeLimit ?? DEFAULT_HEADER_TABLE_SIZE;
    checkSize('table size limit', this.limit);
    this.table = new DynamicTable(this.limit);
    this.policy = options.policy ?? chromePolicy;
    this.followLimit = options.followLimit ?? true;
  }

  /** The dynamic table, newest entry first (HPACK index 62 first). */
  get tableEntries(): TableEntry[] {
    return this.table.entries();
  }

  get tableSize(): number {
    return this.table.size;
  }

  get tableMaxSize(): number {
    return this.table.maxSize;
  }

  get tableSizeLimit(): number {
    return this.limit;
  }

  /** Applies the peer's new SETTINGS_HEADER_TABLE_SIZE. */
  setTableSizeLimit(limit: number): void {
    checkSize('table size limit', limit);
    // Chrome ignores a SETTINGS value equal to the one in force: no update goes out.
    if (limit === this.limit) return;
    this.limit = limit;
    if (this.followLimit || this.table.maxSize > limit) this.setTableSize(limit);
  }

  /**
   * Resizes our table (at most the peer's limit). The change is signalled at the start of the
   * next block, even when the size is unchanged, so this also emits an update on demand.
   */
  setTableSize(size: number): void {
    checkSize('table size', size);
    if (size > this.limit) throw new RangeError(`table size ${size} exceeds the peer's limit ${this.limit}`);
    this.table.setMaxSize(size);
    this.updatePending = true;
    this.lowestPendingSize = Math.min(this.lowestPendingSize, size);
  }

  /** Encodes one header block. `policy` overrides the encoder's policy for this block. */
  encode(fields: Iterable<HeaderField>, policy: EncodingPolicy = this.policy): Uint8Array {
    const w = new BlockWriter();
    this.emitSizeUpdates(w);
    for (const [name, value] of fields) {
      const encoding = policy(name, value, { size: this.table.size, maxSize: this.table.maxSize });
      this.encodeField(w, name, value, encoding);
    }
    return w.finish();
  }

  /**
   * §4.2: if the size went down and back up since the last block, the lowest size must be
   * signalled first (the peer must evict what we evicted), then the final one.
   */
  private emitSizeUpdates(w: BlockWriter): void {
    if (!this.updatePending) return;
    if (this.lowestPendingSize < this.table.maxSize) w.integer(this.lowestPendingSize, 5, 0x20);
    w.integer(this.table.maxSize, 5, 0x20);
    this.updatePending = false;
    this.lowestPendingSize = Infinity;
  }

  private encodeField(w: BlockWriter, name: string, value: string, encoding: FieldEncoding): void {
    const match = this.find(name, value);
    const useIndexed = encoding.useIndexedField ?? encoding.indexing !== 'never';
    if (useIndexed && match.exact) {
      w.integer(match.exact, 7, 0x80); // §6.1
      return;
    }
    const nameOctets = toOctets(name);
    const valueOctets = toOctets(value);
    const reference = encoding.nameReference ?? 'first';
    const nameIndex = reference === 'literal' ? 0 : reference === 'last' ? match.last : match.first;
    switch (encoding.indexing) {
      case 'incremental':
        w.integer(nameIndex, 6, 0x40); // §6.2.1
        break;
      case 'without':
        w.integer(nameIndex, 4, 0x00); // §6.2.2
        break;
      case 'never':
        w.integer(nameIndex, 4, 0x10); // §6.2.3
        break;
    }
    if (nameIndex === 0) w.string(nameOctets, useHuffman(encoding.nameHuffman ?? encoding.huffman, nameOctets));
    w.string(valueOctets, useHuffman(encoding.huffman, valueOctets));
    if (encoding.indexing === 'incremental') this.table.add(name, value);
  }

  /**
   * Looks the field up in the static then dynamic table (one index space, §2.3.3): the lowest
   * exact match, the lowest name match, and the name match Firefox's scan would keep (the last
   * one up to and including the first exact match). 0 means none. A linear scan: tables hold at
   * most a few hundred entries at browser sizes, and encoding is once per request.
   */
  private find(name: string, value: string): { exact: number; first: number; last: number } {
    let first = 0;
    let last = 0;
    const statics = STATIC_BY_NAME.get(name);
    if (statics !== undefined) {
      for (const entry of statics) {
        if (first === 0) first = entry.index;
        last = entry.index;
        if (entry.value === value) return { exact: entry.index, first, last };
      }
    }
    for (let i = 0; i < this.table.length; i++) {
      const e = this.table.get(i)!;
      if (e.name !== name) continue;
      const index = STATIC_TABLE_LENGTH + 1 + i;
      if (first === 0) first = index;
      last = index;
      if (e.value === value) return { exact: index, first, last };
    }
    return { exact: 0, first, last };
  }
}

/** The static table by name, each name's entries in index order (what a scan of it would meet). */
const STATIC_BY_NAME = new Map<string, { index: number; value: string }[]>();
for (let i = 0; i < STATIC_TABLE_LENGTH; i++) {
  const [name, value] = STATIC_TABLE[i]!;
  const entries = STATIC_BY_NAME.get(name) ?? [];
  entries.push({ index: i + 1, value });
  STATIC_BY_NAME.set(name, entries);
}

function useHuffman(choice: HuffmanChoice, octets: Uint8Array): boolean {
  return choice === 'shorter' ? huffmanIsShorter(octets) : choice;
}

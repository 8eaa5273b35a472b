/**
 * The HPACK decoder (RFC 7541 §3, §6). It returns each field with the representation it arrived
 * in, because a fingerprint echo reports how a client encodes, not only what.
 *
 * Any input either decodes or throws `RemoteProtocolError(…, 'COMPRESSION_ERROR')`: bad index,
 * truncated or oversized integer, bad Huffman padding, EOS, a size update out of place or above
 * our SETTINGS_HEADER_TABLE_SIZE, a string or header list over its limit. A decoder that has
 * thrown is dead (later calls rethrow): its table may be half-updated, and RFC 9113 §4.3 makes
 * the error fatal to the connection anyway.
 */
import { RemoteProtocolError } from '../../../errors.js';
import { entrySize } from '../../../vocabulary/hpack-encoding.js';
import { DEFAULT_HEADER_TABLE_SIZE, DynamicTable, type TableEntry } from './dynamic-table.js';
import { compressionError } from './errors.js';
import { BlockReader, fromOctets } from './primitives.js';
import type { DecodedField, DecodedHeaderBlock, Indexing } from './representation.js';
import { STATIC_TABLE_LENGTH, staticEntry } from './static-table.js';

export interface HpackDecoderOptions {
  /**
   * Our SETTINGS_HEADER_TABLE_SIZE in force: the largest table the peer may ask for. The table
   * starts at this size (as in RFC 7541 Appendix C.5). Default 4096.
   */
  tableSizeLimit?: number;
  /** RFC 9113 §6.5.2 size (octets of names and values + 32 per field). Default 256 KiB. */
  maxHeaderListSize?: number;
  /** Longest name or value, in octets after Huffman decoding. Default: `maxHeaderListSize`. */
  maxStringLength?: number;
}

export class HpackDecoder {
  private readonly table: DynamicTable;
  private limit: number;
  /** Set when our limit fell below the table size: the next block must open with an update ≤ it. */
  private requiredUpdate: number | undefined;
  private readonly maxHeaderListSize: number;
  private readonly maxStringLength: number;
  private failure: RemoteProtocolError | undefined;

  constructor(options: HpackDecoderOptions = {}) {
    this.limit = options.tableSizeLimit ?? DEFAULT_HEADER_TABLE_SIZE;
    this.table = new DynamicTable(this.limit);
    this.maxHeaderListSize = options.maxHeaderListSize ?? 256 * 1024;
    this.maxStringLength = options.maxStringLength ?? this.maxHeaderListSize;
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

  /**
   * Applies a new SETTINGS_HEADER_TABLE_SIZE of ours, once the peer has acknowledged it. Raising
   * it only permits the peer to grow its table; lowering it below the current size obliges the
   * peer to shrink at the start of its next block (§4.2), which `decode` then checks.
   */
  setTableSizeLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 0 || limit > 0xffff_ffff) throw new RangeError(`table size limit ${limit} is invalid`);
    this.limit = limit;
    if (limit < this.table.maxSize) {
      this.requiredUpdate = Math.min(limit, this.requiredUpdate ?? limit);
      this.table.setMaxSize(limit);
    }
  }

  /** Decodes one complete header block (HEADERS or PUSH_PROMISE plus its CONTINUATIONs). */
  decode(block: Uint8Array): DecodedHeaderBlock {
    if (this.failure) throw this.failure;
    try {
      return this.decodeBlock(block);
    } catch (error) {
      if (error instanceof RemoteProtocolError) this.failure = error;
      throw error;
    }
  }

  private decodeBlock(block: Uint8Array): DecodedHeaderBlock {
    const r = new BlockReader(block);
    const fields: DecodedField[] = [];
    const tableSizeUpdates: number[] = [];
    let listSize = 0;
    while (!r.done) {
      const first = r.peek();
      if ((first & 0xe0) === 0x20) {
        // §6.3: dynamic table size update, allowed only before the first field (§4.2).
        if (fields.length) throw compressionError('dynamic table size update after a header field');
        const size = r.integer(5);
        if (size > this.limit) throw compressionError(`table size update to ${size} exceeds SETTINGS_HEADER_TABLE_SIZE ${this.limit}`);
        this.table.setMaxSize(size);
        tableSizeUpdates.push(size);
        continue;
      }
      this.checkRequiredUpdate(tableSizeUpdates);
      const field = first & 0x80 ? this.indexed(r) : this.literal(r, first);
      listSize += entrySize(field.name, field.value);
      if (listSize > this.maxHeaderListSize) throw compressionError(`header list exceeds ${this.maxHeaderListSize} octets`);
      fields.push(field);
    }
    this.checkRequiredUpdate(tableSizeUpdates);
    return { fields, tableSizeUpdates };
  }

  /** After our limit dropped, the block must open with an update at or below it. */
  private checkRequiredUpdate(updates: number[]): void {
    const required = this.requiredUpdate;
    if (required === undefined) return;
    if (!updates.some((size) => size <= required))
      throw compressionError(`expected a table size update to at most ${required} at the start of the block`);
    this.requiredUpdate = undefined;
  }

  /** §6.1. */
  private indexed(r: BlockReader): DecodedField {
    const index = r.integer(7);
    const entry = this.lookup(index);
    return { name: entry.name, value: entry.value, representation: 'indexed', index };
  }

  /** §6.2.1 (01), §6.2.2 (0000), §6.2.3 (0001). */
  private literal(r: BlockReader, first: number): DecodedField {
    const representation: Indexing = first & 0x40 ? 'incremental' : first & 0x10 ? 'never' : 'without';
    const index = r.integer(representation === 'incremental' ? 6 : 4);
    const field: DecodedField = { name: '', value: '', representation, index };
    if (index === 0) {
      const name = r.string(this.maxStringLength);
      field.name = fromOctets(name.octets);
      field.nameHuffman = name.huffman;
    } else {
      field.name = this.lookup(index).name;
    }
    const value = r.string(this.maxStringLength);
    field.value = fromOctets(value.octets);
    field.valueHuffman = value.huffman;
    if (representation === 'incremental') this.table.add(field.name, field.value);
    return field;
  }

  /** §2.3.3: 1..61 static, then the dynamic table newest first; anything else is an error. */
  private lookup(index: number): TableEntry {
    if (index === 0) throw compressionError('index 0');
    if (index <= STATIC_TABLE_LENGTH) {
      const [name, value] = staticEntry(index)!;
      return { name, value };
    }
    const entry = this.table.get(index - STATIC_TABLE_LENGTH - 1);
    if (!entry) throw compressionError(`index ${index} is beyond the table (${STATIC_TABLE_LENGTH} static + ${this.table.length} dynamic)`);
    return entry;
  }
}

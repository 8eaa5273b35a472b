/**
 * The HPACK dynamic table (RFC 7541 §2.3.2, §4): a FIFO of header fields, newest first, bounded
 * by a size in octets where each entry counts name + value + 32 (§4.1). The encoder and the
 * decoder each keep one; they stay in step because both apply the same insertions, evictions and
 * size changes in the same order.
 */
import { entrySize } from '../../../vocabulary/hpack-encoding.js';

/** RFC 9113 §6.5.2: SETTINGS_HEADER_TABLE_SIZE starts at 4096, and so does each table. */
export const DEFAULT_HEADER_TABLE_SIZE = 4096;

export interface TableEntry {
  readonly name: string;
  readonly value: string;
}

export class DynamicTable {
  // Oldest first, from `head`; evicting advances `head` instead of shifting the array, and the
  // dead prefix is dropped once it dominates.
  private entriesOldestFirst: TableEntry[] = [];
  private head = 0;
  private octets = 0;
  private max: number;

  constructor(maxSize: number) {
    this.max = maxSize;
  }

  /** Current size in octets (sum of entry sizes). */
  get size(): number {
    return this.octets;
  }

  /** Current maximum size in octets. */
  get maxSize(): number {
    return this.max;
  }

  get length(): number {
    return this.entriesOldestFirst.length - this.head;
  }

  /** Entry `i` counted from the newest (0 = most recently added = HPACK index 62). */
  get(i: number): TableEntry | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    return this.entriesOldestFirst[this.entriesOldestFirst.length - 1 - i];
  }

  /** The entries newest first, as HPACK numbers them. */
  entries(): TableEntry[] {
    return this.entriesOldestFirst.slice(this.head).reverse();
  }

  /**
   * Inserts at the front, evicting from the end until it fits. §4.4: an entry larger than the
   * whole table empties it and is not added (that is not an error).
   */
  add(name: string, value: string): void {
    const size = entrySize(name, value);
    this.evictTo(this.max - size);
    if (size <= this.max) {
      this.entriesOldestFirst.push({ name, value });
      this.octets += size;
    }
  }

  /** Applies a new maximum size (a dynamic table size update), evicting as needed (§4.3). */
  setMaxSize(maxSize: number): void {
    this.max = maxSize;
    this.evictTo(maxSize);
  }

  private evictTo(limit: number): void {
    while (this.octets > Math.max(limit, 0) && this.length > 0) {
      const old = this.entriesOldestFirst[this.head++]!;
      this.octets -= entrySize(old.name, old.value);
    }
    if (this.head > 64 && this.head * 2 > this.entriesOldestFirst.length) {
      this.entriesOldestFirst = this.entriesOldestFirst.slice(this.head);
      this.head = 0;
    }
  }
}

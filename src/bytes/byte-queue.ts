/**
 * Bytes received in chunks, read in other cuts: the queue behind every incremental reader (TLS
 * records, HTTP/1.1 heads and bodies, HTTP/2 frames, WebSocket frames). It runs once per record or
 * frame, so it copies only where it must: a read inside one chunk is a view of that chunk, and
 * chunks are joined only for a read that spans them (or on `takeCopy`, whose result is owned).
 *
 * Consumed chunks are passed by an index rather than shifted off, so input arriving a byte at a
 * time stays linear; the array is compacted once the index has gone far enough.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Index of the first chunk not wholly consumed. */
  private head = 0;
  /** Bytes of `chunks[head]` already consumed. */
  private offset = 0;
  private size = 0;

  /** Bytes queued and not yet taken. */
  get length(): number {
    return this.size;
  }

  /** Queues a chunk as is (not copied: the caller must not reuse it while it is queued). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The first `n` bytes, left queued: a view when they lie in one chunk, else a joined copy. */
  peek(n: number): Uint8Array {
    this.check(n);
    const first = this.chunks[this.head];
    if (first !== undefined && first.length - this.offset >= n) return first.subarray(this.offset, this.offset + n);
    return this.join(n, false);
  }

  /** Removes and returns `n` bytes: a view when they lie in one chunk, else a joined copy. */
  take(n: number): Uint8Array {
    this.check(n);
    if (n === 0) return new Uint8Array(0);
    const first = this.chunks[this.head]!;
    const end = this.offset + n;
    if (end > first.length) return this.join(n, true);
    const out = this.offset === 0 && end === first.length ? first : first.subarray(this.offset, end);
    this.skip(n);
    return out;
  }

  /** Removes and returns `n` bytes in a new array of their own (the chunks may be reused). */
  takeCopy(n: number): Uint8Array {
    this.check(n);
    return this.join(n, true);
  }

  /** Up to `max` bytes (at least one while any is queued) from the first chunk: never a copy. */
  takeFirst(max: number): Uint8Array {
    const first = this.chunks[this.head];
    if (first === undefined) return new Uint8Array(0);
    return this.take(Math.min(max, first.length - this.offset));
  }

  /** Drops `n` bytes. */
  skip(n: number): void {
    this.check(n);
    this.size -= n;
    let rest = this.offset + n;
    let head = this.head;
    while (rest > 0 && rest >= this.chunks[head]!.length) {
      rest -= this.chunks[head]!.length;
      head++;
    }
    this.head = head;
    this.offset = rest;
    this.compact();
  }

  /**
   * Position (from the first queued byte) of the first `byte` in [from, end), or -1. A caller
   * that waits for more input passes the length it already searched as `from`, so no byte is
   * searched twice.
   */
  indexOf(byte: number, from = 0, end = this.size): number {
    let base = 0;
    for (let i = this.head; i < this.chunks.length && base < end; i++) {
      const chunk = this.chunks[i]!;
      const start = i === this.head ? this.offset : 0;
      const length = chunk.length - start;
      if (base + length > from) {
        const at = chunk.indexOf(byte, start + Math.max(0, from - base));
        if (at >= 0) return base + at - start < end ? base + at - start : -1;
      }
      base += length;
    }
    return -1;
  }

  /** Drops everything queued. */
  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.offset = 0;
    this.size = 0;
  }

  private check(n: number): void {
    if (!(n >= 0 && n <= this.size)) throw new RangeError(`ByteQueue: ${n} bytes asked for, ${this.size} queued`);
  }

  /** The first `n` bytes copied into a new array, consumed when `consume`. */
  private join(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    let offset = this.offset;
    for (let i = this.head; at < n; i++) {
      const chunk = this.chunks[i]!;
      const part = chunk.subarray(offset, Math.min(chunk.length, offset + n - at));
      out.set(part, at);
      at += part.length;
      offset = 0;
    }
    if (consume) this.skip(n);
    return out;
  }

  private compact(): void {
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    } else if (this.head > 64) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}

import { concatBytes as concatAll } from '../../bytes/concat.js';

/** One annotated span of a written message: bytes [start, end) and what they mean. */
export interface Annotation {
  start: number;
  end: number;
  comment: string;
  depth: number;
}

/**
 * Writes big-endian integers and length-prefixed vectors. Each field may carry a comment, so a
 * message built with this writer can be printed as an annotated hex dump (`explain()`) that
 * cannot drift from the bytes sent.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;
  private depth = 0;
  readonly annotations: Annotation[] = [];

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
  }

  get length(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private note(start: number, comment: string | undefined): this {
    if (comment !== undefined) this.annotations.push({ start, end: this.len, comment, depth: this.depth });
    return this;
  }

  u8(v: number, comment?: string): this {
    this.ensure(1);
    const s = this.len;
    this.buf[this.len++] = v & 0xff;
    return this.note(s, comment);
  }

  u16(v: number, comment?: string): this {
    this.ensure(2);
    const s = this.len;
    this.buf[this.len++] = (v >>> 8) & 0xff;
    this.buf[this.len++] = v & 0xff;
    return this.note(s, comment);
  }

  u24(v: number, comment?: string): this {
    this.ensure(3);
    const s = this.len;
    this.buf[this.len++] = (v >>> 16) & 0xff;
    this.buf[this.len++] = (v >>> 8) & 0xff;
    this.buf[this.len++] = v & 0xff;
    return this.note(s, comment);
  }

  u32(v: number, comment?: string): this {
    this.ensure(4);
    const s = this.len;
    this.buf[this.len++] = (v >>> 24) & 0xff;
    this.buf[this.len++] = (v >>> 16) & 0xff;
    this.buf[this.len++] = (v >>> 8) & 0xff;
    this.buf[this.len++] = v & 0xff;
    return this.note(s, comment);
  }

  bytes(b: Uint8Array, comment?: string): this {
    this.ensure(b.length);
    const s = this.len;
    this.buf.set(b, this.len);
    this.len += b.length;
    return this.note(s, comment);
  }

  /**
   * Opens a length prefix of `prefix` bytes; the returned function closes it, writing the length
   * of everything written in between. Use `vector()` where a callback reads better.
   */
  openLength(prefix: 1 | 2 | 3, comment?: string): () => void {
    const at = this.len;
    this.ensure(prefix);
    this.len += prefix;
    const annotationIndex = this.annotations.length;
    if (comment !== undefined) this.annotations.push({ start: at, end: at + prefix, comment: `length of ${comment}`, depth: this.depth });
    this.depth++;
    return () => {
      this.depth--;
      const n = this.len - at - prefix;
      const max = prefix === 1 ? 0xff : prefix === 2 ? 0xffff : 0xffffff;
      if (n > max) throw new RangeError(`${comment ?? 'vector'} is ${n} bytes, over the ${prefix}-byte length prefix`);
      for (let i = prefix - 1, v = n; i >= 0; i--, v >>>= 8) this.buf[at + i] = v & 0xff;
      if (comment !== undefined) this.annotations[annotationIndex]!.comment = `length of ${comment}: ${n}`;
    };
  }

  /** Writes a length-prefixed vector whose contents `body` writes. */
  vector(prefix: 1 | 2 | 3, body: (w: this) => void, comment?: string): this {
    const close = this.openLength(prefix, comment);
    body(this);
    close();
    return this;
  }

  /**
   * Replaces bytes already written (same length, same meaning): a value that can only be computed
   * over the finished message, as the TLS 1.3 PSK binder.
   */
  overwrite(at: number, b: Uint8Array): void {
    if (at < 0 || at + b.length > this.len) throw new RangeError(`overwrite of ${b.length} bytes at ${at} is outside the ${this.len} written`);
    this.buf.set(b, at);
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** The annotated hex dump of what was written: one line per commented field, indented by nesting. */
  explain(): string {
    const bytes = this.buf.subarray(0, this.len);
    const lines: string[] = [];
    for (const a of [...this.annotations].sort((x, y) => x.start - y.start || x.depth - y.depth)) {
      const hex = Buffer.from(bytes.subarray(a.start, a.end)).toString('hex');
      const shown = hex.length > 64 ? `${hex.slice(0, 64)}… (${a.end - a.start} bytes)` : hex;
      lines.push(`${'  '.repeat(a.depth)}${shown}  ${a.comment}`);
    }
    return lines.join('\n');
  }
}

/** The parts joined into a new array (src/bytes/concat.ts), for the engine's variadic calls. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return concatAll(parts);
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-fA-F]/g, '');
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/**
 * HPACK's two primitive types (RFC 7541 §5): prefixed integers and string literals, plus the
 * octet-string convention used by the encoder and decoder.
 *
 * Header names and values are octet strings on the wire. They are held here as JavaScript
 * strings with one character per octet (latin1), which is lossless both ways and keeps table
 * sizes (§4.1 counts octets) equal to `string.length`. A character above U+00FF is not an octet:
 * the encoder refuses it rather than guess an encoding.
 */
import { compressionError } from './errors.js';
import { huffmanDecode, huffmanEncode, huffmanEncodedLength } from './huffman.js';

/** The octets of a latin1 string; throws `TypeError` on a character above U+00FF. */
export function toOctets(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new TypeError(`header text must be octets (latin1); found U+${c.toString(16).padStart(4, '0')} at ${i}`);
    out[i] = c;
  }
  return out;
}

/** A string with one character per octet. */
export function fromOctets(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/** Appends HPACK output; grows as needed. */
export class BlockWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  byte(b: number): void {
    if (this.len === this.buf.length) this.grow(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    if (this.len + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /**
   * §5.1: an integer on an N-bit prefix, the first octet's other bits being `high`. Values that
   * do not fit the prefix continue in 7-bit groups, least significant first.
   */
  integer(value: number, prefixBits: number, high: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`HPACK integer ${value} is not a non-negative integer`);
    const max = (1 << prefixBits) - 1;
    if (value < max) {
      this.byte(high | value);
      return;
    }
    this.byte(high | max);
    let rest = value - max;
    while (rest >= 128) {
      this.byte((rest % 128) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.byte(rest);
  }

  /** §5.2: a string literal, Huffman-coded or raw. */
  string(octets: Uint8Array, huffman: boolean): void {
    if (huffman) {
      const coded = huffmanEncode(octets);
      this.integer(coded.length, 7, 0x80);
      this.bytes(coded);
    } else {
      this.integer(octets.length, 7, 0);
      this.bytes(octets);
    }
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private grow(n: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** Whether Huffman coding makes these octets strictly shorter (Chrome's test). */
export function huffmanIsShorter(octets: Uint8Array): boolean {
  return huffmanEncodedLength(octets) < octets.length;
}

/**
 * The largest integer the decoder accepts. Nothing in HPACK needs more (indices, string lengths
 * and table sizes are far smaller), and stopping here keeps arithmetic exact and bounds the
 * number of continuation octets a peer can make us read.
 */
export const MAX_HPACK_INTEGER = 0xffff_ffff;

/** Reads HPACK primitives from one header block; every overrun is a COMPRESSION_ERROR. */
export class BlockReader {
  private at = 0;

  constructor(private readonly block: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.block.length;
  }

  get offset(): number {
    return this.at;
  }

  /** The next octet without consuming it. */
  peek(): number {
    if (this.done) throw compressionError('header block ends early');
    return this.block[this.at]!;
  }

  /** §5.1, decoding: the N-bit prefix of the current octet, then continuation octets. */
  integer(prefixBits: number): number {
    const max = (1 << prefixBits) - 1;
    let value = this.next('integer') & max;
    if (value < max) return value;
    for (let shift = 0; ; shift += 7) {
      const b = this.next('integer continuation');
      value += (b & 0x7f) * 2 ** shift;
      if (value > MAX_HPACK_INTEGER || shift > 28) throw compressionError(`integer overflow (over ${MAX_HPACK_INTEGER})`);
      if (!(b & 0x80)) return value;
    }
  }

  /** §5.2, decoding: a string literal, at most `maxLength` octets once decoded. */
  string(maxLength: number): { octets: Uint8Array; huffman: boolean } {
    const huffman = (this.peek() & 0x80) !== 0;
    const length = this.integer(7);
    if (length > this.block.length - this.at) throw compressionError(`string of ${length} octets overruns the header block`);
    const raw = this.block.subarray(this.at, this.at + length);
    this.at += length;
    if (!huffman) {
      if (length > maxLength) throw compressionError(`string of ${length} octets exceeds the limit of ${maxLength}`);
      return { octets: raw, huffman };
    }
    return { octets: huffmanDecode(raw, maxLength), huffman };
  }

  private next(what: string): number {
    if (this.done) throw compressionError(`header block ends inside an ${what}`);
    return this.block[this.at++]!;
  }
}

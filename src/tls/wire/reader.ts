import { TLSError } from '../../errors.js';

/** A decode failure: the peer sent bytes that do not parse. Alert decode_error (50). */
export function decodeError(message: string): TLSError {
  return new TLSError(`malformed message: ${message}`, 50, 'decode_error', 'sent');
}

/**
 * Reads big-endian integers and length-prefixed vectors from a byte array, strictly: reading past
 * the end, or leaving bytes behind where `end()` is called, is a decode_error.
 */
export class ByteReader {
  private offset = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly what = 'message',
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  get position(): number {
    return this.offset;
  }

  private need(n: number, field: string): void {
    if (n > this.remaining) throw decodeError(`${this.what}: ${field} needs ${n} bytes, ${this.remaining} left`);
  }

  u8(field = 'u8'): number {
    this.need(1, field);
    return this.bytes[this.offset++]!;
  }

  u16(field = 'u16'): number {
    this.need(2, field);
    const v = (this.bytes[this.offset]! << 8) | this.bytes[this.offset + 1]!;
    this.offset += 2;
    return v;
  }

  u24(field = 'u24'): number {
    this.need(3, field);
    const b = this.bytes;
    const v = (b[this.offset]! << 16) | (b[this.offset + 1]! << 8) | b[this.offset + 2]!;
    this.offset += 3;
    return v;
  }

  u32(field = 'u32'): number {
    this.need(4, field);
    const b = this.bytes;
    const v = ((b[this.offset]! << 24) | (b[this.offset + 1]! << 16) | (b[this.offset + 2]! << 8) | b[this.offset + 3]!) >>> 0;
    this.offset += 4;
    return v;
  }

  /** `n` bytes, as a view (no copy). */
  bytesN(n: number, field = 'bytes'): Uint8Array {
    this.need(n, field);
    const v = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  rest(): Uint8Array {
    return this.bytesN(this.remaining, 'rest');
  }

  /** A vector with a 1-, 2- or 3-byte length prefix, as bytes. */
  vec(prefix: 1 | 2 | 3, field = 'vector', min = 0, max = Infinity): Uint8Array {
    const len = prefix === 1 ? this.u8(field) : prefix === 2 ? this.u16(field) : this.u24(field);
    if (len < min || len > max) throw decodeError(`${this.what}: ${field} length ${len} outside [${min}, ${max}]`);
    return this.bytesN(len, field);
  }

  /** A vector with a length prefix, as a reader over its contents. */
  sub(prefix: 1 | 2 | 3, field = 'vector', min = 0, max = Infinity): ByteReader {
    return new ByteReader(this.vec(prefix, field, min, max), `${this.what}.${field}`);
  }

  /** A list of u16 values inside a length-prefixed vector. */
  u16List(prefix: 1 | 2, field = 'list', min = 0): number[] {
    const r = this.sub(prefix, field, min);
    if (r.remaining % 2 !== 0) throw decodeError(`${this.what}: ${field} has odd length`);
    const out: number[] = [];
    while (r.remaining) out.push(r.u16(field));
    return out;
  }

  /** Asserts that every byte was consumed. */
  end(): void {
    if (this.remaining !== 0) throw decodeError(`${this.what}: ${this.remaining} trailing bytes`);
  }
}

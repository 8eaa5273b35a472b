/**
 * A strict DER reader (ITU-T X.690 §8 and §10): one tag octet, a definite minimal length, then
 * the contents. Anything BER allows but DER forbids (indefinite lengths, non-minimal lengths or
 * integers, booleans other than 00/FF, non-zero padding bits) is rejected, because two parsers
 * that disagree about a certificate's bytes are how signature checks get bypassed.
 *
 * Every failure is a `CertificateError(…, 'malformed')`; no index ever runs off the end.
 */
import { CertificateError } from '../../errors.js';

export function malformed(message: string): CertificateError {
  return new CertificateError(`malformed certificate: ${message}`, 'malformed');
}

/** Universal tags (X.690 §8.x), as the single identifier octet they encode to. */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8String: 0x0c,
  NumericString: 0x12,
  PrintableString: 0x13,
  TeletexString: 0x14,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  VisibleString: 0x1a,
  UniversalString: 0x1c,
  BMPString: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** A context-specific tag `[n]`, primitive (IMPLICIT over a primitive type) or constructed. */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** One decoded TLV. `encoded` is the whole element (tag, length and contents), e.g. a Name to compare. */
export interface DerElement {
  tag: number;
  value: Uint8Array;
  encoded: Uint8Array;
}

export interface BitString {
  bytes: Uint8Array;
  unusedBits: number;
}

/** Reads consecutive elements from `bytes`; `what` names the structure in error messages. */
export class DerReader {
  private offset = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly what: string,
  ) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  /** The next element's tag, without consuming it; undefined at the end. */
  peekTag(): number | undefined {
    return this.done ? undefined : this.bytes[this.offset];
  }

  read(field = 'element'): DerElement {
    const start = this.offset;
    const bytes = this.bytes;
    if (start >= bytes.length) throw malformed(`${this.what}: ${field} missing`);
    const tag = bytes[start]!;
    // Tag numbers >= 31 take several octets; nothing in X.509 uses them, so refusing is simpler than parsing.
    if ((tag & 0x1f) === 0x1f) throw malformed(`${this.what}: ${field} uses a high tag number`);
    let pos = start + 1;
    if (pos >= bytes.length) throw malformed(`${this.what}: ${field} has no length`);
    const first = bytes[pos++]!;
    let length: number;
    if (first < 0x80) {
      length = first;
    } else {
      const count = first & 0x7f;
      // 0x80 is BER's indefinite length; more than 4 octets cannot describe anything we could hold.
      if (count === 0) throw malformed(`${this.what}: ${field} has an indefinite length`);
      if (count > 4) throw malformed(`${this.what}: ${field} length is too large`);
      if (pos + count > bytes.length) throw malformed(`${this.what}: ${field} length is truncated`);
      if (bytes[pos] === 0) throw malformed(`${this.what}: ${field} length has a leading zero`);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
      if (length < 0x80) throw malformed(`${this.what}: ${field} length should use the short form`);
    }
    if (length > bytes.length - pos) throw malformed(`${this.what}: ${field} runs past the end`);
    this.offset = pos + length;
    return { tag, value: bytes.subarray(pos, pos + length), encoded: bytes.subarray(start, pos + length) };
  }

  /** Reads the next element and insists on its tag. */
  expect(tag: number, field: string): DerElement {
    const el = this.read(field);
    if (el.tag !== tag) throw malformed(`${this.what}: ${field} has tag 0x${hex2(el.tag)}, expected 0x${hex2(tag)}`);
    return el;
  }

  /** Reads the next element only if it carries `tag` (OPTIONAL and DEFAULT fields). */
  optional(tag: number, field = 'optional field'): DerElement | undefined {
    return this.peekTag() === tag ? this.read(field) : undefined;
  }

  /** Insists that nothing follows: trailing bytes are as suspicious as missing ones. */
  end(): void {
    if (!this.done) throw malformed(`${this.what}: ${this.bytes.length - this.offset} unexpected trailing bytes`);
  }

  sequence(field: string): DerReader {
    return new DerReader(this.expect(Tag.SEQUENCE, field).value, field);
  }

  integer(field: string): bigint {
    return decodeInteger(this.expect(Tag.INTEGER, field).value, field);
  }

  /** A non-negative INTEGER that must fit a JavaScript number (versions, path lengths, salt lengths). */
  smallInteger(field: string, max = 0xffff_ffff): number {
    return toSmall(this.integer(field), field, max);
  }

  boolean(field: string): boolean {
    return decodeBoolean(this.expect(Tag.BOOLEAN, field).value, field);
  }

  oid(field: string): string {
    return decodeOid(this.expect(Tag.OID, field).value, field);
  }

  bitString(field: string): BitString {
    return decodeBitString(this.expect(Tag.BIT_STRING, field).value, field);
  }

  octetString(field: string): Uint8Array {
    return this.expect(Tag.OCTET_STRING, field).value;
  }

  nullValue(field: string): void {
    if (this.expect(Tag.NULL, field).value.length !== 0) throw malformed(`${field}: NULL with contents`);
  }

  /** UTCTime or GeneralizedTime, as epoch milliseconds. */
  time(field: string): number {
    const el = this.read(field);
    return decodeTime(el.tag, el.value, field);
  }
}

/** Parses `bytes` as exactly one element (no trailing data) of the given tag. */
export function parseSingle(bytes: Uint8Array, tag: number, what: string): DerElement {
  const reader = new DerReader(bytes, what);
  const el = reader.expect(tag, what);
  reader.end();
  return el;
}

export function decodeInteger(value: Uint8Array, field: string): bigint {
  if (value.length === 0) throw malformed(`${field}: empty INTEGER`);
  // X.690 §8.3.2: the first nine bits must not be all zeros or all ones.
  if (value.length > 1) {
    const [a, b] = [value[0]!, value[1]!];
    if ((a === 0x00 && b < 0x80) || (a === 0xff && b >= 0x80)) throw malformed(`${field}: INTEGER is not minimally encoded`);
  }
  // Through hex: shifting a BigInt byte by byte is quadratic, and an RSA modulus has 256-512 bytes.
  let n = BigInt(`0x${Buffer.from(value.buffer, value.byteOffset, value.length).toString('hex')}`);
  // Two's complement: a set top bit means negative.
  if (value[0]! >= 0x80) n -= 1n << BigInt(value.length * 8);
  return n;
}

export function toSmall(n: bigint, field: string, max: number): number {
  if (n < 0n || n > BigInt(max)) throw malformed(`${field}: ${n} is out of range`);
  return Number(n);
}

export function decodeBoolean(value: Uint8Array, field: string): boolean {
  // X.690 §11.1: DER encodes TRUE as FF only.
  if (value.length !== 1 || (value[0] !== 0x00 && value[0] !== 0xff)) throw malformed(`${field}: BOOLEAN is not 00 or FF`);
  return value[0] === 0xff;
}

export function decodeBitString(value: Uint8Array, field: string): BitString {
  if (value.length === 0) throw malformed(`${field}: BIT STRING without its unused-bits octet`);
  const unusedBits = value[0]!;
  if (unusedBits > 7 || (value.length === 1 && unusedBits !== 0)) throw malformed(`${field}: bad BIT STRING padding count`);
  const bytes = value.subarray(1);
  // X.690 §11.2.1: the padding bits are zero in DER.
  if (unusedBits > 0 && (bytes[bytes.length - 1]! & ((1 << unusedBits) - 1)) !== 0) {
    throw malformed(`${field}: BIT STRING padding bits are not zero`);
  }
  return { bytes, unusedBits };
}

/** An OBJECT IDENTIFIER in dotted form (X.690 §8.19). */
export function decodeOid(value: Uint8Array, field: string): string {
  if (value.length === 0) throw malformed(`${field}: empty OBJECT IDENTIFIER`);
  const arcs: string[] = [];
  let n = 0n;
  let fresh = true;
  for (const byte of value) {
    // A subidentifier may not start with 0x80: that would be a non-minimal encoding.
    if (fresh && byte === 0x80) throw malformed(`${field}: OBJECT IDENTIFIER is not minimally encoded`);
    n = (n << 7n) | BigInt(byte & 0x7f);
    fresh = (byte & 0x80) === 0;
    if (fresh) {
      if (arcs.length === 0) {
        // The first subidentifier packs two arcs: 40 * X + Y, with X in 0..2.
        const x = n < 40n ? 0n : n < 80n ? 1n : 2n;
        arcs.push(String(x), String(n - 40n * x));
      } else {
        arcs.push(String(n));
      }
      n = 0n;
    }
  }
  if (!fresh) throw malformed(`${field}: OBJECT IDENTIFIER is truncated`);
  return arcs.join('.');
}

/**
 * UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ), as RFC 5280 §4.1.2.5 restricts
 * them: seconds present, UTC ("Z"), no fractions. Two-digit years 50-99 are 19xx.
 */
export function decodeTime(tag: number, value: Uint8Array, field: string): number {
  const text = ascii(value);
  let match: RegExpExecArray | null;
  let year: number;
  if (tag === Tag.UTCTime) {
    match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
    if (!match) throw malformed(`${field}: bad UTCTime "${printable(text)}"`);
    const yy = Number(match[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (tag === Tag.GeneralizedTime) {
    match = /^(\d\d\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
    if (!match) throw malformed(`${field}: bad GeneralizedTime "${printable(text)}"`);
    year = Number(match[1]);
  } else {
    throw malformed(`${field}: tag 0x${hex2(tag)} is not a time`);
  }
  const [month, day, hour, minute, second] = match.slice(2, 7).map(Number) as [number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March; a round trip catches every out-of-range field.
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    back.getUTCHours() !== hour ||
    back.getUTCMinutes() !== minute ||
    second > 59
  ) {
    throw malformed(`${field}: time "${text}" is out of range`);
  }
  return ms;
}

/**
 * The text of a directory string, for display and for comparing names; undefined when the bytes
 * are not valid for their type (the value is then compared byte for byte and shown as hex), so
 * two different invalid encodings can never fold into one name.
 */
export function decodeString(tag: number, value: Uint8Array): string | undefined {
  try {
    switch (tag) {
      case Tag.UTF8String:
        return new TextDecoder('utf-8', { fatal: true }).decode(value);
      case Tag.PrintableString:
      case Tag.IA5String:
      case Tag.NumericString:
      case Tag.VisibleString:
        return value.every((b) => b < 0x80) ? ascii(value) : undefined;
      case Tag.TeletexString:
        // T.61 in theory; in practice CAs put Latin-1 here, and browsers read it so.
        return new TextDecoder('latin1').decode(value);
      case Tag.BMPString:
        return value.length % 2 === 0 ? new TextDecoder('utf-16be', { fatal: true }).decode(value) : undefined;
      case Tag.UniversalString:
        return decodeUtf32(value);
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function decodeUtf32(value: Uint8Array): string | undefined {
  if (value.length % 4 !== 0) return undefined;
  let s = '';
  for (let i = 0; i < value.length; i += 4) {
    const cp = ((value[i]! << 24) | (value[i + 1]! << 16) | (value[i + 2]! << 8) | value[i + 3]!) >>> 0;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    s += String.fromCodePoint(cp);
  }
  return s;
}

/** Bytes as ASCII; a byte above 0x7f becomes U+FFFD so it can never pass for a letter. */
export function ascii(value: Uint8Array): string {
  let s = '';
  for (const b of value) s += b < 0x80 ? String.fromCharCode(b) : '\ufffd';
  return s;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 40);
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/**
 * ECDSA signatures travel in TLS and X.509 as DER `SEQUENCE { r INTEGER, s INTEGER }`
 * (RFC 8446 §4.2.3, RFC 5480 §2.2.3); noble verifies the fixed form `r || s`, each
 * left-padded to the scalar length. The parser is strict DER (X.690 §10): one canonical
 * encoding per signature, so a signature cannot be re-encoded into a "different" valid one.
 */
import { concatBytes } from '../wire/writer.js';

/**
 * The fixed-width `r || s` of a DER ECDSA signature, or null when the encoding is not
 * canonical DER or an integer is zero, negative or wider than `scalarLength` bytes.
 */
export function ecdsaDerToFixed(der: Uint8Array, scalarLength: number): Uint8Array | null {
  const outer = readTlv(der, 0, 0x30);
  if (outer === null || outer.end !== der.length) return null;
  const r = readTlv(der, outer.start, 0x02);
  if (r === null) return null;
  const s = readTlv(der, r.end, 0x02);
  if (s === null || s.end !== outer.end) return null;
  const out = new Uint8Array(2 * scalarLength);
  if (!placeInteger(der.subarray(r.start, r.end), out, 0, scalarLength)) return null;
  if (!placeInteger(der.subarray(s.start, s.end), out, scalarLength, scalarLength)) return null;
  return out;
}

/** The DER encoding of a fixed-width `r || s` (for tests and for symmetry with the parser). */
export function ecdsaFixedToDer(fixed: Uint8Array): Uint8Array {
  if (fixed.length === 0 || fixed.length % 2 !== 0) throw new RangeError('fixed ECDSA signature has odd length');
  const half = fixed.length / 2;
  const r = derInteger(fixed.subarray(0, half));
  const s = derInteger(fixed.subarray(half));
  return concatBytes(Uint8Array.of(0x30), derLength(r.length + s.length), r, s);
}

interface Tlv {
  start: number;
  end: number;
}

/** One TLV with the expected tag at `offset`, with a minimal definite length, inside `buf`. */
function readTlv(buf: Uint8Array, offset: number, tag: number): Tlv | null {
  if (offset + 2 > buf.length || buf[offset] !== tag) return null;
  let length = buf[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    // Signatures are at most ~140 bytes (P-521), so one length byte is all DER can need;
    // DER forbids the long form for lengths below 128.
    if (length !== 0x81 || start >= buf.length) return null;
    length = buf[start]!;
    if (length < 0x80) return null;
    start += 1;
  }
  const end = start + length;
  if (end > buf.length) return null;
  return { start, end };
}

/** Copies a positive minimal DER INTEGER's magnitude right-aligned into out[at, at+width). */
function placeInteger(content: Uint8Array, out: Uint8Array, at: number, width: number): boolean {
  if (content.length === 0) return false;
  if (content[0]! & 0x80) return false; // negative
  let magnitude = content;
  if (content[0] === 0) {
    // A leading zero is allowed only to keep a high bit from reading as a sign bit.
    if (content.length === 1 || !(content[1]! & 0x80)) return false;
    magnitude = content.subarray(1);
  }
  if (magnitude.length > width) return false;
  out.set(magnitude, at + width - magnitude.length);
  return true;
}

function derInteger(value: Uint8Array): Uint8Array {
  let i = 0;
  while (i < value.length - 1 && value[i] === 0) i++;
  let magnitude = value.subarray(i);
  if (magnitude[0]! & 0x80) magnitude = concatBytes(Uint8Array.of(0), magnitude);
  return concatBytes(Uint8Array.of(0x02), derLength(magnitude.length), magnitude);
}

function derLength(length: number): Uint8Array {
  return length < 0x80 ? Uint8Array.of(length) : Uint8Array.of(0x81, length);
}

/**
 * The few DER encoders (ITU-T X.690 §8, §10) a self-signed certificate needs. Each returns one
 * complete TLV, so a structure is written the way ASN.1 reads: `sequence(integer(...), ...)`.
 * Lengths are computed from the children, never counted by hand. The tag numbers come from the
 * project's DER reader, which is the parser these bytes must satisfy.
 */
import { Tag, contextTag } from '../../tls/x509/der.js';
import { concat } from './bytes.js';

/** Tag, minimal definite length (X.690 §10.1), contents. */
export function tlv(tag: number, contents: Uint8Array): Uint8Array {
  const n = contents.length;
  const lengthBytes: number[] = [];
  if (n < 0x80) {
    lengthBytes.push(n);
  } else {
    for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest & 0xff);
    lengthBytes.unshift(0x80 | lengthBytes.length);
  }
  const out = new Uint8Array(1 + lengthBytes.length + n);
  out[0] = tag;
  out.set(lengthBytes, 1);
  out.set(contents, 1 + lengthBytes.length);
  return out;
}

export const sequence = (...children: Uint8Array[]): Uint8Array => tlv(Tag.SEQUENCE, concat(children));
export const set = (...children: Uint8Array[]): Uint8Array => tlv(Tag.SET, concat(children));

/** An INTEGER from an unsigned magnitude: leading zeros trimmed, one 00 added if the top bit is set (DER is minimal and signed). */
export function unsignedInteger(magnitude: Uint8Array | number): Uint8Array {
  let bytes = typeof magnitude === 'number' ? numberBytes(magnitude) : magnitude;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = new Uint8Array([0]);
  return tlv(Tag.INTEGER, bytes[0]! & 0x80 ? concat([new Uint8Array([0]), bytes]) : bytes);
}

function numberBytes(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${n} is not a non-negative integer`);
  const out: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) out.unshift(rest % 256);
  return new Uint8Array(out.length ? out : [0]);
}

export const boolean = (value: boolean): Uint8Array => tlv(Tag.BOOLEAN, new Uint8Array([value ? 0xff : 0x00]));

/** X.690 §8.19: the first two arcs share one subidentifier; each subidentifier is base-128, high bit = more. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new RangeError(`bad OID ${dotted}`);
  const out: number[] = [];
  for (const sub of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const septets = [sub & 0x7f];
    for (let rest = Math.floor(sub / 128); rest > 0; rest = Math.floor(rest / 128)) septets.unshift(0x80 | (rest & 0x7f));
    out.push(...septets);
  }
  return tlv(Tag.OID, new Uint8Array(out));
}

export const utf8String = (text: string): Uint8Array => tlv(Tag.UTF8String, new TextEncoder().encode(text));
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(Tag.OCTET_STRING, bytes);

/** A BIT STRING of whole octets (unused-bits octet 0). */
export const bitString = (bytes: Uint8Array): Uint8Array => tlv(Tag.BIT_STRING, concat([new Uint8Array([0]), bytes]));

/**
 * A BIT STRING of named bits (keyUsage): bit 0 is the most significant bit of the first octet,
 * and DER drops trailing zero bits, stating how many bits of the last octet are unused (§11.2.2).
 */
export function namedBits(bits: readonly number[]): Uint8Array {
  const highest = Math.max(...bits);
  const octets = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) octets[b >> 3]! |= 0x80 >> (b & 7);
  return tlv(Tag.BIT_STRING, concat([new Uint8Array([7 - (highest & 7)]), octets]));
}

/**
 * RFC 5280 §4.1.2.5: UTCTime (YYMMDDHHMMSSZ) through 2049, GeneralizedTime from 2050; seconds
 * precision, always Zulu.
 */
export function time(date: Date): Uint8Array {
  const p = (n: number, width = 2): string => String(n).padStart(width, '0');
  const year = date.getUTCFullYear();
  const rest = `${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
  const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
  if (year >= 1950 && year < 2050) return tlv(Tag.UTCTime, ascii(`${p(year % 100)}${rest}`));
  return tlv(Tag.GeneralizedTime, ascii(`${p(year, 4)}${rest}`));
}

/** `[n] EXPLICIT`: a constructed context tag around a complete element. */
export const explicit = (n: number, element: Uint8Array): Uint8Array => tlv(contextTag(n, true), element);

/** `[n] IMPLICIT` over a primitive type: the context tag replaces the type's own tag. */
export const implicitPrimitive = (n: number, contents: Uint8Array): Uint8Array => tlv(contextTag(n, false), contents);

import { decodeError } from '../tls/wire/reader.js';

/** Lower-case, zero-padded 4-digit hex, the form JA4 and the captures write code points in. */
export function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/**
 * Bytes from hex text as found in capture files and logs: whitespace (including newlines) and
 * a leading `0x` are tolerated; anything else that is not a hex digit, or an odd digit count,
 * is a decode_error rather than a silently shortened buffer.
 */
export function bytesFromHex(text: string): Uint8Array {
  let clean = text.replace(/\s+/g, '');
  if (clean.startsWith('0x') || clean.startsWith('0X')) clean = clean.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(clean)) throw decodeError('hex input contains a non-hex character');
  if (clean.length % 2 !== 0) throw decodeError('hex input has an odd number of digits');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * The HPACK Huffman code (RFC 7541 §5.2, Appendix B).
 *
 * The code is canonical: sorting the 257 symbols by (code length, symbol value) and counting up
 * gives every code in Appendix B. So only the lengths are written down here and the codes are
 * derived, which leaves 257 small numbers to check against the RFC instead of 257 bit strings
 * (the tests compare derived codes with Appendix B and run every octet through Node's decoder).
 */
import { compressionError } from './errors.js';

export const EOS = 256;

// Code lengths in bits for symbols 0..256 (256 = EOS), 16 per row.
// prettier-ignore
const CODE_LENGTHS: readonly number[] = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, //   0..15
  28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, //  16..31
   6, 10, 10, 12, 13,  6,  8, 11, 10, 10,  8, 11,  8,  6,  6,  6, //  32..47  ' ' .. '/'
   5,  5,  5,  6,  6,  6,  6,  6,  6,  6,  7,  8, 15,  6, 12, 10, //  48..63  '0' .. '?'
  13,  6,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7, //  64..79  '@' .. 'O'
   7,  7,  7,  7,  7,  7,  7,  7,  8,  7,  8, 13, 19, 13, 14,  6, //  80..95  'P' .. '_'
  15,  5,  6,  5,  6,  5,  6,  6,  6,  5,  7,  7,  6,  6,  6,  5, //  96..111 '`' .. 'o'
   6,  7,  6,  5,  5,  6,  7,  7,  7,  7,  7, 15, 11, 14, 13, 28, // 112..127 'p' .. DEL
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, // 128..143
  24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, // 144..159
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, // 160..175
  21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, // 176..191
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, // 192..207
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, // 208..223
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, // 224..239
  26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, // 240..255
  30,                                                             // 256 EOS
];

/** Codes for symbols 0..256, right-aligned (the "as hex, aligned to LSB" column of Appendix B). */
export const HUFFMAN_CODES: Uint32Array = new Uint32Array(257);
export const HUFFMAN_LENGTHS: Uint8Array = Uint8Array.from(CODE_LENGTHS);

// Canonical assignment: within each length, codes count up by symbol; moving to the next length
// appends a zero bit (shifts left).
{
  const order = [...HUFFMAN_LENGTHS.keys()].sort((a, b) => HUFFMAN_LENGTHS[a]! - HUFFMAN_LENGTHS[b]! || a - b);
  let code = 0;
  let length = HUFFMAN_LENGTHS[order[0]!]!;
  for (const sym of order) {
    const l = HUFFMAN_LENGTHS[sym]!;
    code *= 2 ** (l - length);
    length = l;
    HUFFMAN_CODES[sym] = code;
    code += 1;
  }
}

/**
 * The decoding tree as a flat array: node n's children are at [2n] (bit 0) and [2n + 1] (bit 1);
 * a positive entry is the next node, a negative one `-(symbol + 1)` is a leaf. 257 leaves need 256
 * inner nodes; node 0 is the root.
 */
const TREE: Int16Array = (() => {
  const tree = new Int16Array(2 * 256);
  let nodes = 1;
  for (let sym = 0; sym <= EOS; sym++) {
    const code = HUFFMAN_CODES[sym]!;
    const len = HUFFMAN_LENGTHS[sym]!;
    let node = 0;
    for (let i = len - 1; i > 0; i--) {
      const slot = 2 * node + ((code >>> i) & 1);
      if (tree[slot] === 0) tree[slot] = nodes++;
      node = tree[slot]!;
    }
    tree[2 * node + (code & 1)] = -(sym + 1);
  }
  return tree;
})();

/** The length in octets of `bytes` once Huffman-coded (the last octet padded). */
export function huffmanEncodedLength(bytes: Uint8Array): number {
  let bits = 0;
  for (const b of bytes) bits += HUFFMAN_LENGTHS[b]!;
  return Math.ceil(bits / 8);
}

/** Huffman-codes `bytes`; the final partial octet is padded with the high bits of EOS (all ones). */
export function huffmanEncode(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(huffmanEncodedLength(bytes));
  let at = 0;
  let acc = 0; // the pending bits of the current octet, right-aligned
  let accBits = 0; // how many (always < 8)
  for (const b of bytes) {
    const code = HUFFMAN_CODES[b]!;
    let len = HUFFMAN_LENGTHS[b]!;
    // Codes run up to 30 bits, more than fit beside 7 pending bits in a 32-bit integer, so they
    // are fed out a byte's worth at a time.
    while (len > 0) {
      const room = 8 - accBits;
      if (len >= room) {
        out[at++] = (acc << room) | ((code >>> (len - room)) & ((1 << room) - 1));
        len -= room;
        acc = 0;
        accBits = 0;
      } else {
        acc = (acc << len) | (code & ((1 << len) - 1));
        accBits += len;
        len = 0;
      }
    }
  }
  if (accBits > 0) out[at++] = (acc << (8 - accBits)) | ((1 << (8 - accBits)) - 1);
  return out;
}

/**
 * Decodes a Huffman-coded string. RFC 7541 §5.2: padding longer than 7 bits, padding that is not
 * the most significant bits of EOS (all ones), and an EOS symbol inside the string are all
 * decoding errors (COMPRESSION_ERROR). `maxLength` bounds the decoded size.
 */
export function huffmanDecode(bytes: Uint8Array, maxLength = Infinity): Uint8Array {
  // Every symbol is at least 5 bits, so this bounds the output without a second pass.
  const out = new Uint8Array(Math.min(Math.floor((bytes.length * 8) / 5), maxLength));
  let n = 0;
  let node = 0;
  let pendingBits = 0; // bits read since the last complete symbol
  let pendingAllOnes = true;
  for (const byte of bytes) {
    for (let i = 7; i >= 0; i--) {
      const bitValue = (byte >>> i) & 1;
      const next = TREE[2 * node + bitValue]!;
      if (next < 0) {
        const sym = -next - 1;
        if (sym === EOS) throw compressionError('EOS symbol inside a Huffman-coded string');
        if (n >= maxLength) throw compressionError(`Huffman-coded string longer than ${maxLength} octets`);
        out[n++] = sym;
        node = 0;
        pendingBits = 0;
        pendingAllOnes = true;
      } else {
        node = next;
        pendingBits++;
        if (bitValue === 0) pendingAllOnes = false;
      }
    }
  }
  if (pendingBits > 7) throw compressionError(`Huffman padding of ${pendingBits} bits (at most 7 allowed)`);
  if (!pendingAllOnes) throw compressionError('Huffman padding is not a prefix of EOS');
  return out.slice(0, n);
}

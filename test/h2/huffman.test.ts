import { describe, expect, it } from 'vitest';
import { EOS, HUFFMAN_CODES, HUFFMAN_LENGTHS, huffmanDecode, huffmanEncode, huffmanEncodedLength } from '../../src/http/h2/hpack/huffman.js';
import { Rng, expectRemoteError, fromHex, toHex } from './support.js';

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

describe('HPACK Huffman code table (RFC 7541 Appendix B)', () => {
  // [symbol, code as hex aligned to LSB, length in bits], copied from Appendix B: the codes in
  // huffman.ts are derived from lengths alone, so these check the derivation, including every
  // symbol that cannot be sent through Node's http2 in the interop test (NUL, LF, CR).
  const appendixB: [number, number, number][] = [
    [0, 0x1ff8, 13], [1, 0x7fffd8, 23], [2, 0xfffffe2, 28], [8, 0xfffffe8, 28], [9, 0xffffea, 24],
    [10, 0x3ffffffc, 30], [11, 0xfffffe9, 28], [13, 0x3ffffffd, 30], [14, 0xfffffeb, 28], [21, 0xffffff2, 28],
    [22, 0x3ffffffe, 30], [23, 0xffffff3, 28], [31, 0xffffffb, 28], [32, 0x14, 6], [33, 0x3f8, 10],
    [34, 0x3f9, 10], [35, 0xffa, 12], [36, 0x1ff9, 13], [38, 0xf8, 8], [39, 0x7fa, 11],
    [47, 0x18, 6], [48, 0x0, 5], [58, 0x5c, 7], [59, 0xfb, 8], [60, 0x7ffc, 15], [62, 0xffb, 12],
    [63, 0x3fc, 10], [64, 0x1ffa, 13], [65, 0x21, 6], [88, 0xfc, 8], [90, 0xfd, 8], [91, 0x1ffb, 13],
    [92, 0x7fff0, 19], [94, 0x3ffc, 14], [96, 0x7ffd, 15], [97, 0x3, 5], [116, 0x9, 5], [122, 0x7b, 7],
    [123, 0x7ffe, 15], [124, 0x7fc, 11], [125, 0x3ffd, 14], [126, 0x1ffd, 13], [127, 0xffffffc, 28],
    [128, 0xfffe6, 20], [129, 0x3fffd2, 22], [135, 0x7fffd9, 23], [142, 0xffffeb, 24], [153, 0x1fffdc, 21],
    [192, 0x3ffffe0, 26], [195, 0x7fff1, 19], [199, 0x1ffffec, 25], [203, 0x7ffffde, 27], [208, 0x7fff2, 19],
    [220, 0xffffffd, 28], [224, 0xfffec, 20], [233, 0x3fffeb, 22], [239, 0x7ffff4, 23], [241, 0x7ffffe6, 27],
    [249, 0xffffffe, 28], [254, 0x7fffff0, 27], [255, 0x3ffffee, 26], [EOS, 0x3fffffff, 30],
  ];

  it.each(appendixB)('symbol %i has code %s', (sym, code, length) => {
    expect(HUFFMAN_LENGTHS[sym]).toBe(length);
    expect(HUFFMAN_CODES[sym]).toBe(code);
  });

  it('is a complete prefix code (Kraft sum exactly 1), so every bit string walks somewhere', () => {
    let kraft = 0;
    for (let s = 0; s <= EOS; s++) kraft += 2 ** -HUFFMAN_LENGTHS[s]!;
    expect(kraft).toBe(1);
  });
});

describe('Huffman encoding', () => {
  it('encodes the Appendix C.4 / C.6 strings', () => {
    expect(toHex(huffmanEncode(latin1('www.example.com')))).toBe('f1e3c2e5f23a6ba0ab90f4ff');
    expect(toHex(huffmanEncode(latin1('no-cache')))).toBe('a8eb10649cbf');
    expect(toHex(huffmanEncode(latin1('custom-key')))).toBe('25a849e95ba97d7f');
    expect(toHex(huffmanEncode(latin1('custom-value')))).toBe('25a849e95bb8e8b4bf');
    expect(toHex(huffmanEncode(latin1('302')))).toBe('6402');
    expect(toHex(huffmanEncode(latin1('Mon, 21 Oct 2013 20:13:21 GMT')))).toBe('d07abe941054d444a8200595040b8166e082a62d1bff');
    expect(toHex(huffmanEncode(latin1('https://www.example.com')))).toBe('9d29ad171863c78f0b97c8e9ae82ae43d3');
  });

  it('pads the last octet with ones and knows its length in advance', () => {
    expect(toHex(huffmanEncode(latin1('a')))).toBe('1f'); // 00011 + 111
    expect(toHex(huffmanEncode(latin1('/')))).toBe('63'); // 011000 + 11
    expect(huffmanEncode(new Uint8Array(0)).length).toBe(0);
    expect(huffmanEncodedLength(latin1('?0'))).toBe(2); // not shorter: Chrome sends it raw
  });

  it('round-trips 3000 random strings over every octet and over header-like text', () => {
    const rng = new Rng(0x5eed_0001);
    for (let i = 0; i < 3000; i++) {
      const alphabet = i % 3 === 0 ? undefined : 'abcdefghijklmnopqrstuvwxyz0123456789-_.,;=/ ":?*()ABCXYZ';
      const s = latin1(rng.text(rng.int(i % 100 === 0 ? 2000 : 64), alphabet));
      const coded = huffmanEncode(s);
      expect(coded.length).toBe(huffmanEncodedLength(s));
      expect(huffmanDecode(coded)).toEqual(s);
    }
  });

  it('round-trips every single octet', () => {
    for (let b = 0; b < 256; b++) expect(huffmanDecode(huffmanEncode(Uint8Array.of(b)))).toEqual(Uint8Array.of(b));
  });
});

describe('Huffman decoding is strict (RFC 7541 §5.2)', () => {
  it('rejects padding that is not a prefix of EOS', () => {
    expectRemoteError(() => huffmanDecode(fromHex('1e')), 'COMPRESSION_ERROR', /prefix of EOS/); // 'a' + 110
    expectRemoteError(() => huffmanDecode(fromHex('00')), 'COMPRESSION_ERROR', /prefix of EOS/); // '0' + 000
  });

  it('rejects padding longer than 7 bits', () => {
    expectRemoteError(() => huffmanDecode(fromHex('ff')), 'COMPRESSION_ERROR', /padding of 8 bits/);
    expectRemoteError(() => huffmanDecode(fromHex('1fff')), 'COMPRESSION_ERROR', /padding of 11 bits/);
  });

  it('rejects the EOS symbol inside a string', () => {
    expectRemoteError(() => huffmanDecode(fromHex('ffffffff')), 'COMPRESSION_ERROR', /EOS/);
    // 'a' (00011) then EOS (30 ones) then one bit of padding
    expectRemoteError(() => huffmanDecode(fromHex('1fffffffff')), 'COMPRESSION_ERROR', /EOS/);
  });

  it('enforces a maximum decoded length', () => {
    const coded = huffmanEncode(latin1('aaaaaaaaaa'));
    expect(huffmanDecode(coded, 10).length).toBe(10);
    expectRemoteError(() => huffmanDecode(coded, 9), 'COMPRESSION_ERROR', /longer than 9/);
  });

  it('decodes an empty string', () => {
    expect(huffmanDecode(new Uint8Array(0)).length).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { parseClientHello } from '../../src/fingerprint/clienthello.js';
import { ja4, ja4Alpn, sha256Hex12 } from '../../src/fingerprint/ja4.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { buildHello, ext } from './build-hello.js';

/**
 * The worked example of FoxIO's specification (technical_details/JA4.md): the cipher list, the
 * extension order and the signature algorithms it uses, wrapped in a ClientHello with GREASE in
 * every list (which must not change anything), must give the spec's JA4, JA4_r, JA4_o, JA4_ro.
 */

const SPEC_CIPHERS = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
const SPEC_SIGALGS = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The spec's extension order "001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015", each with a valid body. */
function specExtensions(options: { signatures?: boolean } = {}): Array<[number, Uint8Array]> {
  // Without signatures the extension stays, carrying only a GREASE value: that is how 000d can be
  // in the list while the signature part is empty, as in the spec's second example.
  const signatures = options.signatures === false ? [0x5a5a] : [0x5a5a, ...SPEC_SIGALGS];
  const list: Array<[number, Uint8Array]> = [
    [0x2a2a, ext.empty()],
    [0x001b, Uint8Array.of(2, 0, 2)],
    [0x0000, ext.serverName('example.com')],
    [0x0033, ext.keyShare([[0x3a3a, 1], [0x001d, 32]])],
    [0x0010, ext.alpn([ascii('h2'), ascii('http/1.1')])],
    [0x4469, ext.alpn([ascii('h2')])],
    [0x0017, ext.empty()],
    [0x002d, ext.u8List([1])],
    [0x000d, ext.u16List(2, signatures)],
    [0x0005, Uint8Array.of(1, 0, 0, 0, 0)],
    [0x0023, ext.empty()],
    [0x0012, ext.empty()],
    [0x002b, ext.u16List(1, [0x6a6a, 0x0304, 0x0303])],
    [0xff01, Uint8Array.of(0)],
    [0x000b, ext.u8List([0])],
    [0x000a, ext.u16List(2, [0x3a3a, 0x001d, 0x0017, 0x0018])],
    [0x0015, new Uint8Array(20)],
    [0x7a7a, Uint8Array.of(0)],
  ];
  return list;
}

const specHello = (options: { signatures?: boolean } = {}): Uint8Array =>
  buildHello({ ciphers: [0x0a0a, ...SPEC_CIPHERS], extensions: specExtensions(options) });

describe('JA4 specification examples', () => {
  it('reproduces JA4, JA4_r, JA4_o and JA4_ro of the worked example', () => {
    expect(ja4(specHello())).toEqual({
      ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
      ja4r: 't13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601',
      ja4o: 't13d1516h2_acb858a92679_18f69afefd3d',
      ja4ro:
        't13d1516h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015_0403,0804,0401,0503,0805,0501,0806,0601',
    });
  });

  it('reproduces the intermediate hashes the spec prints', () => {
    expect(sha256Hex12('002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9')).toBe('8daaf6152771');
    expect(
      bytesToHex(sha256(utf8ToBytes('0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601'))),
    ).toBe('e5627efa2ab19723084c1033a96c694a45826ab5a460d2d3fd5ffcfe97161c95');
  });

  it('without signature algorithms the extension string ends without "_" (spec: 6d807ffa2a79)', () => {
    expect(sha256Hex12('0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01')).toBe('6d807ffa2a79');
    const print = ja4(specHello({ signatures: false }));
    expect(print.ja4).toBe('t13d1516h2_8daaf6152771_6d807ffa2a79');
    expect(print.ja4r.split('_')).toHaveLength(3);
    expect(print.ja4r.endsWith(',4469,ff01')).toBe(true);
  });

  it('the ALPN rule: first and last character, "00" if none, hex digits if either end is not alphanumeric', () => {
    expect(ja4Alpn(undefined)).toBe('00');
    expect(ja4Alpn('')).toBe('00');
    expect(ja4Alpn('h2')).toBe('h2');
    expect(ja4Alpn('http/1.1')).toBe('h1');
    expect(ja4Alpn('h')).toBe('hh');
    const bytes = (...b: number[]): string => String.fromCharCode(...b);
    expect(ja4Alpn(bytes(0xab))).toBe('ab');
    expect(ja4Alpn(bytes(0xab, 0xcd))).toBe('ad');
    expect(ja4Alpn(bytes(0x30, 0xab))).toBe('3b');
    expect(ja4Alpn(bytes(0x30, 0x31, 0xab, 0xcd))).toBe('3d');
    expect(ja4Alpn(bytes(0x30, 0xab, 0xcd, 0x31))).toBe('01');
  });

  it('a binary ALPN in a real hello goes through the same rule', () => {
    const hello = buildHello({ ciphers: [0x1301], extensions: [[0x0010, ext.alpn([Uint8Array.of(0xab, 0xcd)])]] });
    expect(ja4(hello).ja4.slice(0, 10)).toBe('t12i0101ad');
  });

  it('version: legacy_version without supported_versions, highest non-GREASE with it, "00" if unknown', () => {
    expect(ja4(buildHello({ ciphers: [0x002f], extensions: [] })).ja4.slice(0, 4)).toBe('t12i');
    expect(ja4(buildHello({ legacyVersion: 0x0301, ciphers: [0x002f] })).ja4.slice(0, 4)).toBe('t10i');
    expect(ja4(buildHello({ legacyVersion: 0x0300, ciphers: [0x002f] })).ja4.slice(0, 4)).toBe('ts3i');
    const versions = (list: number[]): Uint8Array => buildHello({ ciphers: [0x1301], extensions: [[0x002b, ext.u16List(1, list)]] });
    expect(ja4(versions([0xfafa, 0x0303, 0x0304])).ja4.slice(0, 3)).toBe('t13');
    expect(ja4(versions([0x7f1c, 0x0304])).ja4.slice(0, 3)).toBe('t00');
    expect(ja4(versions([0xfefc, 0xfefd]), { protocol: 'd' }).ja4.slice(0, 3)).toBe('dd3');
    expect(ja4(versions([0x0304]), { protocol: 'q' }).ja4.slice(0, 3)).toBe('q13');
  });

  it('counts cap at 99; empty lists hash to 000000000000', () => {
    const many = Array.from({ length: 120 }, (_, i) => 0x0100 + i);
    expect(ja4(buildHello({ ciphers: many })).ja4.slice(4, 8)).toBe('9900');
    const onlyGrease = ja4(buildHello({ ciphers: [0x0a0a] }));
    expect(onlyGrease.ja4).toBe('t12i000000_000000000000_000000000000');
    expect(onlyGrease.ja4r).toBe('t12i000000__');
    // SNI and ALPN count in part a but leave part c empty.
    const sniOnly = ja4(buildHello({ ciphers: [0x1301], extensions: [[0x0000, ext.serverName('a.b')]] }));
    expect(sniOnly.ja4).toBe(`t12d010100_${sha256Hex12('1301')}_000000000000`);
  });

  it('GREASE never changes JA4', () => {
    const without = buildHello({
      ciphers: SPEC_CIPHERS,
      extensions: specExtensions().filter(([type]) => (type & 0x0f0f) !== 0x0a0a),
    });
    expect(ja4(parseClientHello(without))).toEqual(ja4(specHello()));
  });
});

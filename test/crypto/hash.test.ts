import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nobleProvider as p } from '../../src/tls/crypto/noble.js';
import type { HashName } from '../../src/tls/crypto/provider.js';
import { HASH_LENGTH } from '../../src/tls/crypto/provider.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const NAMES: HashName[] = ['sha1', 'sha256', 'sha384', 'sha512'];

describe('hash', () => {
  // FIPS 180-2 Appendix examples: the one-block message "abc".
  const ABC: Record<HashName, string> = {
    sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
    sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    sha384: 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    sha512:
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
  };

  it.each(NAMES)('%s("abc") matches FIPS 180-2', (name) => {
    expect(hex(p.hash(name, utf8('abc')))).toBe(ABC[name]);
    expect(p.hash(name, new Uint8Array(0)).length).toBe(HASH_LENGTH[name]);
  });

  it.each(NAMES)('%s incremental state: digest keeps the state open, clone forks it', (name) => {
    const data = new Uint8Array(1000).map((_, i) => i * 7);
    const h = p.createHash(name).update(data.subarray(0, 300));
    const snapshot = h.digest();
    expect(hex(snapshot)).toBe(createHash(name).update(data.subarray(0, 300)).digest('hex'));
    const fork = h.clone();
    h.update(data.subarray(300));
    expect(hex(h.digest())).toBe(createHash(name).update(data).digest('hex'));
    // The fork did not see the later update.
    expect(hex(fork.digest())).toBe(hex(snapshot));
    fork.update(utf8('x'));
    expect(hex(fork.digest())).toBe(createHash(name).update(data.subarray(0, 300)).update('x').digest('hex'));
  });
});

describe('hmac', () => {
  const key1 = new Uint8Array(20).fill(0x0b);
  const key6 = new Uint8Array(131).fill(0xaa);
  // RFC 4231 test cases 1, 2 and 6 (a key longer than the block size).
  const RFC4231: Array<[HashName, Uint8Array, string, string]> = [
    ['sha256', key1, 'Hi There', 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    ['sha384', key1, 'Hi There', 'afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6'],
    [
      'sha512',
      key1,
      'Hi There',
      '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
    ],
    ['sha256', utf8('Jefe'), 'what do ya want for nothing?', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    [
      'sha384',
      utf8('Jefe'),
      'what do ya want for nothing?',
      'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
    ],
    [
      'sha512',
      utf8('Jefe'),
      'what do ya want for nothing?',
      '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    ],
    [
      'sha256',
      key6,
      'Test Using Larger Than Block-Size Key - Hash Key First',
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      'sha384',
      key6,
      'Test Using Larger Than Block-Size Key - Hash Key First',
      '4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952',
    ],
    [
      'sha512',
      key6,
      'Test Using Larger Than Block-Size Key - Hash Key First',
      '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598',
    ],
    // RFC 2202 test cases 1 and 2 for HMAC-SHA-1 (TLS 1.2 CBC suites still use it).
    ['sha1', key1, 'Hi There', 'b617318655057264e28bc0b6fb378c8ef146be00'],
    ['sha1', utf8('Jefe'), 'what do ya want for nothing?', 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
  ];

  it.each(RFC4231)('HMAC-%s known answer', (name, key, data, expected) => {
    expect(hex(p.hmac(name, key, utf8(data)))).toBe(expected);
  });

  it.each(NAMES)('HMAC-%s agrees with node:crypto', (name) => {
    for (const keyLength of [0, 16, 64, 129]) {
      const key = new Uint8Array(keyLength).map((_, i) => i + keyLength);
      const data = new Uint8Array(333).map((_, i) => i ^ 0x5a);
      expect(hex(p.hmac(name, key, data))).toBe(createHmac(name, key).update(data).digest('hex'));
    }
  });
});

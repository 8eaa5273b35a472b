// sealInPlace (a record sealed inside its own buffer) must give exactly what seal gives, with both providers, and
// the number-based record nonce exactly what the BigInt reference gives.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nativeProvider } from '../../src/tls/crypto/native.js';
import { nobleProvider } from '../../src/tls/crypto/noble.js';
import { sequenceNonce, xorNonce } from '../../src/tls/record/protection.js';
import { Tls13Protection } from '../../src/tls/record/protection13.js';

describe('sealInPlace', () => {
  for (const name of ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'] as const) {
    it(`${name}: equals seal, the bytes before and the tag after in place, in both providers`, () => {
      const key = randomBytes(name === 'aes-128-gcm' ? 16 : 32);
      const nonce = randomBytes(12);
      for (const n of [0, 1, 101, 16385]) {
        const plaintext = randomBytes(n);
        const aad = randomBytes(5);
        const expected = nobleProvider.aead(name, key).seal(nonce, plaintext, aad);
        for (const provider of [nativeProvider, nobleProvider]) {
          const buffer = new Uint8Array(7 + n + 16 + 3).fill(0xee);
          buffer.set(plaintext, 7);
          provider.aead(name, key).sealInPlace(nonce, aad, buffer, 7, n);
          expect(buffer.subarray(0, 7)).toEqual(new Uint8Array(7).fill(0xee));
          expect(buffer.subarray(7, 7 + n + 16)).toEqual(expected);
          expect(buffer.subarray(7 + n + 16)).toEqual(new Uint8Array(3).fill(0xee));
        }
      }
    });
  }
});

describe('sequenceNonce', () => {
  it('equals the BigInt reference, across the 32-bit boundary', () => {
    const iv = randomBytes(12);
    for (const seq of [0, 1, 255, 256, 0xffffffff, 0x100000000, 0x123456789ab, 2 ** 53 - 1]) {
      expect(sequenceNonce(iv, seq)).toEqual(xorNonce(iv, BigInt(seq)));
    }
  });
});

describe('TLS 1.3 record built in one buffer', () => {
  it('equals header || seal(content || type || zero padding), and opens back', () => {
    const key = randomBytes(16);
    const iv = randomBytes(12);
    for (const paddingTo of [0, 64]) {
      const writer = new Tls13Protection(nativeProvider.aead('aes-128-gcm', key), iv, 16384, paddingTo);
      const reader = new Tls13Protection(nobleProvider.aead('aes-128-gcm', key), iv);
      for (const [seq, n] of [[0, 0], [1, 100], [2, 16384]] as const) {
        const content = randomBytes(n);
        const record = writer.seal(23, content);
        const pad = paddingTo ? (paddingTo - ((n + 1) % paddingTo)) % paddingTo : 0;
        const inner = new Uint8Array(n + 1 + pad);
        inner.set(content);
        inner[n] = 23;
        const header = Uint8Array.of(23, 3, 3, (inner.length + 16) >> 8, (inner.length + 16) & 0xff);
        const expected = nobleProvider.aead('aes-128-gcm', key).seal(sequenceNonce(iv, seq), inner, header);
        expect(new Uint8Array(record)).toEqual(new Uint8Array([...header, ...expected]));
        const opened = reader.open(23, 0x0303, record.subarray(5));
        expect(opened.type).toBe(23);
        expect(new Uint8Array(opened.content)).toEqual(new Uint8Array(content));
      }
    }
  });
});

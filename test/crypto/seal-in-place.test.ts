// sealInto (a record sealed in place) must give exactly what seal gives, with both providers, and
// the number-based record nonce exactly what the BigInt reference gives.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nativeProvider } from '../../src/tls/crypto/native.js';
import { nobleProvider } from '../../src/tls/crypto/noble.js';
import { sequenceNonce, xorNonce } from '../../src/tls/record/protection.js';

describe('sealInto', () => {
  for (const name of ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'] as const) {
    it(`${name}: equals seal(head || tail), written after the prefix, in both providers`, () => {
      const key = randomBytes(name === 'aes-128-gcm' ? 16 : 32);
      const nonce = randomBytes(12);
      for (const [h, t] of [[0, 1], [100, 1], [16384, 1], [1000, 300]] as const) {
        const head = randomBytes(h);
        const tail = randomBytes(t);
        const aad = randomBytes(5);
        const expected = nobleProvider.aead(name, key).seal(nonce, new Uint8Array([...head, ...tail]), aad);
        for (const provider of [nativeProvider, nobleProvider]) {
          const out = new Uint8Array(7 + h + t + 16).fill(0xee);
          provider.aead(name, key).sealInto(nonce, aad, head, tail, out, 7);
          expect(out.subarray(0, 7)).toEqual(new Uint8Array(7).fill(0xee));
          expect(out.subarray(7)).toEqual(expected);
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

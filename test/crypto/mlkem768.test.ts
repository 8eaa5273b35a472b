/**
 * Our ML-KEM-768 (src/tls/crypto/mlkem768.ts, FIPS 203 over node:crypto's SHA-3) against noble's
 * ml_kem768, an independent implementation: the same seed gives the same encapsulation key, a
 * ciphertext noble encapsulates to it decapsulates to noble's shared secret, and a tampered or
 * random ciphertext gives the implicit-rejection secret noble gives.
 */
import { randomBytes } from 'node:crypto';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { describe, expect, it } from 'vitest';
import { MLKEM768_CIPHERTEXT_LENGTH, mlKem768Keys } from '../../src/tls/crypto/mlkem768.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('ML-KEM-768 over node:crypto SHA-3', () => {
  it('the same keys as noble for 40 random seeds, and the same fixed-seed key', () => {
    for (let i = 0; i < 40; i++) {
      const seed = randomBytes(64);
      expect(hex(mlKem768Keys(seed).publicKey)).toBe(hex(ml_kem768.keygen(seed).publicKey));
    }
    const fixed = new Uint8Array(64).fill(7);
    expect(hex(mlKem768Keys(fixed).publicKey)).toBe(hex(ml_kem768.keygen(fixed).publicKey));
  });

  it('decapsulates what noble encapsulates, and rejects implicitly as noble does', () => {
    for (let i = 0; i < 20; i++) {
      const seed = randomBytes(64);
      const ours = mlKem768Keys(seed);
      const { secretKey } = ml_kem768.keygen(seed);
      const { cipherText, sharedSecret } = ml_kem768.encapsulate(ours.publicKey);
      expect(hex(ours.decapsulate(cipherText))).toBe(hex(sharedSecret));
      const tampered = cipherText.slice();
      tampered[i * 50] ^= 0x01;
      expect(hex(ours.decapsulate(tampered))).toBe(hex(ml_kem768.decapsulate(tampered, secretKey)));
      expect(hex(ours.decapsulate(tampered))).not.toBe(hex(sharedSecret));
      const random = randomBytes(MLKEM768_CIPHERTEXT_LENGTH);
      expect(hex(ours.decapsulate(random))).toBe(hex(ml_kem768.decapsulate(random, secretKey)));
    }
  });

  it('refuses a seed or ciphertext of the wrong length', () => {
    expect(() => mlKem768Keys(new Uint8Array(32))).toThrow(RangeError);
    expect(() => mlKem768Keys(new Uint8Array(64)).decapsulate(new Uint8Array(10))).toThrow(RangeError);
  });
});

import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { ecdsaDerToFixed, ecdsaFixedToDer } from '../../src/tls/crypto/ecdsa-signature.js';
import { nobleProvider as p } from '../../src/tls/crypto/noble.js';
import type { HashName, PublicKey } from '../../src/tls/crypto/provider.js';

const HASHES: HashName[] = ['sha1', 'sha256', 'sha384', 'sha512'];
const message = new TextEncoder().encode('X.509 tbsCertificate, say');

const CURVES = [
  ['P-256', 'prime256v1', 32, p256.Point.Fn.ORDER],
  ['P-384', 'secp384r1', 48, p384.Point.Fn.ORDER],
  ['P-521', 'secp521r1', 66, p521.Point.Fn.ORDER],
] as const;

function ecKey(curve: 'P-256' | 'P-384' | 'P-521', publicKey: KeyObject): PublicKey {
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  return { kind: 'ec', curve, point: new Uint8Array(Buffer.concat([Buffer.of(4), x, y])) };
}

const toBig = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex')}`);
const toFixed = (v: bigint, length: number): Uint8Array => new Uint8Array(Buffer.from(v.toString(16).padStart(2 * length, '0'), 'hex'));

describe('ECDSA verify against node:crypto signatures', () => {
  const pairs = new Map(CURVES.map(([curve, nodeCurve]) => [curve, generateKeyPairSync('ec', { namedCurve: nodeCurve })]));

  for (const [curve] of CURVES) {
    it.each(HASHES)(`${curve} with %s (any curve/hash pairing, as X.509 allows)`, (hash) => {
      const pair = pairs.get(curve)!;
      const key = ecKey(curve, pair.publicKey);
      for (let i = 0; i < 4; i++) {
        const signature = new Uint8Array(sign(hash, message, { key: pair.privateKey, dsaEncoding: 'der' }));
        expect(p.verify(key, { kind: 'ecdsa', hash }, message, signature)).toBe(true);
        const bad = message.slice();
        bad[0]! ^= 0x80;
        expect(p.verify(key, { kind: 'ecdsa', hash }, bad, signature)).toBe(false);
      }
    });
  }

  it.each(CURVES)('%s accepts high-S signatures (OpenSSL does not normalize S)', (curve, _nodeCurve, width, order) => {
    const pair = pairs.get(curve)!;
    const key = ecKey(curve, pair.publicKey);
    const fixed = ecdsaDerToFixed(new Uint8Array(sign('sha256', message, { key: pair.privateKey, dsaEncoding: 'der' })), width)!;
    const s = toBig(fixed.subarray(width));
    const flipped = new Uint8Array(2 * width);
    flipped.set(fixed.subarray(0, width));
    flipped.set(toFixed(order - s, width), width);
    // One of s and n - s is high; both must verify.
    expect(p.verify(key, { kind: 'ecdsa', hash: 'sha256' }, message, ecdsaFixedToDer(fixed))).toBe(true);
    expect(p.verify(key, { kind: 'ecdsa', hash: 'sha256' }, message, ecdsaFixedToDer(flipped))).toBe(true);
  });

  it('returns false for malformed signatures, keys and mismatched algorithms', () => {
    const pair = pairs.get('P-256')!;
    const key = ecKey('P-256', pair.publicKey);
    const signature = new Uint8Array(sign('sha256', message, { key: pair.privateKey, dsaEncoding: 'der' }));
    const alg = { kind: 'ecdsa', hash: 'sha256' } as const;
    expect(p.verify(key, alg, message, new Uint8Array(0))).toBe(false);
    expect(p.verify(key, alg, message, new Uint8Array([...signature, 0]))).toBe(false);
    expect(p.verify(key, alg, message, new Uint8Array(sign('sha256', message, { key: pair.privateKey, dsaEncoding: 'ieee-p1363' })))).toBe(false);
    expect(p.verify({ kind: 'ec', curve: 'P-256', point: new Uint8Array(65) }, alg, message, signature)).toBe(false);
    const offCurve = (key as { point: Uint8Array }).point.slice();
    offCurve[64]! ^= 1;
    expect(p.verify({ kind: 'ec', curve: 'P-256', point: offCurve }, alg, message, signature)).toBe(false);
    expect(p.verify({ kind: 'ec', curve: 'P-384', point: (key as { point: Uint8Array }).point }, alg, message, signature)).toBe(false);
    expect(p.verify(key, { kind: 'rsa-pkcs1', hash: 'sha256' }, message, signature)).toBe(false);
    expect(p.verify(key, { kind: 'ed25519' }, message, signature)).toBe(false);
    // r = 0 and s = 0 are never valid.
    expect(p.verify(key, alg, message, Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01))).toBe(false);
  });
});

describe('strict DER for ECDSA signatures', () => {
  const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

  it('parses minimal encodings into fixed width, with the sign-padding zero stripped', () => {
    expect(Buffer.from(ecdsaDerToFixed(hex('3006020101020102'), 4)!).toString('hex')).toBe('0000000100000002');
    expect(Buffer.from(ecdsaDerToFixed(hex('3009020300ff0102020080'), 2)!).toString('hex')).toBe('ff010080');
  });

  it.each([
    ['trailing bytes', '300602010102010200'],
    ['outer length too long', '3007020101020102'],
    ['outer length too short', '3005020101020102'],
    ['third element', '3009020101020102020103'],
    ['non-minimal leading zero', '300702020001020102'],
    ['negative integer', '3006020181020101'],
    ['empty integer', '30050200020101'],
    ['zero integer', '3006020100020101'],
    ['long-form length under 128', '308106020101020102'],
    ['indefinite length', '3080020101020102'],
    ['wrong outer tag', '3106020101020102'],
    ['wrong inner tag', '3006030101020102'],
    ['integer wider than the scalar', '30080203010203020101'],
  ])('rejects %s', (_label, der) => {
    expect(ecdsaDerToFixed(hex(der), 2)).toBeNull();
  });

  it('round-trips P-521 sized signatures, which need a long-form length', () => {
    const fixed = new Uint8Array(132).map((_, i) => (i === 0 || i === 66 ? 0x01 : 0xff - i));
    const der = ecdsaFixedToDer(fixed);
    expect(der[1]).toBe(0x81);
    expect(ecdsaDerToFixed(der, 66)).toEqual(fixed);
    const highBits = new Uint8Array(64).fill(0x80);
    expect(ecdsaDerToFixed(ecdsaFixedToDer(highBits), 32)).toEqual(highBits);
  });
});

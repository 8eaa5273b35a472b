import { createECDH, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { nobleProvider as p } from '../../src/tls/crypto/noble.js';
import type { RandomSource } from '../../src/tls/crypto/provider.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { seededRandom } from '../../src/tls/random.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Hands out exactly the given chunks, in order: a share built on known secret bytes. */
function fixedRandom(...chunks: Uint8Array[]): RandomSource {
  return {
    bytes(n) {
      const next = chunks.shift();
      if (next === undefined || next.length !== n) throw new Error(`unexpected draw of ${n} bytes`);
      return next;
    },
  };
}

function expectIllegalParameter(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TLSError);
  expect((caught as TLSError).alert).toBe(47);
  expect((caught as TLSError).alertName).toBe('illegal_parameter');
}

/** A node KeyObject for a raw X25519/X448 public key. */
function okpPublicKey(crv: 'X25519' | 'X448', raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv, x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

function okpRaw(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'));
}

describe('X25519 (RFC 7748)', () => {
  it('§5.2 scalar multiplication vector', () => {
    const share = p.generateKeyShare(
      Group.x25519,
      fixedRandom(bytes('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4')),
    );
    const out = share.deriveSecret(bytes('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c'));
    expect(hex(out)).toBe('c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552');
  });

  it('§6.1 Alice and Bob', () => {
    const alice = p.generateKeyShare(Group.x25519, fixedRandom(bytes('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a')));
    const bob = p.generateKeyShare(Group.x25519, fixedRandom(bytes('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb')));
    expect(hex(alice.publicKey)).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
    expect(hex(bob.publicKey)).toBe('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    const k = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(hex(alice.deriveSecret(bob.publicKey))).toBe(k);
    expect(hex(bob.deriveSecret(alice.publicKey))).toBe(k);
  });

  it('rejects low-order points (all-zero secret) and wrong lengths with illegal_parameter', () => {
    const share = p.generateKeyShare(Group.x25519, seededRandom('x25519-low-order'));
    expectIllegalParameter(() => share.deriveSecret(new Uint8Array(32)));
    expectIllegalParameter(() => share.deriveSecret(Uint8Array.of(1, ...new Uint8Array(31))));
    expectIllegalParameter(() => share.deriveSecret(new Uint8Array(31).fill(9)));
  });

  it.each([
    ['X25519', Group.x25519, 'x25519'],
    ['X448', Group.x448, 'x448'],
  ] as const)('%s secret equals node:crypto diffieHellman', (crv, group, type) => {
    const server = type === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('x448');
    const ours = p.generateKeyShare(group, seededRandom(`okp-${crv}`));
    const expected = diffieHellman({ privateKey: server.privateKey, publicKey: okpPublicKey(crv, ours.publicKey) });
    expect(hex(ours.deriveSecret(okpRaw(server.publicKey)))).toBe(expected.toString('hex'));
  });
});

describe('NIST curves', () => {
  const CURVES = [
    ['secp256r1', Group.secp256r1, 'prime256v1', 65],
    ['secp384r1', Group.secp384r1, 'secp384r1', 97],
    ['secp521r1', Group.secp521r1, 'secp521r1', 133],
  ] as const;

  it.each(CURVES)('%s: uncompressed share, secret equals node:crypto ECDH X', (_name, group, nodeCurve, length) => {
    for (let i = 0; i < 3; i++) {
      const ours = p.generateKeyShare(group, seededRandom(`ec-${group}-${i}`));
      expect(ours.publicKey.length).toBe(length);
      expect(ours.publicKey[0]).toBe(0x04);
      const server = createECDH(nodeCurve);
      server.generateKeys();
      const expected = server.computeSecret(ours.publicKey);
      expect(hex(ours.deriveSecret(server.getPublicKey()))).toBe(expected.toString('hex'));
    }
  });

  it.each(CURVES)('%s: rejects off-curve, compressed, infinity and mis-sized points', (_name, group, nodeCurve, length) => {
    const ours = p.generateKeyShare(group, seededRandom(`ec-bad-${group}`));
    const server = createECDH(nodeCurve);
    server.generateKeys();
    const good = new Uint8Array(server.getPublicKey());
    const offCurve = good.slice();
    offCurve[length - 1]! ^= 1;
    expectIllegalParameter(() => ours.deriveSecret(offCurve));
    expectIllegalParameter(() => ours.deriveSecret(new Uint8Array(server.getPublicKey(null, 'compressed'))));
    expectIllegalParameter(() => ours.deriveSecret(Uint8Array.of(0)));
    expectIllegalParameter(() => ours.deriveSecret(concat(Uint8Array.of(4), new Uint8Array(length - 1))));
    expectIllegalParameter(() => ours.deriveSecret(good.subarray(0, length - 1)));
    const wrongPrefix = good.slice();
    wrongPrefix[0] = 0x06;
    expectIllegalParameter(() => ours.deriveSecret(wrongPrefix));
  });
});

describe('X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem)', () => {
  it('client share is ML-KEM ek || X25519, secret is ML-KEM ss || X25519 ss', () => {
    const ours = p.generateKeyShare(Group.x25519mlkem768, seededRandom('hybrid'));
    expect(ours.publicKey.length).toBe(1184 + 32);
    const { cipherText, sharedSecret } = ml_kem768.encapsulate(ours.publicKey.subarray(0, 1184));
    const server = generateKeyPairSync('x25519');
    const ecdh = diffieHellman({ privateKey: server.privateKey, publicKey: okpPublicKey('X25519', ours.publicKey.subarray(1184)) });
    const secret = ours.deriveSecret(concat(cipherText, okpRaw(server.publicKey)));
    expect(secret.length).toBe(64);
    expect(hex(secret)).toBe(hex(sharedSecret) + ecdh.toString('hex'));
  });

  it('rejects wrong lengths and a low-order X25519 half', () => {
    const ours = p.generateKeyShare(Group.x25519mlkem768, seededRandom('hybrid-bad'));
    const { cipherText } = ml_kem768.encapsulate(ours.publicKey.subarray(0, 1184));
    expectIllegalParameter(() => ours.deriveSecret(cipherText));
    expectIllegalParameter(() => ours.deriveSecret(concat(cipherText, new Uint8Array(33))));
    expectIllegalParameter(() => ours.deriveSecret(concat(cipherText, new Uint8Array(32))));
  });

  it('SecP256r1MLKEM768 puts ECDH first', () => {
    const ours = p.generateKeyShare(Group.secp256r1mlkem768, seededRandom('hybrid-p256'));
    expect(ours.publicKey.length).toBe(65 + 1184);
    expect(ours.publicKey[0]).toBe(0x04);
    const { cipherText, sharedSecret } = ml_kem768.encapsulate(ours.publicKey.subarray(65));
    const server = createECDH('prime256v1');
    server.generateKeys();
    const ecdh = server.computeSecret(ours.publicKey.subarray(0, 65));
    const secret = ours.deriveSecret(concat(server.getPublicKey(), cipherText));
    expect(hex(secret)).toBe(ecdh.toString('hex') + hex(sharedSecret));
  });
});

describe('group support and determinism', () => {
  const SUPPORTED = [
    Group.x25519,
    Group.x448,
    Group.secp256r1,
    Group.secp384r1,
    Group.secp521r1,
    Group.x25519mlkem768,
    Group.secp256r1mlkem768,
    Group.x25519kyber768draft00,
    Group.ffdhe2048,
    Group.ffdhe3072,
  ];

  it('supportsGroup', () => {
    for (const g of SUPPORTED) expect(p.supportsGroup(g)).toBe(true);
    expect(p.supportsGroup(0x0a0a)).toBe(false); // GREASE
    expect(() => p.generateKeyShare(0x0a0a, seededRandom('grease'))).toThrow(RangeError);
  });

  it.each(SUPPORTED)('group %d: the same seed gives the same share, another seed a different one', (group) => {
    const a = p.generateKeyShare(group, seededRandom('determinism'));
    const b = p.generateKeyShare(group, seededRandom('determinism'));
    const c = p.generateKeyShare(group, seededRandom('other seed'));
    expect(a.group).toBe(group);
    expect(hex(a.publicKey)).toBe(hex(b.publicKey));
    expect(hex(a.publicKey)).not.toBe(hex(c.publicKey));
  });
});

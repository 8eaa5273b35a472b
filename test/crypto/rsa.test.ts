import {
  constants,
  createPrivateKey,
  generateKeyPairSync,
  generatePrimeSync,
  privateDecrypt,
  sign,
  type KeyObject,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { nobleProvider as p } from '../../src/tls/crypto/noble.js';
import type { HashName, PublicKey } from '../../src/tls/crypto/provider.js';
import { HASH_LENGTH } from '../../src/tls/crypto/provider.js';
import { seededRandom } from '../../src/tls/random.js';

const HASHES: HashName[] = ['sha1', 'sha256', 'sha384', 'sha512'];
const message = new TextEncoder().encode('TLS 1.3, server CertificateVerify');

const fromB64u = (s: string | undefined): bigint => BigInt(`0x${Buffer.from(s ?? '', 'base64url').toString('hex')}`);

function rsaKey(publicKey: KeyObject): PublicKey & { kind: 'rsa' } {
  const jwk = publicKey.export({ format: 'jwk' });
  const n = fromB64u(jwk.n);
  return { kind: 'rsa', n, e: fromB64u(jwk.e), bits: n.toString(2).length };
}

/**
 * n and e of an id-RSASSA-PSS key, which node cannot export as JWK: walk its SPKI
 * SEQUENCE { AlgorithmIdentifier, BIT STRING { RSAPublicKey SEQUENCE { n, e } } }.
 */
function pssKey(publicKey: KeyObject): PublicKey & { kind: 'rsa-pss' } {
  const der = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  let at = 0;
  const header = (): { tag: number; length: number } => {
    const tag = der[at++]!;
    let length = der[at++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[at++]!;
    }
    return { tag, length };
  };
  const integer = (): bigint => {
    const { length } = header();
    const value = BigInt(`0x${Buffer.from(der.subarray(at, at + length)).toString('hex')}`);
    at += length;
    return value;
  };
  header(); // SPKI SEQUENCE
  const algorithm = header(); // AlgorithmIdentifier, skipped
  at += algorithm.length;
  header(); // BIT STRING
  at += 1; // unused-bits byte
  header(); // RSAPublicKey SEQUENCE
  const n = integer();
  return { kind: 'rsa-pss', n, e: integer(), bits: n.toString(2).length };
}

const tampered = (b: Uint8Array): Uint8Array => {
  const out = b.slice();
  out[out.length >> 1]! ^= 0x01;
  return out;
};

const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key2048 = rsaKey(rsa2048.publicKey);

describe('RSASSA-PKCS1-v1_5 verify', () => {
  it.each(HASHES)('%s: node:crypto signature verifies; a tampered message or signature does not', (hash) => {
    const signature = new Uint8Array(sign(hash, message, rsa2048.privateKey));
    expect(p.verify(key2048, { kind: 'rsa-pkcs1', hash }, message, signature)).toBe(true);
    expect(p.verify(key2048, { kind: 'rsa-pkcs1', hash }, tampered(message), signature)).toBe(false);
    expect(p.verify(key2048, { kind: 'rsa-pkcs1', hash }, message, tampered(signature))).toBe(false);
  });

  it('rejects the wrong hash, wrong-length signatures, s >= n, and PSS-only keys', () => {
    const signature = new Uint8Array(sign('sha256', message, rsa2048.privateKey));
    expect(p.verify(key2048, { kind: 'rsa-pkcs1', hash: 'sha384' }, message, signature)).toBe(false);
    expect(p.verify(key2048, { kind: 'rsa-pkcs1', hash: 'sha256' }, message, signature.subarray(1))).toBe(false);
    expect(p.verify(key2048, { kind: 'rsa-pkcs1', hash: 'sha256' }, message, new Uint8Array([0, ...signature]))).toBe(false);
    expect(p.verify(key2048, { kind: 'rsa-pkcs1', hash: 'sha256' }, message, new Uint8Array(256).fill(0xff))).toBe(false);
    expect(p.verify(key2048, { kind: 'rsa-pkcs1', hash: 'sha256' }, message, new Uint8Array(0))).toBe(false);
    expect(p.verify({ ...key2048, kind: 'rsa-pss' }, { kind: 'rsa-pkcs1', hash: 'sha256' }, message, signature)).toBe(false);
    expect(p.verify(key2048, { kind: 'ecdsa', hash: 'sha256' }, message, signature)).toBe(false);
  });

  it('refuses keys under 1024 bits and exponents under 3', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 768 });
    const signature = new Uint8Array(sign('sha256', message, small.privateKey));
    expect(p.verify(rsaKey(small.publicKey), { kind: 'rsa-pkcs1', hash: 'sha256' }, message, signature)).toBe(false);
    const good = new Uint8Array(sign('sha256', message, rsa2048.privateKey));
    expect(p.verify({ ...key2048, e: 1n }, { kind: 'rsa-pkcs1', hash: 'sha256' }, message, good)).toBe(false);
  });
});

describe('RSASSA-PSS verify', () => {
  it.each(HASHES)('%s with salt = hash length (TLS 1.3): node:crypto signature verifies', (hash) => {
    const saltLength = HASH_LENGTH[hash];
    const signature = new Uint8Array(
      sign(hash, message, { key: rsa2048.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }),
    );
    expect(p.verify(key2048, { kind: 'rsa-pss', hash, saltLength }, message, signature)).toBe(true);
    expect(p.verify(key2048, { kind: 'rsa-pss', hash, saltLength }, tampered(message), signature)).toBe(false);
    expect(p.verify(key2048, { kind: 'rsa-pss', hash, saltLength }, message, tampered(signature))).toBe(false);
    // The salt length is exact, as in TLS 1.3 and RFC 4055 parameters.
    expect(p.verify(key2048, { kind: 'rsa-pss', hash, saltLength: saltLength - 1 }, message, signature)).toBe(false);
    expect(p.verify(key2048, { kind: 'rsa-pss', hash: hash === 'sha1' ? 'sha256' : 'sha1', saltLength }, message, signature)).toBe(false);
  });

  it('salt lengths 0 and 20 with sha256', () => {
    for (const saltLength of [0, 20]) {
      const signature = new Uint8Array(
        sign('sha256', message, { key: rsa2048.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }),
      );
      expect(p.verify(key2048, { kind: 'rsa-pss', hash: 'sha256', saltLength }, message, signature)).toBe(true);
    }
  });

  it('an id-RSASSA-PSS key (kind rsa-pss) verifies PSS signatures', () => {
    const pss = generateKeyPairSync('rsa-pss', {
      modulusLength: 2048,
      hashAlgorithm: 'sha256',
      mgf1HashAlgorithm: 'sha256',
    });
    const key = pssKey(pss.publicKey);
    expect(key.bits).toBe(2048);
    const signature = new Uint8Array(
      sign('sha256', message, { key: pss.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
    );
    expect(p.verify(key, { kind: 'rsa-pss', hash: 'sha256', saltLength: 32 }, message, signature)).toBe(true);
    expect(p.verify(key, { kind: 'rsa-pss', hash: 'sha256', saltLength: 32 }, tampered(message), signature)).toBe(false);
  });

  it.each([2050, 2056, 3072])('modulus of %i bits (the top-bit mask at its edges)', (modulusLength) => {
    const pair = generateKeyPairSync('rsa', { modulusLength });
    const key = rsaKey(pair.publicKey);
    expect(key.bits).toBe(modulusLength);
    expectPssAndPkcs1(key, pair.privateKey);
  });

  it('modulus of 8m+1 bits, where the encoded message is one byte shorter than the modulus', () => {
    // OpenSSL only generates even sizes, so build a 2049-bit key from two primes and import it.
    const { key, privateKey } = rsaKeyWithBits(2049);
    expect(key.bits).toBe(2049);
    expectPssAndPkcs1(key, privateKey);
  });
});

function expectPssAndPkcs1(key: PublicKey & { kind: 'rsa' }, privateKey: KeyObject): void {
  const signature = new Uint8Array(
    sign('sha384', message, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }),
  );
  expect(p.verify(key, { kind: 'rsa-pss', hash: 'sha384', saltLength: 48 }, message, signature)).toBe(true);
  expect(p.verify(key, { kind: 'rsa-pss', hash: 'sha384', saltLength: 48 }, tampered(message), signature)).toBe(false);
  const pkcs1 = new Uint8Array(sign('sha384', message, privateKey));
  expect(p.verify(key, { kind: 'rsa-pkcs1', hash: 'sha384' }, message, pkcs1)).toBe(true);
  expect(p.verify(key, { kind: 'rsa-pkcs1', hash: 'sha384' }, tampered(message), pkcs1)).toBe(false);
}

/** An RSA key whose modulus has exactly `bits` bits, from node's prime generator. */
function rsaKeyWithBits(bits: number): { key: PublicKey & { kind: 'rsa' }; privateKey: KeyObject } {
  const e = 65537n;
  for (;;) {
    const p1 = generatePrimeSync(Math.ceil(bits / 2), { bigint: true });
    const q1 = generatePrimeSync(Math.floor(bits / 2), { bigint: true });
    const n = p1 * q1;
    const phi = (p1 - 1n) * (q1 - 1n);
    if (n.toString(2).length !== bits || phi % e === 0n) continue;
    const d = modInverse(e, phi);
    const b64u = (v: bigint): string => Buffer.from(v.toString(16).padStart(Math.ceil(v.toString(16).length / 2) * 2, '0'), 'hex').toString('base64url');
    const privateKey = createPrivateKey({
      format: 'jwk',
      key: {
        kty: 'RSA',
        n: b64u(n),
        e: b64u(e),
        d: b64u(d),
        p: b64u(p1),
        q: b64u(q1),
        dp: b64u(d % (p1 - 1n)),
        dq: b64u(d % (q1 - 1n)),
        qi: b64u(modInverse(q1, p1)),
      },
    });
    return { key: { kind: 'rsa', n, e, bits }, privateKey };
  }
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

describe('RSAES-PKCS1-v1_5 encryption', () => {
  /**
   * Node 20 refuses RSA_PKCS1_PADDING in privateDecrypt (CVE-2023-46809, Marvin), so decrypt
   * raw with RSA_NO_PADDING and check the EME-PKCS1-v1_5 structure ourselves.
   */
  function decryptRaw(ciphertext: Uint8Array): Uint8Array {
    return new Uint8Array(privateDecrypt({ key: rsa2048.privateKey, padding: constants.RSA_NO_PADDING }, ciphertext));
  }

  it('a TLS 1.2 premaster secret round-trips through node:crypto', () => {
    const premaster = new Uint8Array(48).map((_, i) => (i === 0 ? 3 : i === 1 ? 3 : i));
    const ciphertext = p.rsaEncryptPkcs1(key2048, premaster, seededRandom('rsa-enc'));
    expect(ciphertext.length).toBe(256);
    const em = decryptRaw(ciphertext);
    expect(em[0]).toBe(0x00);
    expect(em[1]).toBe(0x02);
    const padding = em.subarray(2, 256 - 48 - 1);
    expect(padding.length).toBe(256 - 48 - 3);
    expect(padding.every((b) => b !== 0)).toBe(true);
    expect(em[256 - 48 - 1]).toBe(0x00);
    expect(em.subarray(256 - 48)).toEqual(premaster);
  });

  it('draws every padding byte from the random source and replaces zero bytes', () => {
    // A source that yields only zeros at first must not leave a zero in the padding.
    let calls = 0;
    const zerosThenOnes = {
      bytes(n: number): Uint8Array {
        calls++;
        return calls === 1 ? new Uint8Array(n) : new Uint8Array(n).fill(0x42);
      },
    };
    const em = decryptRaw(p.rsaEncryptPkcs1(key2048, Uint8Array.of(7), zerosThenOnes));
    expect(em.subarray(2, 254).every((b) => b === 0x42)).toBe(true);
    expect(em[254]).toBe(0);
    expect(em[255]).toBe(7);
    // Deterministic with a seeded source.
    const a = p.rsaEncryptPkcs1(key2048, Uint8Array.of(1), seededRandom('same'));
    const b = p.rsaEncryptPkcs1(key2048, Uint8Array.of(1), seededRandom('same'));
    expect(a).toEqual(b);
  });

  it('refuses messages over k - 11 bytes and weak keys', () => {
    expect(() => p.rsaEncryptPkcs1(key2048, new Uint8Array(246), seededRandom('x'))).toThrow(RangeError);
    expect(p.rsaEncryptPkcs1(key2048, new Uint8Array(245), seededRandom('x')).length).toBe(256);
    const small = rsaKey(generateKeyPairSync('rsa', { modulusLength: 768 }).publicKey);
    expect(() => p.rsaEncryptPkcs1(small, new Uint8Array(48), seededRandom('x'))).toThrow(TLSError);
    expect(() => p.rsaEncryptPkcs1({ ...key2048, e: 2n }, new Uint8Array(48), seededRandom('x'))).toThrow(TLSError);
  });
});

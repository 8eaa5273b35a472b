import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { describe, expect, it } from 'vitest';
import { nobleProvider as p } from '../../src/tls/crypto/noble.js';
import type { PublicKey } from '../../src/tls/crypto/provider.js';

const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const message = new TextEncoder().encode('CertificateVerify content');
const flip = (b: Uint8Array, i = 0): Uint8Array => {
  const out = b.slice();
  out[i]! ^= 1;
  return out;
};

function okpRaw(key: KeyObject): Uint8Array {
  return new Uint8Array(Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url'));
}

describe('Ed25519', () => {
  // RFC 8032 §7.1 TEST 1 (empty message) and TEST 2 (one byte, 0x72).
  const RFC8032 = [
    {
      label: 'TEST 1',
      secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      key: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature:
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      label: 'TEST 2',
      secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      key: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      message: '72',
      signature:
        '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
  ];

  it.each(RFC8032)('RFC 8032 $label', (v) => {
    const key: PublicKey = { kind: 'ed25519', key: bytes(v.key) };
    expect(Buffer.from(ed25519.getPublicKey(bytes(v.secret))).toString('hex')).toBe(v.key);
    expect(p.verify(key, { kind: 'ed25519' }, bytes(v.message), bytes(v.signature))).toBe(true);
    expect(p.verify(key, { kind: 'ed25519' }, Uint8Array.of(0x73), bytes(v.signature))).toBe(false);
    expect(p.verify(key, { kind: 'ed25519' }, bytes(v.message), flip(bytes(v.signature), 63))).toBe(false);
  });

  it('rejects s >= L (malleability) and malformed inputs without throwing', () => {
    const v = RFC8032[0]!;
    const key: PublicKey = { kind: 'ed25519', key: bytes(v.key) };
    const signature = bytes(v.signature);
    // s + L encodes the same scalar mod L; RFC 8032 §5.1.7 requires s < L.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]!);
    const malleated = signature.slice();
    let t = s + L;
    for (let i = 32; i < 64; i++) {
      malleated[i] = Number(t & 0xffn);
      t >>= 8n;
    }
    expect(p.verify(key, { kind: 'ed25519' }, new Uint8Array(0), malleated)).toBe(false);
    expect(p.verify(key, { kind: 'ed25519' }, new Uint8Array(0), signature.subarray(1))).toBe(false);
    expect(p.verify({ kind: 'ed25519', key: new Uint8Array(31) }, { kind: 'ed25519' }, new Uint8Array(0), signature)).toBe(false);
    expect(p.verify(key, { kind: 'ed448' }, new Uint8Array(0), signature)).toBe(false);
  });
});

describe('EdDSA against node:crypto', () => {
  it.each([
    ['ed25519', 'ed25519'],
    ['ed448', 'ed448'],
  ] as const)('%s: node signature verifies, tampered does not', (type, kind) => {
    const pair = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ed448');
    const key: PublicKey = { kind, key: okpRaw(pair.publicKey) };
    const signature = new Uint8Array(sign(null, message, pair.privateKey));
    expect(p.verify(key, { kind }, message, signature)).toBe(true);
    expect(p.verify(key, { kind }, flip(message), signature)).toBe(false);
    expect(p.verify(key, { kind }, message, flip(signature, 5))).toBe(false);
  });
});

describe('ML-DSA (FIPS 204, pure, empty context)', () => {
  const LEVELS = [
    [44, ml_dsa44],
    [65, ml_dsa65],
    [87, ml_dsa87],
  ] as const;

  it.each(LEVELS)('ML-DSA-%i: noble signature verifies; tampered, wrong level and non-empty context do not', (level, dsa) => {
    const seed = new Uint8Array(32).fill(level);
    const { secretKey, publicKey } = dsa.keygen(seed);
    const signature = dsa.sign(message, secretKey);
    const key: PublicKey = { kind: 'ml-dsa', level, key: publicKey };
    expect(p.verify(key, { kind: 'ml-dsa', level }, message, signature)).toBe(true);
    expect(p.verify(key, { kind: 'ml-dsa', level }, flip(message), signature)).toBe(false);
    expect(p.verify(key, { kind: 'ml-dsa', level }, message, flip(signature, 100))).toBe(false);
    expect(p.verify(key, { kind: 'ml-dsa', level }, message, signature.subarray(1))).toBe(false);
    const other = level === 44 ? 65 : 44;
    expect(p.verify(key, { kind: 'ml-dsa', level: other }, message, signature)).toBe(false);
    expect(p.verify({ kind: 'ml-dsa', level: other, key: publicKey }, { kind: 'ml-dsa', level: other }, message, signature)).toBe(false);
    const withContext = dsa.sign(message, secretKey, { context: Uint8Array.of(1, 2, 3) });
    expect(p.verify(key, { kind: 'ml-dsa', level }, message, withContext)).toBe(false);
  });
});

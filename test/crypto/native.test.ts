// The native (node:crypto) provider must agree with the noble reference on every primitive:
// same outputs for the same inputs, same key shares for the same seed, same verdicts.
import { constants, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { nativeProvider } from '../../src/tls/crypto/native.js';
import { nobleProvider } from '../../src/tls/crypto/noble.js';
import { Group, type HashName, type PublicKey, type SignatureAlgorithm } from '../../src/tls/crypto/provider.js';
import { seededRandom } from '../../src/tls/random.js';

const hashes: HashName[] = ['sha1', 'sha256', 'sha384', 'sha512'];

describe('native provider agrees with noble', () => {
  it('hashes, incremental hashes and HMACs', () => {
    for (const h of hashes) {
      for (const n of [0, 1, 55, 64, 1000]) {
        const data = randomBytes(n);
        const key = randomBytes(n % 70);
        expect(nativeProvider.hash(h, data)).toEqual(nobleProvider.hash(h, data));
        expect(nativeProvider.hmac(h, key, data)).toEqual(nobleProvider.hmac(h, key, data));
        const a = nativeProvider.createHash(h).update(data.subarray(0, n >> 1));
        const snapshot = a.clone();
        a.update(data.subarray(n >> 1));
        expect(a.digest()).toEqual(nobleProvider.hash(h, data));
        expect(snapshot.digest()).toEqual(nobleProvider.hash(h, data.subarray(0, n >> 1)));
      }
    }
  });

  for (const name of ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'] as const) {
    it(`${name} seals and opens interchangeably, and rejects a flipped bit`, () => {
      const key = randomBytes(name === 'aes-128-gcm' ? 16 : 32);
      const nonce = randomBytes(12);
      const aad = randomBytes(13);
      for (const n of [0, 1, 16, 1000, 16384]) {
        const plaintext = randomBytes(n);
        const sealed = nativeProvider.aead(name, key).seal(nonce, plaintext, aad);
        expect(sealed).toEqual(nobleProvider.aead(name, key).seal(nonce, plaintext, aad));
        expect(nobleProvider.aead(name, key).open(nonce, sealed, aad)).toEqual(new Uint8Array(plaintext));
        expect(nativeProvider.aead(name, key).open(nonce, sealed, aad)).toEqual(new Uint8Array(plaintext));
        sealed[sealed.length - 1]! ^= 1;
        expect(nativeProvider.aead(name, key).open(nonce, sealed, aad)).toBeNull();
      }
    });
  }

  it('AES-CBC without padding', () => {
    for (const len of [16, 32]) {
      const key = randomBytes(len);
      const iv = randomBytes(16);
      const data = randomBytes(64);
      const c = nativeProvider.aesCbc(key).encrypt(iv, data);
      expect(c).toEqual(nobleProvider.aesCbc(key).encrypt(iv, data));
      expect(nativeProvider.aesCbc(key).decrypt(iv, c)).toEqual(new Uint8Array(data));
    }
  });

  const groups = [Group.x25519, Group.secp256r1, Group.secp384r1, Group.secp521r1, Group.x25519mlkem768];
  for (const group of groups) {
    it(`key share 0x${group.toString(16)}: same share from the same seed, same secret across providers`, () => {
      const a = nativeProvider.generateKeyShare(group, seededRandom(`share-${group}`));
      const b = nobleProvider.generateKeyShare(group, seededRandom(`share-${group}`));
      expect(a.publicKey).toEqual(b.publicKey);
      if (group === Group.x25519mlkem768) return; // a client share cannot answer another client share
      const peer = nobleProvider.generateKeyShare(group, seededRandom(`peer-${group}`));
      const viaNative = nativeProvider.generateKeyShare(group, seededRandom(`peer-${group}`));
      expect(a.deriveSecret(peer.publicKey)).toEqual(peer.deriveSecret(a.publicKey));
      expect(viaNative.deriveSecret(b.publicKey)).toEqual(b.deriveSecret(viaNative.publicKey));
    });
  }

  it('refuses invalid peer shares with illegal_parameter', () => {
    const x = nativeProvider.generateKeyShare(Group.x25519, seededRandom('x'));
    expect(() => x.deriveSecret(new Uint8Array(32))).toThrow(TLSError);
    const p = nativeProvider.generateKeyShare(Group.secp256r1, seededRandom('p'));
    const offCurve = new Uint8Array(65);
    offCurve[0] = 4;
    offCurve[64] = 1;
    expect(() => p.deriveSecret(offCurve)).toThrow(TLSError);
    expect(() => p.deriveSecret(new Uint8Array(33))).toThrow(TLSError);
  });

  function publicKeyOf(key: KeyObject): PublicKey {
    const jwk = key.export({ format: 'jwk' });
    const big = (s: string): bigint => BigInt(`0x${Buffer.from(s, 'base64url').toString('hex')}`);
    if (jwk.kty === 'RSA') return { kind: 'rsa', n: big(jwk.n!), e: big(jwk.e!), bits: big(jwk.n!).toString(2).length };
    if (jwk.kty === 'EC') {
      const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
      return { kind: 'ec', curve: jwk.crv as 'P-256', point: new Uint8Array(point) };
    }
    return { kind: jwk.crv === 'Ed25519' ? 'ed25519' : 'ed448', key: new Uint8Array(Buffer.from(jwk.x!, 'base64url')) } as PublicKey;
  }

  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cases: [string, KeyObject, KeyObject, SignatureAlgorithm, (m: Buffer) => Buffer][] = [
    ['rsa pkcs1 sha256', rsa.privateKey, rsa.publicKey, { kind: 'rsa-pkcs1', hash: 'sha256' }, (m) => sign('sha256', m, rsa.privateKey)],
    [
      'rsa pss sha384',
      rsa.privateKey,
      rsa.publicKey,
      { kind: 'rsa-pss', hash: 'sha384', saltLength: 48 },
      (m) => sign('sha384', m, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }),
    ],
  ];
  for (const [curve, hash] of [['P-256', 'sha256'], ['P-384', 'sha384'], ['P-521', 'sha512'], ['P-256', 'sha384']] as const) {
    const k = generateKeyPairSync('ec', { namedCurve: curve });
    cases.push([`ecdsa ${curve} ${hash}`, k.privateKey, k.publicKey, { kind: 'ecdsa', hash }, (m) => sign(hash, m, k.privateKey)]);
  }
  for (const kind of ['ed25519', 'ed448'] as const) {
    const k = generateKeyPairSync(kind as 'ed25519');
    cases.push([kind, k.privateKey, k.publicKey, { kind }, (m) => sign(null, m, k.privateKey)]);
  }
  for (const [label, , pub, algorithm, signWith] of cases) {
    it(`verifies ${label} like noble does`, () => {
      const message = randomBytes(100);
      const signature = new Uint8Array(signWith(message));
      const key = publicKeyOf(pub);
      expect(nativeProvider.verify(key, algorithm, message, signature)).toBe(true);
      expect(nobleProvider.verify(key, algorithm, message, signature)).toBe(true);
      message[0]! ^= 1;
      expect(nativeProvider.verify(key, algorithm, message, signature)).toBe(false);
      expect(nobleProvider.verify(key, algorithm, message, signature)).toBe(false);
      expect(nativeProvider.verify(key, algorithm, message, signature.subarray(1))).toBe(false);
    });
  }
});

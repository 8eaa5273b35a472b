/**
 * The reference CryptoProvider: pure TypeScript on the noble libraries, plus our BigInt RSA and
 * finite-field DH (noble has neither). It holds no state between calls; every secret is drawn
 * from the RandomSource passed in, so a seeded source replays a handshake exactly.
 */
import { cbc, gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import type { Cipher } from '@noble/ciphers/utils.js';
import type { MontgomeryECDH } from '@noble/curves/abstract/montgomery.js';
import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { ed448, x448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { TLSError } from '../../errors.js';
import { concatBytes } from '../wire/writer.js';
import { ecdsaDerToFixed } from './ecdsa-signature.js';
import { createFfdheKeyShare, isFfdheGroup } from './ffdhe.js';
import type {
  Aead,
  AeadName,
  BlockCipherCbc,
  CryptoProvider,
  HashName,
  HashState,
  KeyShare,
  PublicKey,
  RandomSource,
  SignatureAlgorithm,
} from './provider.js';
import { Group } from './provider.js';
import { rsaPkcs1Encrypt, rsaPkcs1Verify, rsaPssVerify } from './rsa.js';
import { x25519Kyber768Draft00Share } from './x25519-kyber768-draft.js';

// ---------------------------------------------------------------- hashes

/** The part of a noble hash instance we use; `clone` is what makes transcript snapshots cheap. */
interface NobleHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
  clone(): NobleHash;
}

const HASHES: Record<HashName, CHash> = { sha1, sha256, sha384, sha512 };

class NobleHashState implements HashState {
  constructor(private readonly inner: NobleHash) {}
  update(data: Uint8Array): this {
    this.inner.update(data);
    return this;
  }
  /** noble finalizes on digest(), so digest a copy and keep this state open for more data. */
  digest(): Uint8Array {
    return this.inner.clone().digest();
  }
  clone(): HashState {
    return new NobleHashState(this.inner.clone());
  }
}

// ---------------------------------------------------------------- ciphers

interface AeadSpec {
  keyLength: number;
  make(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array): Cipher;
}

const AEADS: Record<AeadName, AeadSpec> = {
  'aes-128-gcm': { keyLength: 16, make: (k, n, a) => gcm(k, n, a) },
  'aes-256-gcm': { keyLength: 32, make: (k, n, a) => gcm(k, n, a) },
  'chacha20-poly1305': { keyLength: 32, make: (k, n, a) => chacha20poly1305(k, n, a) },
};

const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;

function createAead(name: AeadName, key: Uint8Array): Aead {
  const spec = AEADS[name];
  if (key.length !== spec.keyLength) throw new RangeError(`${name} needs a ${spec.keyLength}-byte key, got ${key.length}`);
  // Our own copy: a caller that wipes or reuses its buffer must not change this key.
  const ownKey = key.slice();
  const checkNonce = (nonce: Uint8Array): void => {
    if (nonce.length !== NONCE_LENGTH) throw new RangeError(`${name} needs a ${NONCE_LENGTH}-byte nonce`);
  };
  return {
    keyLength: spec.keyLength,
    nonceLength: NONCE_LENGTH,
    tagLength: TAG_LENGTH,
    seal(nonce, plaintext, aad) {
      checkNonce(nonce);
      // noble ciphers are single-use per (key, nonce) by design; TLS uses a fresh nonce per record.
      return spec.make(ownKey, nonce, aad).encrypt(plaintext);
    },
    sealInPlace(nonce, aad, buffer, offset, length) {
      checkNonce(nonce);
      buffer.set(spec.make(ownKey, nonce, aad).encrypt(buffer.slice(offset, offset + length)), offset);
    },
    open(nonce, ciphertextAndTag, aad) {
      checkNonce(nonce);
      if (ciphertextAndTag.length < TAG_LENGTH) return null;
      try {
        return spec.make(ownKey, nonce, aad).decrypt(ciphertextAndTag);
      } catch {
        // Lengths are checked above, so the only failure left is a bad tag: a record error,
        // which the record layer turns into bad_record_mac.
        return null;
      }
    },
  };
}

const AES_BLOCK = 16;

function createAesCbc(key: Uint8Array): BlockCipherCbc {
  if (key.length !== 16 && key.length !== 32) throw new RangeError(`AES-CBC needs a 16- or 32-byte key, got ${key.length}`);
  const ownKey = key.slice();
  const check = (iv: Uint8Array, data: Uint8Array): void => {
    if (iv.length !== AES_BLOCK) throw new RangeError('AES-CBC needs a 16-byte IV');
    if (data.length % AES_BLOCK !== 0) throw new RangeError('AES-CBC data must be whole 16-byte blocks');
  };
  return {
    encrypt(iv, data) {
      check(iv, data);
      return cbc(ownKey, iv, { disablePadding: true }).encrypt(data);
    },
    decrypt(iv, data) {
      check(iv, data);
      return cbc(ownKey, iv, { disablePadding: true }).decrypt(data);
    },
  };
}

// ---------------------------------------------------------------- key shares

function illegalShare(message: string, cause?: unknown): TLSError {
  return new TLSError(message, 47, 'illegal_parameter', 'sent', cause === undefined ? undefined : { cause });
}

/** X25519 / X448 (RFC 7748): the secret is random bytes (clamped by the curve), shares are u-coordinates. */
function montgomeryShare(group: number, curve: MontgomeryECDH, random: RandomSource): KeyShare {
  const length = curve.lengths.secretKey ?? 32;
  const secretKey = random.bytes(length).slice();
  const publicKey = curve.getPublicKey(secretKey);
  return {
    group,
    publicKey,
    deriveSecret(peerShare) {
      if (peerShare.length !== length) throw illegalShare(`key share is ${peerShare.length} bytes, expected ${length}`);
      let secret: Uint8Array;
      try {
        secret = curve.getSharedSecret(secretKey, peerShare);
      } catch (error) {
        throw illegalShare('low-order key share', error);
      }
      // RFC 7748 §6.1 / RFC 8446 §7.4.2: an all-zero result means a low-order peer point.
      if (secret.every((b) => b === 0)) throw illegalShare('all-zero shared secret');
      return secret;
    },
  };
}

/**
 * NIST curves (RFC 8446 §4.2.8.2): the share is the uncompressed point 0x04 || X || Y and the
 * secret is X. The scalar comes from `seed`-length random bytes reduced mod n by noble
 * (FIPS 186-5 A.2.1, "extra random bits": the extra bytes make the bias negligible).
 */
function weierstrassShare(group: number, curve: ECDSA, random: RandomSource): KeyShare {
  const secretKey = curve.utils.randomSecretKey(random.bytes(curve.lengths.seed ?? 0));
  const publicKey = curve.getPublicKey(secretKey, false);
  const length = publicKey.length;
  return {
    group,
    publicKey,
    deriveSecret(peerShare) {
      if (peerShare.length !== length || peerShare[0] !== 0x04) throw illegalShare('key share is not an uncompressed point');
      let shared: Uint8Array;
      try {
        // fromBytes inside checks the point is on the curve; infinity is refused too.
        shared = curve.getSharedSecret(secretKey, peerShare, true);
      } catch (error) {
        throw illegalShare('key share is not a point on the curve', error);
      }
      return shared.subarray(1);
    },
  };
}

const MLKEM768_CIPHERTEXT = 1088;

/**
 * Hybrid ML-KEM-768 + ECDH (draft-ietf-tls-ecdhe-mlkem). Our share carries the encapsulation
 * key, the server's the ciphertext; both halves and the secret are concatenated in the same
 * order, which is ML-KEM first for X25519MLKEM768 and ECDH first for SecP256r1MLKEM768.
 */
function mlkemHybridShare(group: number, classical: KeyShare, mlkemFirst: boolean, random: RandomSource): KeyShare {
  const kem = ml_kem768.keygen(random.bytes(64));
  const classicalPeerLength = classical.publicKey.length;
  const join = (kemPart: Uint8Array, ecdhPart: Uint8Array): Uint8Array =>
    mlkemFirst ? concatBytes(kemPart, ecdhPart) : concatBytes(ecdhPart, kemPart);
  return {
    group,
    publicKey: join(kem.publicKey, classical.publicKey),
    deriveSecret(peerShare) {
      if (peerShare.length !== MLKEM768_CIPHERTEXT + classicalPeerLength) {
        throw illegalShare(`hybrid key share is ${peerShare.length} bytes`);
      }
      const kemAt = mlkemFirst ? 0 : classicalPeerLength;
      const ecdhAt = mlkemFirst ? MLKEM768_CIPHERTEXT : 0;
      const ciphertext = peerShare.subarray(kemAt, kemAt + MLKEM768_CIPHERTEXT);
      const ecdhSecret = classical.deriveSecret(peerShare.subarray(ecdhAt, ecdhAt + classicalPeerLength));
      // ML-KEM decapsulation never fails on a well-sized ciphertext (implicit rejection).
      const kemSecret = ml_kem768.decapsulate(ciphertext, kem.secretKey);
      return join(kemSecret, ecdhSecret);
    },
  };
}

const KEY_SHARES: ReadonlyMap<number, (random: RandomSource) => KeyShare> = new Map([
  [Group.x25519, (r: RandomSource) => montgomeryShare(Group.x25519, x25519, r)],
  [Group.x448, (r: RandomSource) => montgomeryShare(Group.x448, x448, r)],
  [Group.secp256r1, (r: RandomSource) => weierstrassShare(Group.secp256r1, p256, r)],
  [Group.secp384r1, (r: RandomSource) => weierstrassShare(Group.secp384r1, p384, r)],
  [Group.secp521r1, (r: RandomSource) => weierstrassShare(Group.secp521r1, p521, r)],
  [
    Group.x25519mlkem768,
    (r: RandomSource) => mlkemHybridShare(Group.x25519mlkem768, montgomeryShare(Group.x25519, x25519, r), true, r),
  ],
  [
    Group.secp256r1mlkem768,
    (r: RandomSource) => mlkemHybridShare(Group.secp256r1mlkem768, weierstrassShare(Group.secp256r1, p256, r), false, r),
  ],
  // Chrome 124-130's pre-standard hybrid: X25519 first, Kyber768 through ML-KEM (see its module).
  [Group.x25519kyber768draft00, (r: RandomSource) => x25519Kyber768Draft00Share(montgomeryShare(Group.x25519, x25519, r), r)],
]);

function generateKeyShare(group: number, random: RandomSource): KeyShare {
  if (isFfdheGroup(group)) return createFfdheKeyShare(group, random);
  const make = KEY_SHARES.get(group);
  // Callers ask supportsGroup first; reaching here is a bug in the caller, not a peer's doing.
  if (make === undefined) throw new RangeError(`unsupported group 0x${group.toString(16).padStart(4, '0')}`);
  return make(random);
}

// ---------------------------------------------------------------- signatures

const EC_CURVES: Record<'P-256' | 'P-384' | 'P-521', ECDSA> = { 'P-256': p256, 'P-384': p384, 'P-521': p521 };
const ML_DSA = { 44: ml_dsa44, 65: ml_dsa65, 87: ml_dsa87 } as const;

function hash(name: HashName, data: Uint8Array): Uint8Array {
  return HASHES[name](data);
}

function verifyUnchecked(key: PublicKey, algorithm: SignatureAlgorithm, message: Uint8Array, signature: Uint8Array): boolean {
  switch (algorithm.kind) {
    case 'rsa-pkcs1':
      // A key whose SPKI says id-RSASSA-PSS must not verify PKCS#1 v1.5 signatures (RFC 4055 §1.2).
      return key.kind === 'rsa' && rsaPkcs1Verify(key, algorithm.hash, hash, message, signature);
    case 'rsa-pss':
      return (
        (key.kind === 'rsa' || key.kind === 'rsa-pss') &&
        rsaPssVerify(key, algorithm.hash, algorithm.saltLength, hash, message, signature)
      );
    case 'ecdsa': {
      if (key.kind !== 'ec') return false;
      const curve = EC_CURVES[key.curve];
      const fixed = ecdsaDerToFixed(signature, curve.lengths.secretKey ?? 0);
      if (fixed === null) return false;
      // We hash with the algorithm's hash (X.509 may pair any curve with any hash), so noble
      // must not hash again; high-S is valid ECDSA and OpenSSL produces it half the time.
      return curve.verify(fixed, hash(algorithm.hash, message), key.point, { prehash: false, lowS: false, format: 'compact' });
    }
    case 'ed25519':
      // zip215: false is RFC 8032's strict decoding, as TLS and X.509 expect.
      return key.kind === 'ed25519' && ed25519.verify(signature, message, key.key, { zip215: false });
    case 'ed448':
      return key.kind === 'ed448' && ed448.verify(signature, message, key.key, { zip215: false });
    case 'ml-dsa':
      // FIPS 204 pure ML-DSA with the empty context, as in draft-ietf-tls-mldsa and RFC 9881.
      return key.kind === 'ml-dsa' && key.level === algorithm.level && ML_DSA[algorithm.level].verify(signature, message, key.key);
  }
}

// ---------------------------------------------------------------- the provider

export const nobleProvider: CryptoProvider = {
  name: 'noble',
  hash,
  createHash(name) {
    return new NobleHashState(HASHES[name].create());
  },
  hmac(name, key, data) {
    return hmac(HASHES[name], key, data);
  },
  aead: createAead,
  aesCbc: createAesCbc,
  supportsGroup(group) {
    return KEY_SHARES.has(group) || isFfdheGroup(group);
  },
  generateKeyShare,
  verify(key, algorithm, message, signature) {
    try {
      return verifyUnchecked(key, algorithm, message, signature);
    } catch {
      // noble throws on malformed keys and wrong-length signatures; to a verifier that is "no".
      return false;
    }
  },
  rsaEncryptPkcs1(key, data, random) {
    return rsaPkcs1Encrypt(key, data, random);
  },
};

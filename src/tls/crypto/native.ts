/**
 * The fast CryptoProvider: node:crypto (OpenSSL) wherever it has the primitive, the noble
 * reference for the rest (ML-KEM before Node 24.7, ML-DSA, finite-field DH, RSA encryption). Secrets
 * still come from the RandomSource passed in, so a seeded source replays a handshake exactly with
 * either provider.
 */
import {
  createCipheriv,
  createDecipheriv,
  createECDH,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  verify as nodeVerify,
  constants,
  type Hash,
  type KeyObject,
} from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { TLSError } from '../../errors.js';
import { concatBytes } from '../wire/writer.js';
import { MLKEM768_CIPHERTEXT_LENGTH, mlKem768FromSeed } from './mlkem-native.js';
import { nobleProvider } from './noble.js';
import type { Aead, AeadName, BlockCipherCbc, CryptoProvider, HashName, HashState, KeyShare, PublicKey, RandomSource, SignatureAlgorithm } from './provider.js';
import { Group } from './provider.js';

const illegalShare = (what: string): TLSError => new TLSError(`invalid ${what} key share from the server`, 47, 'illegal_parameter', 'sent');

class NodeHashState implements HashState {
  constructor(private readonly inner: Hash) {}
  update(data: Uint8Array): this {
    this.inner.update(data);
    return this;
  }
  digest(): Uint8Array {
    return new Uint8Array(this.inner.copy().digest());
  }
  clone(): HashState {
    return new NodeHashState(this.inner.copy());
  }
}

const AEAD_KEY_LENGTH: Record<AeadName, number> = { 'aes-128-gcm': 16, 'aes-256-gcm': 32, 'chacha20-poly1305': 32 };

function nodeAead(name: AeadName, key: Uint8Array): Aead {
  if (key.length !== AEAD_KEY_LENGTH[name]) throw new RangeError(`${name} needs a ${AEAD_KEY_LENGTH[name]}-byte key, got ${key.length}`);
  const options = { authTagLength: 16 } as const;
  return {
    keyLength: key.length,
    nonceLength: 12,
    tagLength: 16,
    seal(nonce, plaintext, aad) {
      const c = createCipheriv(name as 'aes-128-gcm', key, nonce, options);
      c.setAAD(aad, { plaintextLength: plaintext.length });
      const body = c.update(plaintext);
      c.final();
      const out = new Uint8Array(body.length + 16);
      out.set(body);
      out.set(c.getAuthTag(), body.length);
      return out;
    },
    sealInPlace(nonce, aad, buffer, offset, length) {
      const c = createCipheriv(name as 'aes-128-gcm', key, nonce, options);
      c.setAAD(aad, { plaintextLength: length });
      // GCM and ChaCha20 are stream modes: update gives back as many bytes as it was given.
      buffer.set(c.update(buffer.subarray(offset, offset + length)), offset);
      c.final();
      buffer.set(c.getAuthTag(), offset + length);
    },
    open(nonce, sealed, aad) {
      if (sealed.length < 16) return null;
      const d = createDecipheriv(name as 'aes-128-gcm', key, nonce, options);
      d.setAAD(aad, { plaintextLength: sealed.length - 16 });
      d.setAuthTag(sealed.subarray(sealed.length - 16));
      const body = d.update(sealed.subarray(0, sealed.length - 16));
      try {
        d.final();
      } catch {
        return null;
      }
      return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    },
  };
}

function nodeCbc(key: Uint8Array): BlockCipherCbc {
  const algorithm = key.length === 16 ? 'aes-128-cbc' : key.length === 32 ? 'aes-256-cbc' : null;
  if (!algorithm) throw new RangeError(`AES-CBC needs a 16- or 32-byte key, got ${key.length}`);
  const run = (encrypt: boolean, iv: Uint8Array, data: Uint8Array): Uint8Array => {
    if (data.length % 16 !== 0) throw new RangeError('AES-CBC input is not a whole number of blocks');
    const c = encrypt ? createCipheriv(algorithm, key, iv) : createDecipheriv(algorithm, key, iv);
    c.setAutoPadding(false);
    return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
  };
  return { encrypt: (iv, data) => run(true, iv, data), decrypt: (iv, data) => run(false, iv, data) };
}

// ---------------------------------------------------------------- key exchange

const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
let jwkImportWorks = true;

/**
 * The private key from its 32 bytes. A JWK without its public half imports several times faster
 * than PKCS#8 on Node 20-24; Node 26 insists on the public half, so there PKCS#8 it is.
 */
function importX25519Secret(secret: Uint8Array): KeyObject {
  if (jwkImportWorks) {
    try {
      return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: b64url(secret), x: '' }, format: 'jwk' });
    } catch {
      jwkImportWorks = false;
    }
  }
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, secret]), format: 'der', type: 'pkcs8' });
}

/**
 * An X25519 key pair from 32 secret bytes, done by OpenSSL. Keys go in and out as JWK: OpenSSL 3.0
 * imports a JWK several times faster than the equivalent PKCS#8/SPKI DER.
 */
function x25519Pair(secret: Uint8Array): { publicKey: Uint8Array; derive(peer: Uint8Array): Uint8Array } {
  const privateKey = importX25519Secret(secret);
  const publicKey = new Uint8Array(Buffer.from(privateKey.export({ format: 'jwk' }).x!, 'base64url'));
  return {
    publicKey,
    derive(peer) {
      if (peer.length !== 32) throw illegalShare('x25519');
      let shared: Buffer;
      try {
        shared = diffieHellman({ privateKey, publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64url(peer) }, format: 'jwk' }) });
      } catch {
        throw illegalShare('x25519');
      }
      if (shared.every((b) => b === 0)) throw illegalShare('x25519');
      return new Uint8Array(shared);
    },
  };
}

const CURVES = {
  [Group.secp256r1]: { name: 'prime256v1', noble: p256 },
  [Group.secp384r1]: { name: 'secp384r1', noble: p384 },
  [Group.secp521r1]: { name: 'secp521r1', noble: p521 },
} as const;

/**
 * An ECDHE share on a NIST curve. The scalar is derived from `random` exactly as the noble
 * provider derives it (so both providers give the same share for the same seed); OpenSSL does the
 * point arithmetic.
 */
function ecdhShare(group: keyof typeof CURVES, random: RandomSource): KeyShare {
  const curve = CURVES[group];
  const scalar = curve.noble.utils.randomSecretKey(random.bytes(curve.noble.lengths.seed ?? 0));
  const ecdh = createECDH(curve.name);
  ecdh.setPrivateKey(scalar);
  const publicKey = new Uint8Array(ecdh.getPublicKey());
  return {
    group,
    publicKey,
    deriveSecret(peer) {
      if (peer.length !== publicKey.length || peer[0] !== 4) throw illegalShare(curve.name);
      try {
        return new Uint8Array(ecdh.computeSecret(peer));
      } catch {
        throw illegalShare(curve.name);
      }
    },
  };
}

/** X25519MLKEM768: ML-KEM-768 (OpenSSL where it has it, noble otherwise) then X25519 (OpenSSL), in that order for 0x11ec. */
function hybridShare(random: RandomSource): KeyShare {
  // Same draw order as the noble provider: the X25519 secret first, then the ML-KEM seed.
  const classical = x25519Pair(random.bytes(32));
  const kem = mlKem768FromSeed(random.bytes(64));
  return {
    group: Group.x25519mlkem768,
    publicKey: concatBytes(kem.publicKey, classical.publicKey),
    deriveSecret(peer) {
      if (peer.length !== MLKEM768_CIPHERTEXT_LENGTH + 32) throw illegalShare('X25519MLKEM768');
      const kemSecret = kem.decapsulate(peer.subarray(0, MLKEM768_CIPHERTEXT_LENGTH));
      return concatBytes(kemSecret, classical.derive(peer.subarray(MLKEM768_CIPHERTEXT_LENGTH)));
    },
  };
}

// ---------------------------------------------------------------- signatures

const keyCache = new WeakMap<PublicKey, KeyObject>();

function b64url(n: bigint | Uint8Array): string {
  if (typeof n === 'bigint') {
    let h = n.toString(16);
    if (h.length % 2) h = `0${h}`;
    return Buffer.from(h, 'hex').toString('base64url');
  }
  return Buffer.from(n).toString('base64url');
}

const JWK_CURVE = { 'P-256': 'P-256', 'P-384': 'P-384', 'P-521': 'P-521' } as const;

function keyObject(key: PublicKey): KeyObject | null {
  const cached = keyCache.get(key);
  if (cached) return cached;
  let made: KeyObject;
  switch (key.kind) {
    case 'rsa':
    case 'rsa-pss':
      made = createPublicKey({ key: { kty: 'RSA', n: b64url(key.n), e: b64url(key.e) }, format: 'jwk' });
      break;
    case 'ec': {
      const size = (key.point.length - 1) / 2;
      if (key.point[0] !== 4 || !Number.isInteger(size)) return null;
      made = createPublicKey({
        key: { kty: 'EC', crv: JWK_CURVE[key.curve], x: b64url(key.point.subarray(1, 1 + size)), y: b64url(key.point.subarray(1 + size)) },
        format: 'jwk',
      });
      break;
    }
    case 'ed25519':
      made = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(key.key) }, format: 'jwk' });
      break;
    case 'ed448':
      made = createPublicKey({ key: { kty: 'OKP', crv: 'Ed448', x: b64url(key.key) }, format: 'jwk' });
      break;
    default:
      return null;
  }
  keyCache.set(key, made);
  return made;
}

function nodeVerifySignature(key: PublicKey, algorithm: SignatureAlgorithm, message: Uint8Array, signature: Uint8Array): boolean | undefined {
  if (algorithm.kind === 'ml-dsa') return undefined;
  if ((algorithm.kind === 'rsa-pkcs1' || algorithm.kind === 'rsa-pss') && key.kind !== 'rsa' && key.kind !== 'rsa-pss') return false;
  if (algorithm.kind === 'rsa-pkcs1' && key.kind === 'rsa-pss') return false;
  if (algorithm.kind === 'ecdsa' && key.kind !== 'ec') return false;
  if ((algorithm.kind === 'ed25519' || algorithm.kind === 'ed448') && key.kind !== algorithm.kind) return false;
  // Keys below the provider's floor are refused by the reference path; keep one rule.
  if ((key.kind === 'rsa' || key.kind === 'rsa-pss') && (key.bits < 1024 || key.e < 3n)) return false;
  let object: KeyObject | null;
  try {
    object = keyObject(key);
  } catch {
    return false;
  }
  if (!object) return undefined;
  try {
    switch (algorithm.kind) {
      case 'rsa-pkcs1':
        return nodeVerify(algorithm.hash, message, { key: object, padding: constants.RSA_PKCS1_PADDING }, signature);
      case 'rsa-pss':
        return nodeVerify(algorithm.hash, message, { key: object, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength }, signature);
      case 'ecdsa':
        return nodeVerify(algorithm.hash, message, { key: object, dsaEncoding: 'der' }, signature);
      case 'ed25519':
      case 'ed448':
        return nodeVerify(null, message, object, signature);
    }
  } catch {
    return false;
  }
}

export const nativeProvider: CryptoProvider = {
  name: 'native',
  hash: (name, data) => new Uint8Array(createHash(name).update(data).digest()),
  createHash: (name: HashName) => new NodeHashState(createHash(name)),
  hmac: (name, key, data) => new Uint8Array(createHmac(name, key).update(data).digest()),
  aead: nodeAead,
  aesCbc: nodeCbc,
  supportsGroup: (group) => nobleProvider.supportsGroup(group),
  generateKeyShare(group, random) {
    if (group === Group.x25519) {
      const pair = x25519Pair(random.bytes(32));
      return { group, publicKey: pair.publicKey, deriveSecret: (peer) => pair.derive(peer) };
    }
    if (group === Group.secp256r1 || group === Group.secp384r1 || group === Group.secp521r1) return ecdhShare(group, random);
    if (group === Group.x25519mlkem768) return hybridShare(random);
    return nobleProvider.generateKeyShare(group, random);
  },
  verify(key, algorithm, message, signature) {
    return nodeVerifySignature(key, algorithm, message, signature) ?? nobleProvider.verify(key, algorithm, message, signature);
  },
  rsaEncryptPkcs1: (key, data, random) => nobleProvider.rsaEncryptPkcs1(key, data, random),
};

/**
 * The one narrow interface through which the TLS engine and the X.509 verifier reach
 * cryptography. `noble` (pure TypeScript) is the reference implementation; a native
 * (`node:crypto`) one can sit beside it and must pass the same known-answer tests.
 */
import type { AeadName, HashName } from '../../vocabulary/crypto-names.js';

export type { AeadName, HashName } from '../../vocabulary/crypto-names.js';

/** An incremental hash whose state can be copied (the handshake transcript needs snapshots). */
export interface HashState {
  update(data: Uint8Array): this;
  /** The digest of everything so far; the state stays usable. */
  digest(): Uint8Array;
  clone(): HashState;
}

/** An AEAD keyed once, used for many records. `open` returns null when authentication fails. */
export interface Aead {
  readonly keyLength: number;
  readonly nonceLength: number;
  readonly tagLength: number;
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /**
   * Seals `buffer[offset, offset + length)` in place and writes the tag right after it: a record is
   * built in the one buffer that goes to the socket (its header, the AAD, in front), with no
   * copy of the ciphertext joined to its tag and of both joined to the header.
   */
  sealInPlace(nonce: Uint8Array, aad: Uint8Array, buffer: Uint8Array, offset: number, length: number): void;
  open(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad: Uint8Array): Uint8Array | null;
}

/** Raw AES-CBC over whole blocks (TLS 1.2 does its own padding and MAC). */
export interface BlockCipherCbc {
  encrypt(iv: Uint8Array, data: Uint8Array): Uint8Array;
  decrypt(iv: Uint8Array, data: Uint8Array): Uint8Array;
}

/** A public key as read from a SubjectPublicKeyInfo. */
export type PublicKey =
  | { kind: 'rsa'; n: bigint; e: bigint; bits: number }
  /** RSA key restricted to RSA-PSS by its SPKI algorithm (id-RSASSA-PSS). */
  | { kind: 'rsa-pss'; n: bigint; e: bigint; bits: number }
  | { kind: 'ec'; curve: 'P-256' | 'P-384' | 'P-521'; point: Uint8Array }
  | { kind: 'ed25519'; key: Uint8Array }
  | { kind: 'ed448'; key: Uint8Array }
  | { kind: 'ml-dsa'; level: 44 | 65 | 87; key: Uint8Array };

/** How a signature was made: the TLS SignatureScheme and the X.509 AlgorithmIdentifier both map here. */
export type SignatureAlgorithm =
  | { kind: 'rsa-pkcs1'; hash: HashName }
  | { kind: 'rsa-pss'; hash: HashName; saltLength: number }
  /** ECDSA with a DER-encoded (r, s) signature, as in TLS and X.509. */
  | { kind: 'ecdsa'; hash: HashName }
  | { kind: 'ed25519' }
  | { kind: 'ed448' }
  | { kind: 'ml-dsa'; level: 44 | 65 | 87 };

/** One side of a key exchange: our public share, and the shared secret once the peer's arrives. */
export interface KeyShare {
  readonly group: number;
  readonly publicKey: Uint8Array;
  /** The shared secret; throws a TLSError (illegal_parameter) for an invalid peer share. */
  deriveSecret(peerShare: Uint8Array): Uint8Array;
}

/** Where randomness comes from: tests inject a deterministic one, production uses the CSPRNG. */
export interface RandomSource {
  bytes(n: number): Uint8Array;
}

export interface CryptoProvider {
  readonly name: string;
  hash(name: HashName, data: Uint8Array): Uint8Array;
  createHash(name: HashName): HashState;
  hmac(name: HashName, key: Uint8Array, data: Uint8Array): Uint8Array;
  aead(name: AeadName, key: Uint8Array): Aead;
  aesCbc(key: Uint8Array): BlockCipherCbc;
  /** Supported named groups, by TLS codepoint. */
  supportsGroup(group: number): boolean;
  /** A fresh key share for a TLS named group (codepoint), drawing its secret from `random`. */
  generateKeyShare(group: number, random: RandomSource): KeyShare;
  /** True when `signature` over `message` verifies; false on any mismatch or malformed input. */
  verify(key: PublicKey, algorithm: SignatureAlgorithm, message: Uint8Array, signature: Uint8Array): boolean;
  /** RSAES-PKCS1-v1_5 encryption (TLS 1.2 RSA key exchange). */
  rsaEncryptPkcs1(key: PublicKey & { kind: 'rsa' }, data: Uint8Array, random: RandomSource): Uint8Array;
}

export const HASH_LENGTH: Record<HashName, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** TLS NamedGroup codepoints, from the shared vocabulary (profiles name groups too). */
export { Group } from '../../vocabulary/groups.js';

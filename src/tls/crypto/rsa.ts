/**
 * RSA public-key operations on BigInt (noble has no RSA): RSASSA-PKCS1-v1_5 and RSASSA-PSS
 * verification and RSAES-PKCS1-v1_5 encryption, from RFC 8017. Only public operations are
 * needed by a client, so nothing here handles a secret and timing leaks nothing private.
 *
 * The hash is passed in, so any provider (noble or native) can reuse this file.
 */
import { TLSError } from '../../errors.js';
import { concatBytes, equalBytes } from '../wire/writer.js';
import type { HashName, RandomSource } from './provider.js';
import { HASH_LENGTH } from './provider.js';

export type Digest = (name: HashName, data: Uint8Array) => Uint8Array;

export interface RsaPublicKey {
  n: bigint;
  e: bigint;
}

/** Smaller moduli are factorable in practice; e < 3 is not an RSA key at all. */
export const MIN_RSA_BITS = 1024;

/** base^exponent mod modulus, square-and-multiply from the top bit. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let result = 1n;
  let b = base % modulus;
  for (const bit of exponent.toString(2)) {
    result = (result * result) % modulus;
    if (bit === '1') result = (result * b) % modulus;
  }
  return result;
}

/** OS2IP (RFC 8017 §4.2). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}

/** I2OSP (RFC 8017 §4.1): big-endian, left-padded to `length`; throws when it does not fit. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16);
  if (value < 0n || hex.length > 2 * length) throw new RangeError('integer too large');
  const out = new Uint8Array(length);
  const padded = hex.padStart(2 * length, '0');
  for (let i = 0; i < length; i++) out[i] = parseInt(padded.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** Whether the key is one we accept at all: at least 1024 bits, odd e with 3 <= e < n. */
export function isAcceptableRsaKey(key: RsaPublicKey): boolean {
  return bitLength(key.n) >= MIN_RSA_BITS && key.e >= 3n && (key.e & 1n) === 1n && key.e < key.n && (key.n & 1n) === 1n;
}

/** RSAVP1 on a k-byte signature; null when the signature is not an integer below n (§5.2.2). */
function publicOp(key: RsaPublicKey, input: Uint8Array, outLength: number): Uint8Array | null {
  const k = Math.ceil(bitLength(key.n) / 8);
  if (input.length !== k) return null;
  const s = bytesToBigInt(input);
  if (s >= key.n) return null;
  const m = modPow(s, key.e, key.n);
  if (bitLength(m) > 8 * outLength) return null;
  return bigIntToBytes(m, outLength);
}

/**
 * DigestInfo prefixes (RFC 8017 §9.2 note 1): SEQUENCE { AlgorithmIdentifier { OID, NULL },
 * OCTET STRING digest }. Only the NULL-parameters form is accepted, as Go and BoringSSL do.
 */
const DIGEST_INFO_PREFIX: Record<HashName, Uint8Array> = {
  sha1: Uint8Array.of(0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14),
  sha256: Uint8Array.of(0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20),
  sha384: Uint8Array.of(0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30),
  sha512: Uint8Array.of(0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40),
};

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2). The expected encoded message is built
 * and compared whole, never parsed: parsing invites Bleichenbacher-style forgeries (CVE-2006-4339).
 */
export function rsaPkcs1Verify(key: RsaPublicKey, hash: HashName, digest: Digest, message: Uint8Array, signature: Uint8Array): boolean {
  if (!isAcceptableRsaKey(key)) return false;
  const k = Math.ceil(bitLength(key.n) / 8);
  const t = concatBytes(DIGEST_INFO_PREFIX[hash], digest(hash, message));
  if (k < t.length + 11) return false;
  const em = publicOp(key, signature, k);
  if (em === null) return false;
  const expected = new Uint8Array(k).fill(0xff);
  expected[0] = 0x00;
  expected[1] = 0x01;
  expected[k - t.length - 1] = 0x00;
  expected.set(t, k - t.length);
  return equalBytes(em, expected);
}

/** MGF1 (RFC 8017 §B.2.1). */
export function mgf1(hash: HashName, digest: Digest, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  for (let c = 0, o = 0; o < length; c++, o += HASH_LENGTH[hash]) {
    counter[0] = c >>> 24;
    counter[1] = (c >>> 16) & 0xff;
    counter[2] = (c >>> 8) & 0xff;
    counter[3] = c & 0xff;
    const block = digest(hash, concatBytes(seed, counter));
    out.set(block.subarray(0, Math.min(block.length, length - o)), o);
  }
  return out;
}

/**
 * RSASSA-PSS verification (RFC 8017 §8.1.2 and EMSA-PSS-VERIFY §9.1.2) with MGF1 over the same
 * hash and an exact salt length. Every check on the decoded block is folded into one flag and
 * the hash comparison always runs, so the work done does not depend on where it fails.
 */
export function rsaPssVerify(
  key: RsaPublicKey,
  hash: HashName,
  saltLength: number,
  digest: Digest,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (!isAcceptableRsaKey(key) || !Number.isInteger(saltLength) || saltLength < 0) return false;
  const hLen = HASH_LENGTH[hash];
  const emBits = bitLength(key.n) - 1;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < hLen + saltLength + 2) return false;
  const em = publicOp(key, signature, emLen);
  if (em === null) return false;

  const dbLength = emLen - hLen - 1;
  const maskedDb = em.subarray(0, dbLength);
  const h = em.subarray(dbLength, dbLength + hLen);
  // The bits above emBits in the leftmost byte must be zero.
  const topMask = 0xff >>> (8 * emLen - emBits);
  let bad = em[emLen - 1]! ^ 0xbc;
  bad |= maskedDb[0]! & ~topMask & 0xff;

  const db = mgf1(hash, digest, h, dbLength);
  for (let i = 0; i < dbLength; i++) db[i]! ^= maskedDb[i]!;
  db[0]! &= topMask;
  const separator = dbLength - saltLength - 1;
  for (let i = 0; i < separator; i++) bad |= db[i]!;
  bad |= db[separator]! ^ 0x01;

  const salt = db.subarray(dbLength - saltLength);
  const hPrime = digest(hash, concatBytes(new Uint8Array(8), digest(hash, message), salt));
  return equalBytes(h, hPrime) && bad === 0;
}

/**
 * RSAES-PKCS1-v1_5 encryption (RFC 8017 §7.2.1): EM = 0x00 || 0x02 || PS || 0x00 || M, where
 * PS is at least 8 nonzero random bytes. Used for the TLS 1.2 RSA key exchange premaster secret.
 */
export function rsaPkcs1Encrypt(key: RsaPublicKey, data: Uint8Array, random: RandomSource): Uint8Array {
  if (bitLength(key.n) < MIN_RSA_BITS) throw new TLSError('RSA key is smaller than 1024 bits', 71, 'insufficient_security');
  if (!isAcceptableRsaKey(key)) throw new TLSError('invalid RSA public key', 42, 'bad_certificate');
  const k = Math.ceil(bitLength(key.n) / 8);
  if (data.length > k - 11) throw new RangeError('message too long for RSA PKCS#1 v1.5');
  const ps = nonzeroRandom(random, k - data.length - 3);
  const em = concatBytes(Uint8Array.of(0x00, 0x02), ps, Uint8Array.of(0x00), data);
  return bigIntToBytes(modPow(bytesToBigInt(em), key.e, key.n), k);
}

/** `length` random bytes, none zero: zero bytes are replaced by fresh draws from `random`. */
function nonzeroRandom(random: RandomSource, length: number): Uint8Array {
  const out = random.bytes(length).slice();
  for (let i = 0; i < length; i++) {
    while (out[i] === 0) out[i] = random.bytes(1)[0]!;
  }
  return out;
}

/**
 * Finite-field Diffie-Hellman over the RFC 7919 named groups (ffdhe2048 ... ffdhe8192).
 *
 * The primes are not pasted hex: RFC 7919 Appendix A defines each as
 *   p = 2^b - 2^(b-64) + (floor(2^(b-130) * e) + X) * 2^64 - 1
 * with a small per-group constant X, so they are computed (once, lazily) from that formula;
 * the tests check them against OpenSSL's built-in copies. The generator is 2.
 */
import { TLSError } from '../../errors.js';
import type { KeyShare, RandomSource } from './provider.js';
import { Group } from './provider.js';
import { bigIntToBytes, bitLength, bytesToBigInt, modPow } from './rsa.js';

interface NamedFfdhe {
  bits: number;
  /** The X of RFC 7919 Appendix A: the smallest offset that makes p a safe prime. */
  x: bigint;
}

const NAMED: ReadonlyMap<number, NamedFfdhe> = new Map([
  [Group.ffdhe2048, { bits: 2048, x: 560316n }],
  [Group.ffdhe3072, { bits: 3072, x: 2625351n }],
  [Group.ffdhe4096, { bits: 4096, x: 5736041n }],
  [Group.ffdhe6144, { bits: 6144, x: 15705020n }],
  [Group.ffdhe8192, { bits: 8192, x: 10965728n }],
]);

export const FFDHE_GENERATOR = 2n;

/**
 * Private exponent size. RFC 7919 §5.2 asks for at least twice the group's security strength
 * (about 200 bits for ffdhe8192); 512 bits clears every group and keeps g^x cheap, since a
 * full-size exponent would cost 4 to 16 times as much for no gain.
 */
const EXPONENT_BITS = 512;

export function isFfdheGroup(group: number): boolean {
  return NAMED.has(group);
}

const primes = new Map<number, bigint>();

/** The RFC 7919 prime of a named group. */
export function ffdhePrime(group: number): bigint {
  const cached = primes.get(group);
  if (cached !== undefined) return cached;
  const named = NAMED.get(group);
  if (named === undefined) throw new RangeError(`not an RFC 7919 group: 0x${group.toString(16)}`);
  const b = BigInt(named.bits);
  const p = (1n << b) - (1n << (b - 64n)) + (floorEScaled(named.bits - 130) + named.x) * (1n << 64n) - 1n;
  primes.set(group, p);
  return p;
}

/**
 * floor(2^m * e), from e = sum 1/k! in fixed point with 64 guard bits. Each term truncates by
 * under one unit, so the total error (~1000 units for m = 8062) stays far below 2^64.
 */
function floorEScaled(m: number): bigint {
  const guard = 64n;
  const scale = 1n << (BigInt(m) + guard);
  let sum = 0n;
  let term = scale;
  for (let k = 1n; term > 0n; k++) {
    sum += term;
    term /= k;
  }
  return sum >> guard;
}

/** A key share for an RFC 7919 named group (TLS 1.3 key_share, or TLS 1.2 with RFC 7919). */
export function createFfdheKeyShare(group: number, random: RandomSource): KeyShare {
  return createDhKeyShare(group, ffdhePrime(group), FFDHE_GENERATOR, random);
}

/**
 * A finite-field DH share for any safe prime p and generator g (TLS 1.2 servers may send their
 * own). Public values and the secret are left-padded to the length of p, as RFC 8446 §4.2.8.1
 * requires; TLS 1.2 (RFC 5246 §8.1.2) strips the secret's leading zero bytes, which is the
 * caller's job. BigInt arithmetic is not constant-time: acceptable for an ephemeral exponent
 * used once, not for a long-term key.
 */
export function createDhKeyShare(group: number, p: bigint, g: bigint, random: RandomSource): KeyShare {
  const length = Math.ceil(bitLength(p) / 8);
  const exponentBits = Math.min(EXPONENT_BITS, bitLength(p) - 2);
  const x = drawExponent(random, exponentBits);
  const publicKey = bigIntToBytes(modPow(g, x, p), length);
  return {
    group,
    publicKey,
    deriveSecret(peerShare: Uint8Array): Uint8Array {
      if (peerShare.length !== length) {
        throw new TLSError(`DH share is ${peerShare.length} bytes, expected ${length}`, 47, 'illegal_parameter');
      }
      const y = bytesToBigInt(peerShare);
      // RFC 7919 §5.1: with a safe prime, 1 < y < p-1 rules out the small subgroups.
      if (y <= 1n || y >= p - 1n) throw new TLSError('DH share out of range', 47, 'illegal_parameter');
      return bigIntToBytes(modPow(y, x, p), length);
    },
  };
}

/** A uniformly random exponent of exactly `bits` bits (top bit set, so x >= 2). */
function drawExponent(random: RandomSource, bits: number): bigint {
  const bytes = random.bytes(Math.ceil(bits / 8));
  const mask = (1n << BigInt(bits)) - 1n;
  return (bytesToBigInt(bytes) & mask) | (1n << BigInt(bits - 1));
}

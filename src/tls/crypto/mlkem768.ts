/**
 * ML-KEM-768 (FIPS 203) key generation and decapsulation, the client's half of the
 * X25519MLKEM768 key share, for a Node whose OpenSSL has no ML-KEM (Node 20 and 22). The
 * arithmetic is here; SHA3-256, SHA3-512, SHAKE128 and SHAKE256 come from node:crypto (OpenSSL
 * 3.0 has them), where the pure-TypeScript Keccak was most of the time. The same seed gives the
 * same keys as noble's ml_kem768 and OpenSSL's, byte for byte (test/crypto/mlkem768.test.ts).
 *
 * Algorithm numbers are FIPS 203's. Polynomials are Int32Arrays of 256 coefficients in [0, q).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const Q = 3329;
const N = 256;
const K = 3;
const ETA1 = 2;
const ETA2 = 2;
const DU = 10;
const DV = 4;
/** 128^-1 mod q, the scaling at the end of the inverse NTT. */
const N_INV = 3303;

export const MLKEM768_PUBLIC_KEY_LENGTH = 384 * K + 32;
export const MLKEM768_CIPHERTEXT_LENGTH = 32 * (DU * K + DV);

type Poly = Int32Array;

/** 7-bit bit reversal. */
function bitRev7(i: number): number {
  let r = 0;
  for (let b = 0; b < 7; b++) r |= ((i >> b) & 1) << (6 - b);
  return r;
}

function powMod(base: number, exp: number): number {
  let result = 1;
  for (let i = 0; i < exp; i++) result = (result * base) % Q;
  return result;
}

/** ζ^BitRev7(i) (the NTT's twiddles) and ζ^(2·BitRev7(i)+1) (the base-case products' γ), ζ = 17. */
const ZETAS = Int32Array.from({ length: 128 }, (_, i) => powMod(17, bitRev7(i)));
const GAMMAS = Int32Array.from({ length: 128 }, (_, i) => powMod(17, 2 * bitRev7(i) + 1));

/** Algorithm 9, in place. */
function ntt(f: Poly): void {
  let i = 1;
  for (let len = 128; len >= 2; len >>= 1) {
    for (let start = 0; start < N; start += 2 * len) {
      const zeta = ZETAS[i++]!;
      for (let j = start; j < start + len; j++) {
        const t = (zeta * f[j + len]!) % Q;
        f[j + len] = (f[j]! - t + Q) % Q;
        f[j] = (f[j]! + t) % Q;
      }
    }
  }
}

/** Algorithm 10, in place. */
function nttInverse(f: Poly): void {
  let i = 127;
  for (let len = 2; len <= 128; len <<= 1) {
    for (let start = 0; start < N; start += 2 * len) {
      const zeta = ZETAS[i--]!;
      for (let j = start; j < start + len; j++) {
        const t = f[j]!;
        f[j] = (t + f[j + len]!) % Q;
        f[j + len] = (zeta * ((f[j + len]! - t + Q) % Q)) % Q;
      }
    }
  }
  for (let j = 0; j < N; j++) f[j] = (f[j]! * N_INV) % Q;
}

/** Algorithms 11 and 12: `acc += f ∘ g` in the NTT domain. */
function multiplyAdd(acc: Poly, f: Poly, g: Poly): void {
  for (let i = 0; i < 128; i++) {
    const a0 = f[2 * i]!;
    const a1 = f[2 * i + 1]!;
    const b0 = g[2 * i]!;
    const b1 = g[2 * i + 1]!;
    const c0 = (a0 * b0 + ((a1 * b1) % Q) * GAMMAS[i]!) % Q;
    const c1 = (a0 * b1 + a1 * b0) % Q;
    acc[2 * i] = (acc[2 * i]! + c0) % Q;
    acc[2 * i + 1] = (acc[2 * i + 1]! + c1) % Q;
  }
}

function sha3_256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha3-256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** G: SHA3-512, split into its two halves. */
function g(...parts: Uint8Array[]): [Uint8Array, Uint8Array] {
  const hash = createHash('sha3-512');
  for (const part of parts) hash.update(part);
  const out = hash.digest();
  return [out.subarray(0, 32), out.subarray(32)];
}

function shake(algorithm: 'shake128' | 'shake256', outputLength: number, ...parts: Uint8Array[]): Uint8Array {
  const hash = createHash(algorithm, { outputLength });
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * Algorithm 7: a polynomial in the NTT domain by rejection from SHAKE128(ρ‖j‖i). Three blocks
 * are almost always enough; when not, the longer output has the same prefix, so asking again for
 * more reads on from where the short one stopped.
 */
function sampleNtt(rho: Uint8Array, j: number, i: number): Poly {
  const seed = new Uint8Array([...rho, j, i]);
  for (let blocks = 3; ; blocks *= 2) {
    const stream = shake('shake128', 168 * blocks, seed);
    const a = new Int32Array(N);
    let count = 0;
    for (let pos = 0; pos + 3 <= stream.length && count < N; pos += 3) {
      const c0 = stream[pos]!;
      const c1 = stream[pos + 1]!;
      const c2 = stream[pos + 2]!;
      const d1 = c0 + 256 * (c1 & 0x0f);
      const d2 = (c1 >> 4) + 16 * c2;
      if (d1 < Q) a[count++] = d1;
      if (d2 < Q && count < N) a[count++] = d2;
    }
    if (count === N) return a;
  }
}

/** Algorithm 8 for η = 2, from PRF_η(s, b) = SHAKE256(s‖b, 64η bytes). */
function sampleCbd2(seed: Uint8Array, nonce: number): Poly {
  const bytes = shake('shake256', 64 * 2, seed, new Uint8Array([nonce]));
  const f = new Int32Array(N);
  for (let i = 0; i < 128; i++) {
    const b = bytes[i]!;
    // Each nibble is one coefficient: (bit0 + bit1) − (bit2 + bit3).
    f[2 * i] = ((b & 1) + ((b >> 1) & 1) - ((b >> 2) & 1) - ((b >> 3) & 1) + Q) % Q;
    f[2 * i + 1] = (((b >> 4) & 1) + ((b >> 5) & 1) - ((b >> 6) & 1) - ((b >> 7) & 1) + Q) % Q;
  }
  return f;
}

/** Algorithm 5: d bits per coefficient, least significant first. */
function byteEncode(f: Poly, d: number, out: Uint8Array, offset: number): void {
  let acc = 0;
  let bits = 0;
  let pos = offset;
  for (let i = 0; i < N; i++) {
    acc |= f[i]! << bits;
    bits += d;
    while (bits >= 8) {
      out[pos++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
}

/** Algorithm 6 (for d = 12 the values are taken mod q, as ByteDecode_12 does for m = q). */
function byteDecode(bytes: Uint8Array, offset: number, d: number): Poly {
  const f = new Int32Array(N);
  const mask = (1 << d) - 1;
  let acc = 0;
  let bits = 0;
  let pos = offset;
  for (let i = 0; i < N; i++) {
    while (bits < d) {
      acc |= bytes[pos++]! << bits;
      bits += 8;
    }
    const value = acc & mask;
    f[i] = d === 12 ? value % Q : value;
    acc >>>= d;
    bits -= d;
  }
  return f;
}

/** Compress_d: round(2^d/q · x) mod 2^d, as integers: ⌊(2^(d+1)·x + q) / 2q⌋. */
function compress(f: Poly, d: number): Poly {
  const out = new Int32Array(N);
  const mask = (1 << d) - 1;
  for (let i = 0; i < N; i++) out[i] = Math.floor((2 ** (d + 1) * f[i]! + Q) / (2 * Q)) & mask;
  return out;
}

/** Decompress_d: round(q/2^d · y), as integers: ⌊(2q·y + 2^d) / 2^(d+1)⌋. */
function decompress(f: Poly, d: number): Poly {
  const out = new Int32Array(N);
  for (let i = 0; i < N; i++) out[i] = Math.floor((2 * Q * f[i]! + 2 ** d) / 2 ** (d + 1));
  return out;
}

/** Â, row by row: Â[i][j] = SampleNTT(ρ‖j‖i) (Algorithm 13 line 5). */
function expandMatrix(rho: Uint8Array): Poly[][] {
  return Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => sampleNtt(rho, j, i)));
}

export interface MlKem768Keys {
  /** The encapsulation key ek (1,184 bytes), sent in the key share. */
  publicKey: Uint8Array;
  /** The 32-byte shared secret for a ciphertext; implicit rejection (a wrong one gives J(z‖c), never an error). */
  decapsulate(ciphertext: Uint8Array): Uint8Array;
}

/** Algorithm 16 (ML-KEM.KeyGen_internal) from the 64-byte seed d‖z, as noble and OpenSSL take it. */
export function mlKem768Keys(seed: Uint8Array): MlKem768Keys {
  if (seed.length !== 64) throw new RangeError('ML-KEM-768 seed must be 64 bytes');
  const d = seed.subarray(0, 32);
  const z = seed.slice(32, 64);
  // Algorithm 13 (K-PKE.KeyGen).
  const [rho, sigma] = g(d, new Uint8Array([K]));
  const matrix = expandMatrix(rho);
  const s: Poly[] = [];
  const e: Poly[] = [];
  for (let i = 0; i < K; i++) s.push(sampleCbd2(sigma, i));
  for (let i = 0; i < K; i++) e.push(sampleCbd2(sigma, K + i));
  for (const poly of [...s, ...e]) ntt(poly);
  const publicKey = new Uint8Array(MLKEM768_PUBLIC_KEY_LENGTH);
  const tHat: Poly[] = [];
  for (let i = 0; i < K; i++) {
    // t̂ = Â ∘ ŝ + ê.
    const t = e[i]!.slice();
    for (let j = 0; j < K; j++) multiplyAdd(t, matrix[i]![j]!, s[j]!);
    byteEncode(t, 12, publicKey, 384 * i);
    tHat.push(t);
  }
  publicKey.set(rho, 384 * K);
  const publicKeyHash = sha3_256(publicKey);
  return {
    publicKey,
    decapsulate: (ciphertext) => decapsulate(ciphertext, { sHat: s, tHat, matrix, rho, publicKeyHash, z }),
  };
}

interface DecapsulationKey {
  sHat: Poly[];
  tHat: Poly[];
  matrix: Poly[][];
  rho: Uint8Array;
  publicKeyHash: Uint8Array;
  z: Uint8Array;
}

/** Algorithm 18 (ML-KEM.Decaps_internal), with Â kept from key generation. */
function decapsulate(ciphertext: Uint8Array, key: DecapsulationKey): Uint8Array {
  if (ciphertext.length !== MLKEM768_CIPHERTEXT_LENGTH) throw new RangeError(`ML-KEM-768 ciphertext must be ${MLKEM768_CIPHERTEXT_LENGTH} bytes`);
  const message = decrypt(ciphertext, key.sHat);
  const [shared, coins] = g(message, key.publicKeyHash);
  const rejected = shake('shake256', 32, key.z, ciphertext);
  const again = encrypt(key, message, coins);
  return timingSafeEqual(again, ciphertext) ? shared.slice() : rejected;
}

/** Algorithm 15 (K-PKE.Decrypt). */
function decrypt(ciphertext: Uint8Array, sHat: Poly[]): Uint8Array {
  const w = new Int32Array(N);
  for (let i = 0; i < K; i++) {
    const u = decompress(byteDecode(ciphertext, 32 * DU * i, DU), DU);
    ntt(u);
    multiplyAdd(w, sHat[i]!, u);
  }
  nttInverse(w);
  const v = decompress(byteDecode(ciphertext, 32 * DU * K, DV), DV);
  for (let i = 0; i < N; i++) w[i] = (v[i]! - w[i]! + Q) % Q;
  const message = new Uint8Array(32);
  byteEncode(compress(w, 1), 1, message, 0);
  return message;
}

/** Algorithm 14 (K-PKE.Encrypt), for the re-encryption check. */
function encrypt(key: DecapsulationKey, message: Uint8Array, coins: Uint8Array): Uint8Array {
  const y: Poly[] = [];
  for (let i = 0; i < K; i++) y.push(sampleCbd2(coins, i));
  const e1: Poly[] = [];
  for (let i = 0; i < K; i++) e1.push(sampleCbd2(coins, K + i));
  const e2 = sampleCbd2(coins, 2 * K);
  for (const poly of y) ntt(poly);
  const out = new Uint8Array(MLKEM768_CIPHERTEXT_LENGTH);
  for (let i = 0; i < K; i++) {
    // u[i] = NTT⁻¹(Σ_j Â[j][i] ∘ ŷ[j]) + e1[i] (Âᵀ).
    const u = new Int32Array(N);
    for (let j = 0; j < K; j++) multiplyAdd(u, key.matrix[j]![i]!, y[j]!);
    nttInverse(u);
    for (let c = 0; c < N; c++) u[c] = (u[c]! + e1[i]![c]!) % Q;
    byteEncode(compress(u, DU), DU, out, 32 * DU * i);
  }
  const v = new Int32Array(N);
  for (let j = 0; j < K; j++) multiplyAdd(v, key.tHat[j]!, y[j]!);
  nttInverse(v);
  const mu = decompress(byteDecode(message, 0, 1), 1);
  for (let c = 0; c < N; c++) v[c] = (v[c]! + e2[c]! + mu[c]!) % Q;
  byteEncode(compress(v, DV), DV, out, 32 * DU * K);
  return out;
}

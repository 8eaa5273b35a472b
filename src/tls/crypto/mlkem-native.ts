/**
 * ML-KEM-768 (FIPS 203) by OpenSSL where the running Node has it (Node 24.7+ with OpenSSL 3.5:
 * `crypto.decapsulate`, ML-KEM keys in PKCS#8); elsewhere by mlkem768.ts (our arithmetic over
 * node:crypto's SHA-3, 3-4x faster than noble's pure TypeScript, which the noble provider keeps).
 * Detected once. The key pair comes from the same 64-byte seed (d || z) all three take, imported
 * into OpenSSL as a seed-only PKCS#8 key, so each gives the same key for the same seed and a
 * seeded handshake replays identically on any Node.
 */
import * as nodeCrypto from 'node:crypto';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { MLKEM768_CIPHERTEXT_LENGTH, MLKEM768_PUBLIC_KEY_LENGTH, mlKem768Keys } from './mlkem768.js';

export { MLKEM768_CIPHERTEXT_LENGTH, MLKEM768_PUBLIC_KEY_LENGTH };

/** An ML-KEM-768 decapsulation key and its encapsulation (public) key. */
export interface MlKem768Pair {
  publicKey: Uint8Array;
  /** The 32-byte shared secret for a ciphertext of MLKEM768_CIPHERTEXT_LENGTH bytes (implicit rejection: never throws for a wrong one). */
  decapsulate(ciphertext: Uint8Array): Uint8Array;
}

/** OneAsymmetricKey for id-alg-ml-kem-768 (2.16.840.1.101.3.4.4.2) holding only the seed: [0] IMPLICIT OCTET STRING (64). */
const SEED_PKCS8_PREFIX = Buffer.from('3054020100300b060960864801650304040204428040', 'hex');

type Decapsulate = (key: KeyObject, ciphertext: Uint8Array) => Buffer;

/** Node's `crypto.decapsulate` (absent from Node 20's typings and runtime). */
const nodeDecapsulate = (nodeCrypto as unknown as { decapsulate?: Decapsulate }).decapsulate;

function opensslPair(seed: Uint8Array, decapsulate: Decapsulate): MlKem768Pair {
  const privateKey = createPrivateKey({ key: Buffer.concat([SEED_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  // The SubjectPublicKeyInfo ends with the raw key (a BIT STRING with no unused bits).
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    publicKey: new Uint8Array(spki.subarray(spki.length - MLKEM768_PUBLIC_KEY_LENGTH)),
    decapsulate: (ciphertext) => new Uint8Array(decapsulate(privateKey, ciphertext)),
  };
}


let native: boolean | undefined;

/** Whether OpenSSL does ML-KEM-768 here: tried once, on a fixed seed, against our own answer. */
export function nativeMlKemAvailable(): boolean {
  if (native === undefined) {
    native = false;
    if (nodeDecapsulate) {
      try {
        const seed = new Uint8Array(64).fill(7);
        const ours = opensslPair(seed, nodeDecapsulate);
        native = Buffer.from(ours.publicKey).equals(Buffer.from(mlKem768Keys(seed).publicKey));
      } catch {
        native = false;
      }
    }
  }
  return native;
}

/** An ML-KEM-768 key pair from a 64-byte seed: OpenSSL's when available, ours otherwise. */
export function mlKem768FromSeed(seed: Uint8Array): MlKem768Pair {
  return nativeMlKemAvailable() ? opensslPair(seed, nodeDecapsulate!) : mlKem768Keys(seed);
}

/**
 * X25519Kyber768Draft00 (0x6399, draft-tls-westerbaan-xyber768d00): the pre-standard hybrid that
 * Chrome offered in a 116 trial and by default from 124 to 130. Our share is the X25519 public key
 * followed by a Kyber768 (round 3) public key, 32 + 1184 bytes; the server's is its X25519 share
 * followed by a Kyber768 ciphertext, 32 + 1088; the secret is the X25519 secret followed by the
 * Kyber768 secret, 32 + 32. (X25519MLKEM768 puts the ML-KEM part first; this draft does not.)
 *
 * Kyber round 3 and ML-KEM (FIPS 203) share the key and ciphertext formats and the IND-CPA core;
 * ML-KEM dropped Kyber's final KDF. So an ML-KEM-768 key pair is a Kyber768 key pair, and for a
 * well-formed ciphertext Kyber's secret is SHAKE-256(ML-KEM secret || SHA3-256(ciphertext)), 32
 * bytes: the construction Go 1.23's crypto/tls used for this group. Only implicit rejection differs
 * (a ciphertext failing the re-encryption check yields another pseudo-random value in each KEM),
 * and either way such a handshake fails at Finished; the key serves this one connection only.
 * Checked against the NIST round-3 Kyber768 known answer (test/profiles/chromium-kyber.test.ts).
 */
import { sha3_256, shake256 } from '@noble/hashes/sha3.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { TLSError } from '../../errors.js';
import { concatBytes } from '../wire/writer.js';
import { Group, type KeyShare, type RandomSource } from './provider.js';

const X25519_LENGTH = 32;
const KYBER768_CIPHERTEXT = 1088;

/** Kyber768's shared secret from ML-KEM-768's, for the ciphertext it came from. */
export function kyberSecretFromMlKem(mlkemSecret: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return shake256(concatBytes(mlkemSecret, sha3_256(ciphertext)), { dkLen: 32 });
}

/**
 * A fresh X25519Kyber768Draft00 share around `classical`, an X25519 share that already refuses bad
 * peer points (all-zero secret, wrong length). The ML-KEM seed is drawn after the X25519 secret, as
 * for X25519MLKEM768, so a seeded source replays the same share.
 */
export function x25519Kyber768Draft00Share(classical: KeyShare, random: RandomSource): KeyShare {
  const kem = ml_kem768.keygen(random.bytes(64));
  return {
    group: Group.x25519kyber768draft00,
    publicKey: concatBytes(classical.publicKey, kem.publicKey),
    deriveSecret(peerShare) {
      if (peerShare.length !== X25519_LENGTH + KYBER768_CIPHERTEXT) {
        throw new TLSError(`X25519Kyber768Draft00 key share is ${peerShare.length} bytes, expected 1120`, 47, 'illegal_parameter', 'sent');
      }
      const ecdhSecret = classical.deriveSecret(peerShare.subarray(0, X25519_LENGTH));
      const ciphertext = peerShare.subarray(X25519_LENGTH);
      // noble wipes the secret key it is given; the share is used once, but keep ours intact anyway.
      const mlkemSecret = ml_kem768.decapsulate(ciphertext, kem.secretKey.slice());
      return concatBytes(ecdhSecret, kyberSecretFromMlKem(mlkemSecret, ciphertext));
    },
  };
}

import type { CryptoProvider, HashName } from './crypto/provider.js';
import { concatBytes } from './wire/writer.js';

const encoder = new TextEncoder();

/**
 * P_hash (RFC 5246 §5): A(0) = seed, A(i) = HMAC(secret, A(i-1)), output the concatenation of
 * HMAC(secret, A(i) + seed), truncated to `length`.
 */
function pHash(p: CryptoProvider, hash: HashName, secret: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let a = seed;
  for (let o = 0; o < length; ) {
    a = p.hmac(hash, secret, a);
    const block = p.hmac(hash, secret, concatBytes(a, seed));
    out.set(block.subarray(0, Math.min(block.length, length - o)), o);
    o += block.length;
  }
  return out;
}

/**
 * The TLS 1.2 PRF: P_<hash>(secret, label + seed). The hash is the suite's PRF hash (SHA-256,
 * or SHA-384 for the *_SHA384 suites; RFC 5246 §5, RFC 5289 §3).
 */
export function prf12(p: CryptoProvider, hash: HashName, secret: Uint8Array, label: string, seed: Uint8Array, length: number): Uint8Array {
  return pHash(p, hash, secret, concatBytes(encoder.encode(label), seed), length);
}

/** master_secret = PRF(pre_master_secret, "master secret", client_random + server_random)[0..47] (RFC 5246 §8.1). */
export function masterSecret(p: CryptoProvider, hash: HashName, preMaster: Uint8Array, clientRandom: Uint8Array, serverRandom: Uint8Array): Uint8Array {
  return prf12(p, hash, preMaster, 'master secret', concatBytes(clientRandom, serverRandom), 48);
}

/**
 * The extended master secret (RFC 7627 §4): bound to the whole handshake through session_hash,
 * the transcript hash up to and including ClientKeyExchange, so a man in the middle cannot make
 * two connections share one master secret (the triple-handshake attack).
 */
export function extendedMasterSecret(p: CryptoProvider, hash: HashName, preMaster: Uint8Array, sessionHash: Uint8Array): Uint8Array {
  return prf12(p, hash, preMaster, 'extended master secret', sessionHash, 48);
}

/** One direction's record keys, cut from the key block. */
export interface Keys12 {
  macKey: Uint8Array;
  key: Uint8Array;
  /** The implicit IV: GCM's 4-byte salt, ChaCha20-Poly1305's 12-byte IV, empty for CBC (explicit IVs). */
  iv: Uint8Array;
}

/**
 * key_block = PRF(master_secret, "key expansion", server_random + client_random), cut in the
 * order of RFC 5246 §6.3: client MAC key, server MAC key, client key, server key, client IV,
 * server IV.
 */
export function keyBlock(
  p: CryptoProvider,
  hash: HashName,
  master: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  sizes: { macKey: number; key: number; iv: number },
): { client: Keys12; server: Keys12 } {
  const total = 2 * (sizes.macKey + sizes.key + sizes.iv);
  const block = prf12(p, hash, master, 'key expansion', concatBytes(serverRandom, clientRandom), total);
  let o = 0;
  const take = (n: number): Uint8Array => block.slice(o, (o += n));
  const clientMac = take(sizes.macKey);
  const serverMac = take(sizes.macKey);
  const clientKey = take(sizes.key);
  const serverKey = take(sizes.key);
  const clientIv = take(sizes.iv);
  const serverIv = take(sizes.iv);
  return {
    client: { macKey: clientMac, key: clientKey, iv: clientIv },
    server: { macKey: serverMac, key: serverKey, iv: serverIv },
  };
}

/** Finished.verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11] (RFC 5246 §7.4.9). */
export function finishedVerifyData(p: CryptoProvider, hash: HashName, master: Uint8Array, side: 'client' | 'server', transcriptHash: Uint8Array): Uint8Array {
  return prf12(p, hash, master, `${side} finished`, transcriptHash, 12);
}

/**
 * The crypto layer's face: the provider interface and the provider the engine uses by default.
 * Everything else in src/tls reaches cryptography through a CryptoProvider value, so a native
 * provider can replace this default without touching the handshake.
 */
import { nobleProvider } from './noble.js';
import type { CryptoProvider } from './provider.js';

export type {
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
export { Group, HASH_LENGTH } from './provider.js';
export { nobleProvider } from './noble.js';
export { ecdsaDerToFixed, ecdsaFixedToDer } from './ecdsa-signature.js';
export { createDhKeyShare, createFfdheKeyShare, ffdhePrime, isFfdheGroup } from './ffdhe.js';
export { isAcceptableRsaKey, MIN_RSA_BITS } from './rsa.js';

/** Pure TypeScript for now; a node:crypto provider may take over the hot paths later. */
export const defaultProvider: CryptoProvider = nobleProvider;

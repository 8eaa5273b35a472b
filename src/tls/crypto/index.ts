/**
 * The crypto layer's face: the provider interface and the provider the engine uses by default.
 * Everything else in src/tls reaches cryptography through a CryptoProvider value, so a native
 * provider can replace this default without touching the handshake.
 */
import { nativeProvider } from './native.js';
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

export { nativeProvider } from './native.js';

/**
 * node:crypto where it has the primitive (an order of magnitude faster for AES-GCM, X25519 and
 * signature checks), noble for the rest; `nobleProvider` forces the pure-TypeScript path.
 */
export const defaultProvider: CryptoProvider = nativeProvider;

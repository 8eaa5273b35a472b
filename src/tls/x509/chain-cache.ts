/**
 * Chains that verified, remembered as Chromium's CertVerifier caches its results
 * (net/cert/caching_cert_verifier.cc: keyed by the certificates, host name and flags, dropped
 * when the trust store changes, 30 minutes at most). A repeat connection to the same server
 * skips parsing, path building and the chain's signature checks; the handshake's own signature
 * (CertificateVerify, ServerKeyExchange) is still checked every time, since it covers this
 * connection's transcript.
 *
 * The key: SHA-256 over the DER chain as sent, the host, the provider; one cache per trust store
 * (stores are immutable, so its identity stands for its content). An entry is used only inside the
 * time window where the whole path is valid and the entry is fresh, a stricter rule than a time
 * bucket: a clock moved past a certificate's notAfter misses, and the full check reports it.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import type { TrustStore } from './trust-store.js';
import type { VerifiedChain } from './verify.js';

/** Chromium's CachingCertVerifier keeps a result 30 minutes. */
const TTL_MS = 30 * 60 * 1000;
/** Entries per trust store; the oldest goes first. */
const MAX_ENTRIES = 256;

interface Entry {
  chain: VerifiedChain;
  /** The window where every certificate on the path is valid, clipped to the entry's lifetime. */
  from: number;
  until: number;
}

const caches = new WeakMap<TrustStore, Map<string, Entry>>();

export function chainCacheKey(provider: CryptoProvider, chain: readonly Uint8Array[], host: string): string {
  const h = provider.createHash('sha256');
  const length = new Uint8Array(4);
  for (const der of chain) {
    // Length-prefixed, so that no two different chains hash the same bytes.
    new DataView(length.buffer).setUint32(0, der.length);
    h.update(length).update(der);
  }
  return `${provider.name} ${host} ${Buffer.from(h.digest()).toString('base64')}`;
}

export function cachedChain(roots: TrustStore, key: string, now: number): VerifiedChain | undefined {
  const cache = caches.get(roots);
  const entry = cache?.get(key);
  if (!entry) return undefined;
  if (now < entry.from || now > entry.until) {
    cache!.delete(key);
    return undefined;
  }
  return entry.chain;
}

export function rememberChain(roots: TrustStore, key: string, now: number, chain: VerifiedChain): void {
  let cache = caches.get(roots);
  if (!cache) caches.set(roots, (cache = new Map()));
  // An anchor's own dates are not checked (trust-store.ts), so they do not bound the window.
  const certificates = chain.path.length > 1 ? chain.path.slice(0, -1) : chain.path;
  const from = Math.max(...certificates.map((c) => c.notBefore));
  const until = Math.min(now + TTL_MS, ...certificates.map((c) => c.notAfter));
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { chain, from, until });
}

import { CertificateError } from '../errors.js';
import { fatal } from './alerts.js';
import type { PublicKey } from './crypto/provider.js';
import type { HandshakeConfig } from './handshake-types.js';
import { schemeFitsKey, signatureScheme } from './signature-schemes.js';
import { parseCertificate } from './x509/certificate.js';
import { leafKeyUsageAllows } from './x509/checks.js';
import { cachedChain, chainCacheKey, rememberChain } from './x509/chain-cache.js';
import { verifyChain, type VerifiedChain } from './x509/verify.js';

/**
 * Verifies the server's chain (unless verification is off) and returns the leaf's public key,
 * which must sign the handshake. With `use`, a verified leaf's keyUsage must also allow that use
 * of its key (the chain checks only ask that it allow one of them).
 */
export function verifyServerCertificates(config: HandshakeConfig, chain: Uint8Array[], use?: 'sign' | 'encipher'): PublicKey {
  let key: PublicKey | undefined;
  try {
    // Verification already parsed the leaf; without it, parse it here.
    if (config.verify) {
      const leaf = verifiedChain(config, chain).leaf;
      if (use && !leafKeyUsageAllows(leaf, use)) {
        const wanted = use === 'sign' ? 'digitalSignature' : 'keyEncipherment';
        throw new CertificateError(`certificate keyUsage (${leaf.extensions.keyUsage?.join(', ') ?? ''}) lacks ${wanted}, which this handshake needs`, 'key_usage');
      }
      key = leaf.publicKey;
    } else key = parseCertificate(chain[0]!).publicKey;
  } catch (error) {
    if (error instanceof CertificateError) throw error;
    throw new CertificateError(`server certificate does not parse: ${(error as Error).message}`, 'malformed');
  }
  if (!key) throw new CertificateError("server certificate's public key algorithm is not supported", 'unsupported_algorithm');
  return key;
}

/**
 * The chain verified now or, for a chain this store already accepted for this host, remembered
 * (x509/chain-cache.ts). The remembered leaf is the same object each time, so its public key
 * stays imported in the provider (a KeyObject per certificate key, not one per handshake).
 */
function verifiedChain(config: HandshakeConfig, chain: Uint8Array[]): VerifiedChain {
  const now = config.clock.now();
  const key = chainCacheKey(config.provider, chain, config.host);
  const roots = config.trustStore();
  const cached = cachedChain(roots, key, now);
  if (cached) return cached;
  const verified = verifyChain({ chain, roots, host: config.host, now, provider: config.provider });
  rememberChain(roots, key, now, verified);
  return verified;
}

/** Checks a handshake signature (TLS 1.3 CertificateVerify, TLS 1.2 ServerKeyExchange). */
export function verifyHandshakeSignature(
  config: HandshakeConfig,
  key: PublicKey,
  scheme: number,
  content: Uint8Array,
  signature: Uint8Array,
  tls13: boolean,
): void {
  const info = signatureScheme(scheme);
  if (!info || !schemeFitsKey(scheme, key, tls13)) {
    throw fatal('illegal_parameter', `signature scheme 0x${scheme.toString(16)} does not fit the certificate's ${key.kind} key`);
  }
  if (!config.provider.verify(key, info.algorithm, content, signature)) {
    throw fatal('decrypt_error', `server's handshake signature (scheme 0x${scheme.toString(16)}) does not verify`);
  }
}

/**
 * The per-certificate checks of path validation, each returning a `Failure` (or undefined)
 * instead of throwing, so the path builder can record it and try another path.
 */
import type { CertificateFailure } from '../../errors.js';
import type { PublicKey, SignatureAlgorithm } from '../crypto/provider.js';
import type { Certificate } from './certificate.js';
import { isWeakSignatureOid } from './algorithm.js';
import { Oid } from './oids.js';

export interface Failure {
  reason: CertificateFailure;
  message: string;
  /** The subject (readable) of the certificate that failed the check. */
  subject: string;
}

export function failure(reason: CertificateFailure, cert: Certificate, message: string): Failure {
  return { reason, subject: cert.subject.text, message: `${message} (${cert.subject.text || 'empty subject'})` };
}

/** The smallest RSA modulus browsers accept anywhere in a chain (CA/B Forum BR §6.1.5). */
export const MIN_RSA_BITS = 2048;

export function checkCriticalExtensions(cert: Certificate): Failure | undefined {
  const unknown = cert.extensions.unknownCritical;
  if (unknown.length > 0) return failure('malformed', cert, `unrecognized critical extension ${unknown.join(', ')}`);
  return undefined;
}

/** RFC 5280 §4.1.2.5: valid from notBefore through notAfter, both inclusive. */
export function checkValidity(cert: Certificate, now: number): Failure | undefined {
  if (now < cert.notBefore) return failure('not_yet_valid', cert, `certificate is not valid before ${new Date(cert.notBefore).toISOString()}`);
  if (now > cert.notAfter) return failure('expired', cert, `certificate expired at ${new Date(cert.notAfter).toISOString()}`);
  return undefined;
}

/** An issuing CA: basicConstraints cA (v1/v2 certificates have none, so they cannot issue), keyCertSign, serverAuth EKU. */
export function checkIssuerRole(cert: Certificate): Failure | undefined {
  const { basicConstraints, keyUsage, extKeyUsage } = cert.extensions;
  if (!basicConstraints) return failure('issuer_not_ca', cert, 'issuer has no basicConstraints extension');
  if (!basicConstraints.ca) return failure('issuer_not_ca', cert, 'issuer is not a CA (basicConstraints cA is false)');
  if (keyUsage && !keyUsage.includes('keyCertSign')) return failure('key_usage', cert, 'issuer keyUsage lacks keyCertSign');
  // EKU chaining (Chrome, Firefox, Windows): an intermediate that lists usages must allow TLS servers.
  if (extKeyUsage && !allowsServerAuth(extKeyUsage)) return failure('extended_key_usage', cert, 'issuer extKeyUsage lacks serverAuth');
  return undefined;
}

/** The leaf's own usage: serverAuth if it lists EKUs, a signing (or, for RSA, encipherment) key usage if it lists KUs. */
export function checkLeafUsage(cert: Certificate): Failure | undefined {
  const { keyUsage, extKeyUsage } = cert.extensions;
  if (extKeyUsage && !allowsServerAuth(extKeyUsage)) return failure('extended_key_usage', cert, 'certificate extKeyUsage lacks serverAuth');
  if (keyUsage) {
    const rsa = cert.publicKey?.kind === 'rsa';
    // TLS 1.3 and ECDHE sign with the key; TLS 1.2's RSA key exchange encrypts to it instead.
    const usable = keyUsage.includes('digitalSignature') || (rsa && keyUsage.includes('keyEncipherment'));
    if (!usable) return failure('key_usage', cert, `certificate keyUsage (${keyUsage.join(', ') || 'none'}) allows neither signing nor key encipherment`);
  }
  return undefined;
}

/** Whether the leaf's keyUsage allows the handshake's use of its key (for the TLS layer). */
export function leafKeyUsageAllows(cert: Certificate, use: 'sign' | 'encipher'): boolean {
  const ku = cert.extensions.keyUsage;
  if (!ku) return true;
  return ku.includes(use === 'sign' ? 'digitalSignature' : 'keyEncipherment');
}

function allowsServerAuth(ekus: readonly string[]): boolean {
  return ekus.includes(Oid.serverAuth) || ekus.includes(Oid.anyExtendedKeyUsage);
}

/** A key too weak to trust with a signature (or, for the leaf, a handshake). */
export function checkKeyStrength(cert: Certificate): Failure | undefined {
  const key = cert.publicKey;
  if (key && (key.kind === 'rsa' || key.kind === 'rsa-pss') && key.bits < MIN_RSA_BITS) {
    return failure('weak_signature_algorithm', cert, `RSA key of ${key.bits} bits (minimum ${MIN_RSA_BITS})`);
  }
  return undefined;
}

/** The algorithm `cert` was signed with: known, and not MD5 or SHA-1. */
export function checkSignatureAlgorithm(cert: Certificate): Failure | undefined {
  const alg = cert.signatureAlgorithm;
  // RSASSA-PSS names its hash in the parameters, so SHA-1 can hide behind the PSS OID.
  const sha1Pss = alg !== undefined && 'hash' in alg && alg.hash === 'sha1';
  if (isWeakSignatureOid(cert.signatureAlgorithmOid) || sha1Pss) {
    return failure('weak_signature_algorithm', cert, `signed with a deprecated algorithm (${cert.signatureAlgorithmOid}: MD5 or SHA-1)`);
  }
  if (!cert.signatureAlgorithm) return failure('unsupported_algorithm', cert, `unsupported signature algorithm ${cert.signatureAlgorithmOid}`);
  return undefined;
}

/** Can a key of this kind have made a signature of this kind at all? */
export function keyFitsAlgorithm(key: PublicKey, alg: SignatureAlgorithm): boolean {
  switch (alg.kind) {
    case 'rsa-pkcs1':
      return key.kind === 'rsa';
    case 'rsa-pss':
      return key.kind === 'rsa' || key.kind === 'rsa-pss';
    case 'ecdsa':
      return key.kind === 'ec';
    case 'ed25519':
      return key.kind === 'ed25519';
    case 'ed448':
      return key.kind === 'ed448';
    case 'ml-dsa':
      return key.kind === 'ml-dsa' && key.level === alg.level;
  }
}

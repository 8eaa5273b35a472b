/** verifyChain against the openssl-generated PKI (test/helpers/pki.ts): one test per good leaf, one per way to be wrong. */
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateError, type CertificateFailure } from '../../src/errors.js';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import { parseCertificate } from '../../src/tls/x509/certificate.js';
import { TrustStore } from '../../src/tls/x509/trust-store.js';
import { verifyChain } from '../../src/tls/x509/verify.js';
import { makePki, type ExpectedFailure, type LeafEntry, type Pki, type PkiOptions } from '../helpers/pki.js';

const reasons: Record<ExpectedFailure, CertificateFailure> = {
  expired: 'expired',
  'not-yet-valid': 'not_yet_valid',
  'hostname-mismatch': 'hostname_mismatch',
  'self-signed': 'self_signed',
  'unknown-ca': 'unknown_ca',
  'missing-intermediate': 'missing_intermediate',
  'issuer-not-ca': 'issuer_not_ca',
  'bad-eku': 'extended_key_usage',
  'weak-signature': 'weak_signature_algorithm',
  'bad-signature': 'bad_signature',
  'name-constraints': 'name_constraints',
};

function verify(pki: Pki, leaf: LeafEntry, host = 'localhost', roots = TrustStore.from(pki.ca)) {
  return verifyChain({ chain: leaf.chainDer, roots, host, now: Date.now(), provider: defaultProvider });
}

function failureOf(fn: () => unknown): CertificateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CertificateError) return error;
    throw error;
  }
  throw new Error('expected a CertificateError');
}

const configurations: PkiOptions[] = [{}, { rootKey: 'ecdsa-p384', intermediateKey: 'rsa-pss' }, { rootKey: 'ed25519', intermediateKey: 'rsa2048' }];

describe.each(configurations)('PKI %j', (options) => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await makePki(options);
  }, 120_000);

  it('accepts every good leaf for localhost, 127.0.0.1 and ::1', () => {
    expect(pki.good.map((l) => l.keyType).sort()).toEqual(['ecdsa-p256', 'ecdsa-p384', 'ed25519', 'rsa-pss', 'rsa2048']);
    for (const leaf of pki.good) {
      for (const host of ['localhost', '127.0.0.1', '::1', '[::1]']) {
        const result = verify(pki, leaf, host);
        expect(result.path.map((c) => c.subject.text)).toEqual([
          parseCertificate(leaf.certDer).subject.text,
          parseCertificate(pki.intermediate.certDer).subject.text,
          parseCertificate(pki.root.certDer).subject.text,
        ]);
        expect(result.anchor.raw).toEqual(pki.caDer);
      }
    }
  });

  it('rejects each bad leaf for the check that fails', () => {
    const seen: string[] = [];
    for (const leaf of pki.bad) {
      const error = failureOf(() => verify(pki, leaf));
      expect({ leaf: leaf.name, reason: error.reason }).toEqual({ leaf: leaf.name, reason: reasons[leaf.expectedFailure!] });
      expect(error.alert).toBeGreaterThan(0);
      seen.push(error.reason);
    }
    expect(new Set(seen).size).toBe(Object.keys(reasons).length);
  });

  it('rejects a good leaf for a host it does not name', () => {
    expect(failureOf(() => verify(pki, pki.leaves.ecdsaP256, 'example.com')).reason).toBe('hostname_mismatch');
    expect(failureOf(() => verify(pki, pki.leaves.ecdsaP256, '127.0.0.2')).reason).toBe('hostname_mismatch');
  });

  it('rejects every chain against the wrong roots', () => {
    const other = TrustStore.from(pki.untrustedRoot.certDer);
    expect(failureOf(() => verify(pki, pki.leaves.rsa2048, 'localhost', other)).reason).toBe('missing_intermediate');
  });

  it('accepts a self-signed leaf once it is itself trusted', () => {
    const leaf = pki.leaves.selfSigned;
    const result = verify(pki, leaf, 'localhost', TrustStore.from(leaf.certPem));
    expect(result.path).toHaveLength(1);
  });
});

// Every certificate failure is rejected during a real handshake, with the reason that names the check.
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateError, type CertificateFailure } from '../../src/errors.js';
import { connect } from '../../src/tls/connect.js';
import { makePki, type ExpectedFailure, type Pki } from '../helpers/pki.js';
import { startNodeTlsServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

const reasonFor: Record<ExpectedFailure, CertificateFailure> = {
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

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

describe('certificate verification during the handshake', () => {
  it('covers every failure kind the issue names', async () => {
    expect(new Set(pki.bad.map((l) => l.expectedFailure))).toEqual(new Set(Object.keys(reasonFor)));
  });

  for (const name of ['expired', 'notYetValid', 'wrongHost', 'selfSigned', 'unknownCa', 'missingIntermediate', 'nonCaIssuer', 'clientAuthOnly', 'sha1Signature', 'badSignature', 'nameConstraints'] as const) {
    it(`rejects the ${name} leaf with the matching reason and alert`, async () => {
      const leaf = pki.leaves[name];
      // OpenSSL refuses to even load a SHA-1 certificate at its default security level.
      const seclevel = name === 'sha1Signature' ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {};
      await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, minVersion: 'TLSv1.3', ...seclevel });
      const error = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, caOnly: true }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CertificateError);
      expect((error as CertificateError).reason).toBe(reasonFor[leaf.expectedFailure!]);
      // The server hears about it: our alert arrives as a handshake error on its side.
      await server.waitForHandshakes(1);
      expect(server.errors.length).toBe(1);
    });
  }

  it('accepts a bad chain only when verification is turned off explicitly', async () => {
    const leaf = pki.leaves.selfSigned;
    await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, minVersion: 'TLSv1.3' });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', verify: false, alpn: ['http/1.1'] });
    expect(await getOver(conn)).toContain('200 OK');
  });

  it('checks IP addresses against iPAddress SANs', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem });
    const conn = await connect({ host: '127.0.0.1', port: server.port, ca: pki.ca, alpn: ['http/1.1'] });
    expect(await getOver(conn)).toContain('200 OK');
    const wrong = await connect({ host: '127.0.0.1', port: server.port, servername: '127.0.0.2', ca: pki.ca }).catch((e: unknown) => e);
    expect((wrong as CertificateError).reason).toBe('hostname_mismatch');
  });

  it('rejects a chain the default roots do not trust', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem });
    const error = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateError);
    // The chain stops at an intermediate whose issuer we do not have: from the client's side that
    // is a missing intermediate (the verifier's rule: unknown_ca is for a self-signed top).
    expect((error as CertificateError).reason).toBe('missing_intermediate');
  });
});

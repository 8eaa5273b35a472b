// Proves the generated fixtures are what they claim: OpenSSL's own verifier accepts every good
// chain and rejects every bad one for the reason its name gives.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { corruptSignature, derToPem, makePki, pemToDers, type ExpectedFailure, type LeafEntry, type Pki } from '../helpers/pki.js';

/** OpenSSL's X509_V_ERR_* code for each failure (openssl verify prints "error N at D depth"). */
const OPENSSL_ERROR: Record<ExpectedFailure, number> = {
  'bad-signature': 7, // certificate signature failure
  'not-yet-valid': 9, // certificate is not yet valid
  expired: 10, // certificate has expired
  'self-signed': 18, // self-signed certificate
  'unknown-ca': 19, // self-signed certificate in certificate chain
  'missing-intermediate': 20, // unable to get local issuer certificate
  'bad-eku': 26, // unsupported certificate purpose
  'name-constraints': 47, // permitted subtree violation
  'hostname-mismatch': 62, // hostname mismatch
  'weak-signature': 68, // CA signature digest algorithm too weak
  'issuer-not-ca': 79, // invalid CA certificate
};

interface VerifyResult {
  ok: boolean;
  errors: number[];
  text: string;
}

/** `openssl verify` as a TLS client would: trust only the root, the chain as the server sends it. */
function opensslVerify(pki: Pki, leaf: LeafEntry, extra: string[] = []): Promise<VerifyResult> {
  const args = [
    'verify',
    '-CAfile', pki.caPath,
    '-untrusted', leaf.chainPath,
    '-purpose', 'sslserver',
    '-verify_hostname', 'localhost',
    // Level 1 (80 bits) is what refuses SHA-1; `verify` applies no level unless asked.
    '-auth_level', '1',
    ...extra,
    leaf.certPath,
  ];
  return new Promise((resolve) => {
    execFile('openssl', args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      const text = stdout + stderr;
      resolve({ ok: !error && /: OK\s*$/m.test(stdout), errors: [...text.matchAll(/error (\d+) at \d+ depth/g)].map((m) => Number(m[1])), text });
    });
  });
}

describe('makePki', () => {
  let pki: Pki;
  let elapsedMs = 0;
  beforeAll(async () => {
    const start = performance.now();
    pki = await makePki();
    elapsedMs = performance.now() - start;
  });

  it('generates everything in a few seconds, once per process', async () => {
    expect(elapsedMs).toBeLessThan(5_000);
    const start = performance.now();
    expect(await makePki()).toBe(pki);
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('reloads the same PKI from its on-disk cache', async () => {
    // What another copy of the module in this process sees: no promise in memory, files on disk.
    const state = (globalThis as unknown as Record<symbol, { promises: Map<string, Promise<Pki>> }>)[Symbol.for('tls-requests.test.pki')];
    expect(state).toBeDefined();
    state?.promises.clear();
    const reloaded = await makePki();
    expect(reloaded).not.toBe(pki);
    expect(reloaded).toEqual(pki);
  });

  it('has the good leaves of every key type, the bad leaves, and a root for `ca`', () => {
    expect(pki.good.map((l) => l.keyType).sort()).toEqual(['ecdsa-p256', 'ecdsa-p384', 'ed25519', 'rsa-pss', 'rsa2048']);
    expect(pki.bad.map((l) => l.expectedFailure).sort()).toEqual(Object.keys(OPENSSL_ERROR).sort());
    expect(pki.ca).toBe(pki.root.certPem);
    expect(Buffer.from(pki.caDer).equals(new X509Certificate(pki.ca).raw)).toBe(true);
    for (const leaf of Object.values(pki.leaves)) {
      expect(Buffer.from(leaf.certDer).equals(Buffer.from(pemToDers(leaf.certPem)[0] ?? []))).toBe(true);
      expect(leaf.chainDer[0]).toEqual(leaf.certDer);
      expect(pemToDers(leaf.chainPem)).toEqual(leaf.chainDer);
    }
  });

  it('gives good leaves the localhost names, serverAuth and validity around now', () => {
    for (const leaf of pki.good) {
      const x = new X509Certificate(leaf.certPem);
      expect(x.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
      expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
      expect(x.checkIssued(new X509Certificate(pki.intermediate.certPem))).toBe(true);
      expect(leaf.notBefore.getTime()).toBeLessThan(Date.now());
      expect(leaf.notAfter.getTime()).toBeGreaterThan(Date.now());
      expect(leaf.chainDer).toHaveLength(2);
    }
    expect(new X509Certificate(pki.leaves.rsaPss.certPem).publicKey.asymmetricKeyType).toBe('rsa-pss');
    expect(new X509Certificate(pki.leaves.ed25519.certPem).publicKey.asymmetricKeyType).toBe('ed25519');
  });

  it('builds chains that openssl verify accepts', async () => {
    for (const leaf of pki.good) {
      const result = await opensslVerify(pki, leaf);
      expect(result.text, leaf.name).toMatch(/: OK/);
      expect(result.ok, result.text).toBe(true);
    }
  });

  it.each(Object.entries(OPENSSL_ERROR))('makes a %s leaf that openssl verify rejects with error %i', async (failure, code) => {
    const leaf = pki.bad.find((l) => l.expectedFailure === failure);
    expect(leaf, failure).toBeDefined();
    if (!leaf) return;
    const result = await opensslVerify(pki, leaf);
    expect(result.ok, result.text).toBe(false);
    // openssl verify goes on after the first error; the first is the one that names the fault.
    expect(result.errors[0], result.text).toBe(code);
  });

  it('fails the SHA-1 leaf only for its digest (it verifies without a security level)', async () => {
    const leaf = pki.leaves.sha1Signature;
    expect(new X509Certificate(leaf.certPem).toString()).toMatch(/./);
    const result = await opensslVerify(pki, leaf, ['-auth_level', '0']);
    expect(result.ok, result.text).toBe(true);
  });

  it('sends the unknown CA leaf with its (untrusted) root, and the missing-intermediate leaf alone', () => {
    expect(pki.leaves.unknownCa.chainDer[1]).toEqual(pki.untrustedRoot.certDer);
    expect(pki.leaves.missingIntermediate.chainDer).toEqual([pki.leaves.ecdsaP256.certDer]);
    expect(pki.leaves.selfSigned.chainDer).toHaveLength(1);
  });

  it('corrupts only the last signature byte', () => {
    const good = pki.leaves.ecdsaP256.certDer;
    const bad = corruptSignature(good);
    const diff = [...bad].flatMap((b, i) => (b === good[i] ? [] : [i]));
    expect(diff).toEqual([good.length - 1]);
    expect(pki.leaves.badSignature.certPem).toBe(derToPem(bad));
  });

  it('supports other CA key types', async () => {
    const other = await makePki({ rootKey: 'ed25519', intermediateKey: 'rsa-pss' });
    expect(other.root.keyType).toBe('ed25519');
    expect(new X509Certificate(other.intermediate.certPem).publicKey.asymmetricKeyType).toBe('rsa-pss');
    for (const leaf of other.good) expect((await opensslVerify(other, leaf)).ok, leaf.name).toBe(true);
  });
});

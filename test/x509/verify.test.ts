/** verifyChain on hand-built chains: backtracking, every rejection reason, error priority, bounded work. */
import { describe, expect, it } from 'vitest';
import { CertificateError, type CertificateFailure } from '../../src/errors.js';
import { defaultProvider, nobleProvider } from '../../src/tls/crypto/index.js';
import type { CryptoProvider } from '../../src/tls/crypto/provider.js';
import { TrustStore } from '../../src/tls/x509/trust-store.js';
import { verifyChain, type VerifiedChain } from '../../src/tls/x509/verify.js';
import { MAX_SIGNATURE_CHECKS } from '../../src/tls/x509/path-builder.js';
import { DAY, NOW, hierarchy, leafUnder, makeCert, newKey, seq, type CertSpec, type NameSpec, type TestKey } from './cert-builder.js';

interface Run {
  chain: Uint8Array[];
  roots: Uint8Array[];
  host?: string;
  now?: number;
  provider?: CryptoProvider;
}

function run({ chain, roots, host = 'localhost', now = NOW, provider = defaultProvider }: Run): VerifiedChain {
  return verifyChain({ chain, roots: TrustStore.from(roots), host, now, provider });
}

function reason(r: Run): CertificateFailure | 'ACCEPT' {
  try {
    run(r);
    return 'ACCEPT';
  } catch (error) {
    if (error instanceof CertificateError) return error.reason;
    throw error;
  }
}

const CA: Partial<CertSpec> = { ca: true, keyUsage: ['keyCertSign', 'cRLSign'] };

function ca(subject: NameSpec, key: TestKey, issuer: { subject: NameSpec; key: TestKey }, over: Partial<CertSpec> = {}): Uint8Array {
  return makeCert({ subject, key, issuer, ...CA, ...over });
}

describe('verifyChain: valid chains', () => {
  const kinds = ['p256', 'p384', 'rsa2048', 'rsa-pss', 'ed25519', 'ml-dsa-44'] as const;
  it.each(kinds.flatMap((kind) => [defaultProvider, nobleProvider].map((provider) => [kind, provider.name, provider] as const)))(
    'accepts a chain whose CA and leaf keys are %s (%s provider)',
    (kind, _name, provider) => {
      const rootKey = newKey(kind, 0);
      const interKey = newKey(kind, 1);
      const rootName = { cn: `${kind} root` };
      const interName = { cn: `${kind} intermediate` };
      const root = makeCert({ subject: rootName, key: rootKey, ...CA });
      const inter = ca(interName, interKey, { subject: rootName, key: rootKey });
      const leaf = leafUnder({ subject: interName, key: interKey }, newKey(kind, 2), { hash: kind === 'p384' ? 'sha384' : 'sha256' });
      const result = run({ chain: [leaf, inter], roots: [root], provider });
      expect(result.path.map((c) => c.subject.text)).toEqual(['O=x509 tests, CN=localhost', `CN=${kind} intermediate`, `CN=${kind} root`]);
      const tampered = leafUnder({ subject: interName, key: interKey }, newKey(kind, 2), { corruptSignature: true });
      expect(reason({ chain: [tampered, inter], roots: [root], provider })).toBe('bad_signature');
    },
  );

  it('accepts intermediates sent out of order, duplicated, or with the root included', () => {
    const h = hierarchy('Order');
    const leaf = leafUnder({ subject: h.interName, key: h.interKey }, h.leafKey);
    const unrelated = hierarchy('Unrelated').inter;
    expect(reason({ chain: [leaf, h.root, unrelated, h.inter, h.inter], roots: [h.root] })).toBe('ACCEPT');
  });

  it('ignores an intermediate that does not parse when it is not needed', () => {
    const h = hierarchy('Garbage');
    const leaf = leafUnder({ subject: h.interName, key: h.interKey }, h.leafKey);
    expect(reason({ chain: [leaf, Uint8Array.of(0x30, 0x03, 1, 2), h.inter], roots: [h.root] })).toBe('ACCEPT');
  });

  it('does not check the anchor\'s own validity or signature algorithm', () => {
    const rootKey = newKey('p256');
    const rootName = { cn: 'Old SHA-1 root' };
    const root = makeCert({ subject: rootName, key: rootKey, ...CA, hash: 'sha1', notBefore: NOW - 5000 * DAY, notAfter: NOW - 10 * DAY });
    const leaf = leafUnder({ subject: rootName, key: rootKey }, newKey('p256'));
    expect(reason({ chain: [leaf], roots: [root] })).toBe('ACCEPT');
  });

  it('accepts leaf EKU anyExtendedKeyUsage, an absent EKU, and RSA keyEncipherment', () => {
    const h = hierarchy('Usage');
    const issuer = { subject: h.interName, key: h.interKey };
    expect(reason({ chain: [leafUnder(issuer, h.leafKey, { eku: ['any'] }), h.inter], roots: [h.root] })).toBe('ACCEPT');
    expect(reason({ chain: [leafUnder(issuer, h.leafKey, { eku: undefined }), h.inter], roots: [h.root] })).toBe('ACCEPT');
    expect(reason({ chain: [leafUnder(issuer, newKey('rsa2048', 0), { keyUsage: ['keyEncipherment'] }), h.inter], roots: [h.root] })).toBe('ACCEPT');
  });

  it('is inclusive at both ends of the validity period', () => {
    const h = hierarchy('Edges');
    const leaf = leafUnder({ subject: h.interName, key: h.interKey }, h.leafKey, { notBefore: NOW - DAY, notAfter: NOW + DAY });
    expect(reason({ chain: [leaf, h.inter], roots: [h.root], now: NOW - DAY })).toBe('ACCEPT');
    expect(reason({ chain: [leaf, h.inter], roots: [h.root], now: NOW + DAY })).toBe('ACCEPT');
    expect(reason({ chain: [leaf, h.inter], roots: [h.root], now: NOW + DAY + 1000 })).toBe('expired');
    expect(reason({ chain: [leaf, h.inter], roots: [h.root], now: NOW - DAY - 1000 })).toBe('not_yet_valid');
  });
});

describe('verifyChain: path building with backtracking', () => {
  const h = hierarchy('Branch');
  const root = { subject: h.rootName, key: h.rootKey };
  const leaf = leafUnder({ subject: h.interName, key: h.interKey }, h.leafKey);
  // The same intermediate (name and key) issued twice: once long expired, once current.
  const expiredInter = ca(h.interName, h.interKey, root, { notBefore: NOW - 900 * DAY, notAfter: NOW - 400 * DAY });

  it('finds the valid one of two same-name intermediates, whichever comes first', () => {
    for (const chain of [
      [leaf, expiredInter, h.inter],
      [leaf, h.inter, expiredInter],
    ]) {
      const result = run({ chain, roots: [h.root] });
      expect(result.path[1]!.raw).toEqual(h.inter);
    }
  });

  it('reports the expired intermediate when it is the only way', () => {
    const error = (() => {
      try {
        run({ chain: [leaf, expiredInter], roots: [h.root] });
      } catch (e) {
        return e as CertificateError;
      }
      throw new Error('accepted');
    })();
    expect(error.reason).toBe('expired');
    expect(error.subject).toContain('Branch Intermediate');
  });

  it.each<[string, Partial<CertSpec>]>([
    ['a non-CA', { ca: false }],
    ['no basicConstraints', { ca: undefined }],
    ['an EKU without serverAuth', { eku: ['clientAuth'] }],
    ['a keyUsage without keyCertSign', { keyUsage: ['digitalSignature'] }],
    ['a SHA-1 signature', { hash: 'sha1' }],
    ['name constraints excluding the leaf', { nameConstraints: { excluded: ['DNS:localhost'] } }],
    ['an unknown critical extension', { extra: [{ oid: '1.2.3.4', critical: true, value: seq() }] }],
    ['a bad signature', { corruptSignature: true }],
  ])('routes around a same-name intermediate with %s', (_label, over) => {
    const bad = ca(h.interName, h.interKey, root, { ...over, notBefore: NOW - 10 * DAY });
    // The bad one is newer, so it is tried first.
    expect(run({ chain: [leaf, bad, h.inter], roots: [h.root] }).path[1]!.raw).toEqual(h.inter);
  });

  it('reaches the trusted root through a cross-certificate when the sent root is untrusted', () => {
    const oldKey = newKey('p256');
    const oldName = { cn: 'Old Root' };
    const oldRoot = makeCert({ subject: oldName, key: oldKey, ...CA });
    // The intermediate as issued by the untrusted root (what the server sends first)...
    const interByOld = ca(h.interName, h.interKey, { subject: oldName, key: oldKey }, { notBefore: NOW - 5 * DAY });
    expect(reason({ chain: [leaf, interByOld, oldRoot], roots: [h.root] })).toBe('unknown_ca');
    // ...and the same key cross-signed by the trusted root.
    expect(run({ chain: [leaf, interByOld, oldRoot, h.inter], roots: [h.root] }).path[1]!.raw).toEqual(h.inter);
    // Trusting the old root instead finds the other path.
    expect(run({ chain: [leaf, h.inter, interByOld], roots: [oldRoot] }).anchor.subject.text).toBe('CN=Old Root');
  });

  it('survives an issuer loop', () => {
    const aKey = newKey('p256');
    const bKey = newKey('p256');
    const a = { cn: 'Loop A' };
    const b = { cn: 'Loop B' };
    const aByB = ca(a, aKey, { subject: b, key: bKey });
    const bByA = ca(b, bKey, { subject: a, key: aKey });
    const loopLeaf = leafUnder({ subject: a, key: aKey }, newKey('p256'));
    expect(reason({ chain: [loopLeaf, aByB, bByA], roots: [h.root] })).toBe('missing_intermediate');
  });

  it('bounds the work on a hostile chain of look-alike intermediates', () => {
    let checks = 0;
    const counting: CryptoProvider = { ...defaultProvider, verify: (...args) => (checks++, defaultProvider.verify(...args)) };
    // Eight keys, and a certificate named like the leaf's issuer for every (key, signer) pair: 56
    // mutually valid issuers that never reach an anchor, an exponential number of paths.
    const keys = Array.from({ length: 8 }, () => newKey('p256'));
    const mesh: Uint8Array[] = [];
    keys.forEach((key, i) =>
      keys.forEach((signer, j) => {
        if (i !== j) mesh.push(ca(h.interName, key, { subject: h.interName, key: signer }, { serial: BigInt(i * 8 + j + 1) }));
      }),
    );
    const meshLeaf = leafUnder({ subject: h.interName, key: keys[0]! }, h.leafKey);
    const start = Date.now();
    expect(reason({ chain: [meshLeaf, ...mesh], roots: [h.root], provider: counting })).toBe('unknown_ca');
    expect(checks).toBeLessThanOrEqual(MAX_SIGNATURE_CHECKS);
    expect(Date.now() - start).toBeLessThan(5000);
  });

  it('stops at the first wrong key among look-alikes, without verifying deeper', () => {
    let checks = 0;
    const counting: CryptoProvider = { ...defaultProvider, verify: (...args) => (checks++, defaultProvider.verify(...args)) };
    const liarKey = newKey('p256');
    const liars = Array.from({ length: 50 }, (_, i) => ca(h.interName, liarKey, { subject: h.interName, key: liarKey }, { serial: BigInt(i + 1) }));
    // Every look-alike is a self-issued dead end: the chain ends in roots nobody trusts.
    expect(reason({ chain: [leaf, ...liars], roots: [h.root], provider: counting })).toBe('unknown_ca');
    expect(checks).toBe(50);
    // With the real intermediate among them, it is found.
    expect(reason({ chain: [leaf, ...liars, h.inter], roots: [h.root] })).toBe('ACCEPT');
  });
});

describe('verifyChain: each rejection reason', () => {
  const h = hierarchy('Reasons');
  const root = { subject: h.rootName, key: h.rootKey };
  const inter = { subject: h.interName, key: h.interKey };
  const leaf = (over: Partial<CertSpec> = {}) => leafUnder(inter, h.leafKey, over);

  it('no_certificate and malformed', () => {
    expect(reason({ chain: [], roots: [h.root] })).toBe('no_certificate');
    expect(reason({ chain: [Uint8Array.of(0x30, 0x80)], roots: [h.root] })).toBe('malformed');
    expect(reason({ chain: [leaf({ extra: [{ oid: '1.2.3.4', critical: true, value: seq() }] }), h.inter], roots: [h.root] })).toBe('malformed');
  });

  it('self_signed, unknown_ca, missing_intermediate', () => {
    const self = makeCert({ subject: { cn: 'localhost' }, key: h.leafKey, san: ['DNS:localhost'] });
    expect(reason({ chain: [self], roots: [h.root] })).toBe('self_signed');
    const other = hierarchy('Other');
    const otherLeaf = leafUnder({ subject: other.interName, key: other.interKey }, h.leafKey);
    expect(reason({ chain: [otherLeaf, other.inter, other.root], roots: [h.root] })).toBe('unknown_ca');
    expect(reason({ chain: [otherLeaf, other.inter], roots: [h.root] })).toBe('missing_intermediate');
    expect(reason({ chain: [leaf()], roots: [h.root] })).toBe('missing_intermediate');
  });

  it('issuer_not_ca, key_usage, extended_key_usage', () => {
    expect(reason({ chain: [leaf(), ca(h.interName, h.interKey, root, { ca: false })], roots: [h.root] })).toBe('issuer_not_ca');
    expect(reason({ chain: [leaf(), ca(h.interName, h.interKey, root, { keyUsage: ['cRLSign'] })], roots: [h.root] })).toBe('key_usage');
    expect(reason({ chain: [leaf({ keyUsage: ['keyAgreement'] }), h.inter], roots: [h.root] })).toBe('key_usage');
    expect(reason({ chain: [leaf({ eku: ['clientAuth'] }), h.inter], roots: [h.root] })).toBe('extended_key_usage');
    expect(reason({ chain: [leaf(), ca(h.interName, h.interKey, root, { eku: ['clientAuth'] })], roots: [h.root] })).toBe('extended_key_usage');
    expect(reason({ chain: [leaf(), ca(h.interName, h.interKey, root, { eku: ['serverAuth', 'clientAuth'] })], roots: [h.root] })).toBe('ACCEPT');
  });

  it('path_length_exceeded, counting only non-self-issued intermediates', () => {
    const i2Key = newKey('p256');
    const i2 = { cn: 'Second Intermediate' };
    const top = ca(h.interName, h.interKey, root, { pathLen: 0 });
    const mid = ca(i2, i2Key, inter);
    const deepLeaf = leafUnder({ subject: i2, key: i2Key }, h.leafKey);
    expect(reason({ chain: [deepLeaf, mid, top], roots: [h.root] })).toBe('path_length_exceeded');
    expect(reason({ chain: [deepLeaf, mid, ca(h.interName, h.interKey, root, { pathLen: 1 })], roots: [h.root] })).toBe('ACCEPT');
    // A constrained anchor binds too.
    const tightRoot = makeCert({ subject: h.rootName, key: h.rootKey, ...CA, pathLen: 0 });
    expect(reason({ chain: [deepLeaf, mid, h.inter], roots: [tightRoot] })).toBe('path_length_exceeded');
  });

  it('weak_signature_algorithm: SHA-1 signatures and RSA keys under 2048 bits', () => {
    expect(reason({ chain: [leaf({ hash: 'sha1' }), h.inter], roots: [h.root] })).toBe('weak_signature_algorithm');
    expect(reason({ chain: [leaf(), ca(h.interName, h.interKey, root, { hash: 'sha1' })], roots: [h.root] })).toBe('weak_signature_algorithm');
    const small = newKey('rsa1024', 0);
    expect(reason({ chain: [leafUnder(inter, small), h.inter], roots: [h.root] })).toBe('weak_signature_algorithm');
    const smallCa = { subject: { cn: 'Small RSA CA' }, key: small };
    expect(reason({ chain: [leafUnder(smallCa, h.leafKey), ca(smallCa.subject, small, root)], roots: [h.root] })).toBe('weak_signature_algorithm');
  });

  it('bad_signature', () => {
    expect(reason({ chain: [leaf({ corruptSignature: true }), h.inter], roots: [h.root] })).toBe('bad_signature');
    // Right name, wrong key.
    const impostor = makeCert({ subject: h.interName, key: newKey('p256'), issuer: root, ...CA });
    expect(reason({ chain: [leaf(), impostor], roots: [h.root] })).toBe('bad_signature');
  });

  it('name_constraints from an intermediate and from a root', () => {
    const constrained = ca(h.interName, h.interKey, root, { nameConstraints: { permitted: ['DNS:example.com'] } });
    expect(reason({ chain: [leaf(), constrained], roots: [h.root] })).toBe('name_constraints');
    const ok = leaf({ san: ['DNS:www.example.com'] });
    expect(reason({ chain: [ok, constrained], roots: [h.root], host: 'www.example.com' })).toBe('ACCEPT');
    const constrainedRoot = makeCert({ subject: h.rootName, key: h.rootKey, ...CA, nameConstraints: { excluded: ['IP:127.0.0.0/8'] } });
    expect(reason({ chain: [leaf(), h.inter], roots: [constrainedRoot] })).toBe('name_constraints');
  });

  it('hostname_mismatch, with no commonName fallback', () => {
    expect(reason({ chain: [leaf(), h.inter], roots: [h.root], host: 'example.com' })).toBe('hostname_mismatch');
    expect(reason({ chain: [leaf({ san: undefined }), h.inter], roots: [h.root] })).toBe('hostname_mismatch');
    expect(reason({ chain: [leaf({ san: ['DNS:127.0.0.1'] }), h.inter], roots: [h.root], host: '127.0.0.1' })).toBe('hostname_mismatch');
  });

  it('unsupported_algorithm', () => {
    // A provider that cannot verify some algorithm (throws) makes it unsupported, not a bad signature.
    const refusing: CryptoProvider = {
      ...defaultProvider,
      verify: () => {
        throw new Error('no ML-DSA here');
      },
    };
    expect(reason({ chain: [leaf(), h.inter], roots: [h.root], provider: refusing })).toBe('unsupported_algorithm');
  });
});

describe('verifyChain: which failure is reported', () => {
  const h = hierarchy('Priority');
  const inter = { subject: h.interName, key: h.interKey };
  const expiredLeaf = leafUnder(inter, h.leafKey, { notAfter: NOW - DAY, notBefore: NOW - 90 * DAY });

  it('trust problems before the host name, the host name before the dates (Chrome\'s order)', () => {
    expect(reason({ chain: [expiredLeaf, h.inter], roots: [h.root] })).toBe('expired');
    expect(reason({ chain: [expiredLeaf, h.inter], roots: [h.root], host: 'example.com' })).toBe('hostname_mismatch');
    expect(reason({ chain: [expiredLeaf], roots: [h.root], host: 'example.com' })).toBe('missing_intermediate');
    const selfExpired = makeCert({ subject: { cn: 'localhost' }, key: h.leafKey, san: ['DNS:localhost'], notAfter: NOW - DAY, notBefore: NOW - 9 * DAY });
    expect(reason({ chain: [selfExpired], roots: [h.root] })).toBe('self_signed');
  });

  it('carries the failing certificate\'s subject and a TLS alert', () => {
    try {
      run({ chain: [expiredLeaf, h.inter], roots: [h.root] });
      throw new Error('accepted');
    } catch (error) {
      const e = error as CertificateError;
      expect(e).toBeInstanceOf(CertificateError);
      expect(e.subject).toBe('O=x509 tests, CN=localhost');
      expect(e.alert).toBe(45);
      expect(e.message).toMatch(/expired at/);
    }
  });
});

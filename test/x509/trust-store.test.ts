import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { CertificateError } from '../../src/errors.js';
import { parseCertificate } from '../../src/tls/x509/certificate.js';
import { toPem } from '../../src/tls/x509/pem.js';
import { TrustStore, defaultTrustStore, withExtraRoots } from '../../src/tls/x509/trust-store.js';
import { hierarchy } from './cert-builder.js';

describe('TrustStore', () => {
  it('loads Node\'s root store once, lazily', () => {
    const store = defaultTrustStore();
    expect(store.size).toBe(rootCertificates.length);
    expect(defaultTrustStore()).toBe(store);
    const isrg = store.anchors.find((c) => c.subject.text.includes('ISRG Root X1'));
    expect(isrg).toBeDefined();
    expect(store.withSubject(isrg!.subject.key)).toContain(isrg);
    // Roots are parsed when reached; every one of Node's parses (none is silently skipped).
    expect(store.anchors.length).toBe(rootCertificates.length);
  });

  it('a lazily parsed store finds a root by subject and parses each root once', () => {
    const a = hierarchy('LazyA');
    const b = hierarchy('LazyB');
    const store = TrustStore.lazy([a.root, b.root, new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])]);
    expect(store.size).toBe(2);
    const rootA = parseCertificate(a.root);
    const found = store.withSubject(rootA.subject.key);
    expect(found.map((c) => c.subject.text)).toEqual([rootA.subject.text]);
    expect(store.withSubject(rootA.subject.key)[0]).toBe(found[0]);
    expect(store.has(rootA)).toBe(true);
    expect(store.has(parseCertificate(a.inter))).toBe(false);
    const more = store.withExtraRoots(a.inter);
    expect(more.size).toBe(3);
    expect(more.withSubject(rootA.subject.key)[0]).toBe(found[0]);
  });

  it('accepts PEM (several blocks), DER and parsed certificates, without duplicates', () => {
    const a = hierarchy('StoreA');
    const b = hierarchy('StoreB');
    const store = TrustStore.from([toPem(a.root) + toPem(b.root), a.root, parseCertificate(b.root)]);
    expect(store.size).toBe(2);
    expect(store.has(parseCertificate(a.root))).toBe(true);
    expect(store.has(parseCertificate(a.inter))).toBe(false);
  });

  it('adds extra roots without changing the original store', () => {
    const a = hierarchy('Extra');
    const base = TrustStore.from(a.root);
    const more = base.withExtraRoots(hierarchy('Extra2').root);
    expect(base.size).toBe(1);
    expect(more.size).toBe(2);
    expect(withExtraRoots(a.root).size).toBe(rootCertificates.length + 1);
    expect(withExtraRoots(toPem(a.root), base).size).toBe(1);
  });

  it('refuses text without a certificate', () => {
    expect(() => TrustStore.from('not a pem')).toThrow(CertificateError);
  });
});

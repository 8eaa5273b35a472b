import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, type Certificate } from '../../src/tls/x509/certificate.js';
import { formatIp } from '../../src/tls/x509/ip.js';
import { parsePem, toPem } from '../../src/tls/x509/pem.js';
import { CertificateError } from '../../src/errors.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { NOW, ctx, hierarchy, leafUnder, makeCert, newKey, oid, seq } from './cert-builder.js';

/** Node prints names one attribute per line; ours are ", "-separated in the same order. */
function nodeName(text: string): string {
  return text.split('\n').join(', ');
}

/** Node's subjectAltName string ("DNS:a, IP Address:1.2.3.4") as our entries. */
function nodeSans(x: X509Certificate): string[] {
  if (!x.subjectAltName) return [];
  return x.subjectAltName.split(', ').flatMap((s) => {
    if (s.startsWith('DNS:')) return [s];
    if (s.startsWith('IP Address:')) return [`IP:${s.slice(11).toLowerCase()}`];
    return [];
  });
}

function ourSans(c: Certificate): string[] {
  return (c.extensions.subjectAltName ?? []).flatMap((n) => (n.type === 'dns' ? [`DNS:${n.value}`] : n.type === 'ip' ? [`IP:${formatIp(n.address)}`] : []));
}

function compareWithNode(der: Uint8Array): void {
  const ours = parseCertificate(der);
  const node = new X509Certificate(der);
  expect(ours.subject.text).toBe(nodeName(node.subject));
  expect(ours.issuer.text).toBe(nodeName(node.issuer));
  expect(ours.serial).toBe(BigInt(`0x${node.serialNumber}`));
  expect(ours.notBefore).toBe(new Date(node.validFrom).getTime());
  expect(ours.notAfter).toBe(new Date(node.validTo).getTime());
  expect(ourSans(ours)).toEqual(nodeSans(node));
  expect(ours.raw).toEqual(new Uint8Array(node.raw));
  expect(ours.extensions.basicConstraints?.ca ?? false).toBe(node.ca);
}

describe('parseCertificate on Node\'s root store', () => {
  it('parses every root in tls.rootCertificates, matching node:crypto', () => {
    let parsed = 0;
    for (const pem of rootCertificates) {
      const ders = parsePem(pem);
      expect(ders).toHaveLength(1);
      compareWithNode(ders[0]!);
      parsed++;
    }
    console.log(`parsed ${parsed} of ${rootCertificates.length} roots from tls.rootCertificates`);
    expect(parsed).toBe(rootCertificates.length);
  });
});

describe('parseCertificate on the openssl test PKI', () => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await makePki();
  });

  it('matches node:crypto for every generated certificate', () => {
    const all = [pki.root, pki.intermediate, pki.untrustedRoot, pki.nonCaIntermediate, pki.constrainedIntermediate, ...Object.values(pki.leaves)];
    for (const entry of all) compareWithNode(entry.certDer);
  });

  it('maps signature algorithms and keys', () => {
    const leaf = (name: keyof Pki['leaves']): Certificate => parseCertificate(pki.leaves[name].certDer);
    expect(parseCertificate(pki.intermediate.certDer).signatureAlgorithm).toEqual({ kind: 'rsa-pkcs1', hash: 'sha256' });
    expect(leaf('ecdsaP256').signatureAlgorithm).toEqual({ kind: 'ecdsa', hash: 'sha256' });
    expect(leaf('sha1Signature').signatureAlgorithm).toEqual({ kind: 'ecdsa', hash: 'sha1' });
    const rsa = leaf('rsa2048').publicKey;
    expect(rsa?.kind).toBe('rsa');
    if (rsa?.kind === 'rsa') {
      expect(rsa.bits).toBe(2048);
      expect(rsa.e).toBe(65537n);
    }
    expect(leaf('rsaPss').publicKey?.kind).toBe('rsa-pss');
    const p384 = leaf('ecdsaP384').publicKey;
    expect(p384?.kind === 'ec' && p384.curve).toBe('P-384');
    expect(p384?.kind === 'ec' && p384.point.length).toBe(97);
    expect(leaf('ed25519').publicKey?.kind).toBe('ed25519');
  });

  it('reads the extensions', () => {
    const inter = parseCertificate(pki.intermediate.certDer);
    expect(inter.extensions.basicConstraints).toEqual({ ca: true, pathLen: 0 });
    expect(inter.extensions.keyUsage).toEqual(['digitalSignature', 'keyCertSign', 'cRLSign']);
    expect(inter.extensions.subjectKeyId?.length).toBe(20);
    const leaf = parseCertificate(pki.leaves.rsa2048.certDer);
    expect(leaf.extensions.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(leaf.extensions.extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(leaf.extensions.authorityKeyId).toEqual(inter.extensions.subjectKeyId);
    expect(leaf.extensions.unknownCritical).toEqual([]);
    const nc = parseCertificate(pki.constrainedIntermediate.certDer).extensions.nameConstraints;
    expect(nc).toEqual({ permitted: [{ type: 'dns', value: 'allowed.example' }], excluded: [], critical: true });
    expect(parseCertificate(pki.root.certDer).selfIssued).toBe(true);
  });

  it('round-trips PEM', () => {
    const ders = parsePem(pki.leaves.ecdsaP256.chainPem);
    expect(ders).toEqual(pki.leaves.ecdsaP256.chainDer);
    expect(parsePem(toPem(ders[0]!))).toEqual([ders[0]]);
    expect(() => parsePem('-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----')).toThrow(CertificateError);
  });
});

describe('parseCertificate on built certificates', () => {
  const h = hierarchy('Parse');
  const issuer = { subject: h.interName, key: h.interKey };

  it('reads RSASSA-PSS parameters', () => {
    const pssKey = newKey('rsa-pss', 0);
    const der = leafUnder({ subject: h.interName, key: pssKey }, h.leafKey, { hash: 'sha384' });
    expect(parseCertificate(der).signatureAlgorithm).toEqual({ kind: 'rsa-pss', hash: 'sha384', saltLength: 48 });
  });

  it('reads Ed25519 and ML-DSA-44 signatures and keys', () => {
    const ed = parseCertificate(leafUnder({ subject: h.interName, key: newKey('ed25519') }, newKey('ed25519')));
    expect(ed.signatureAlgorithm).toEqual({ kind: 'ed25519' });
    expect(ed.publicKey?.kind).toBe('ed25519');
    const ml = parseCertificate(leafUnder({ subject: h.interName, key: newKey('ml-dsa-44', 0) }, newKey('ml-dsa-44', 0)));
    expect(ml.signatureAlgorithm).toEqual({ kind: 'ml-dsa', level: 44 });
    expect(ml.publicKey?.kind === 'ml-dsa' && ml.publicKey.key.length).toBe(1312);
  });

  it('reads IP SANs, name constraints with masks and other name forms', () => {
    const der = makeCert({
      subject: { cn: 'CA' },
      key: h.leafKey,
      issuer,
      ca: true,
      san: ['DNS:a.example', 'IP:10.1.2.3', 'IP:2001:db8::1', 'email:x@a.example', 'URI:https://a.example/'],
      nameConstraints: { permitted: ['DNS:.example', 'IP:10.0.0.0/8', 'IP:2001:db8::/32'], excluded: ['URI:.bad'] },
    });
    const c = parseCertificate(der);
    expect(ourSans(c)).toEqual(['DNS:a.example', 'IP:10.1.2.3', 'IP:2001:db8:0:0:0:0:0:1']);
    expect(c.extensions.subjectAltName?.map((n) => n.type)).toEqual(['dns', 'ip', 'ip', 'email', 'uri']);
    const nc = c.extensions.nameConstraints!;
    expect(nc.permitted[1]).toEqual({ type: 'ip', address: Uint8Array.of(10, 0, 0, 0), mask: Uint8Array.of(255, 0, 0, 0) });
    expect(nc.permitted[2]?.type === 'ip' && nc.permitted[2].mask?.length).toBe(16);
    expect(nc.excluded).toEqual([{ type: 'uri', value: '.bad' }]);
  });

  it('flags unknown critical extensions and keeps unknown non-critical ones', () => {
    const der = leafUnder(issuer, h.leafKey, {
      extra: [
        { oid: '1.2.3.4.5', critical: true, value: seq() },
        { oid: '1.2.3.4.6', value: seq() },
      ],
    });
    const c = parseCertificate(der);
    expect(c.extensions.unknownCritical).toEqual(['1.2.3.4.5']);
    expect(c.extensions.all.map((e) => e.oid)).toContain('1.2.3.4.6');
  });

  it('rejects a duplicated extension', () => {
    const der = leafUnder(issuer, h.leafKey, { extra: [{ oid: '2.5.29.17', value: seq(ctx(2, false, new TextEncoder().encode('x'))) }] });
    expect(() => parseCertificate(der)).toThrow(/appears twice/);
  });

  it('rejects an empty SAN, a SAN iPAddress of the wrong length and a non-prefix constraint mask', () => {
    const empty = leafUnder(issuer, h.leafKey, { san: [] });
    expect(() => parseCertificate(empty)).toThrow(/no names/);
    const weird = makeCert({
      subject: { cn: 'x' },
      key: h.leafKey,
      issuer,
      extra: [{ oid: '2.5.29.17', value: seq(ctx(7, false, Uint8Array.of(1, 2, 3))) }],
    });
    expect(() => parseCertificate(weird)).toThrow(/iPAddress of 3 bytes/);
    const mask = makeCert({
      subject: { cn: 'x' },
      key: h.leafKey,
      issuer,
      ca: true,
      extra: [{ oid: '2.5.29.30', critical: true, value: seq(ctx(0, true, seq(ctx(7, false, Uint8Array.of(10, 0, 0, 0, 255, 0, 255, 0))))) }],
    });
    expect(() => parseCertificate(mask)).toThrow(/not a prefix/);
  });

  it('rejects a certificate whose inner and outer signature algorithms differ', () => {
    const der = leafUnder(issuer, h.leafKey);
    // Re-encode with the outer AlgorithmIdentifier replaced by ecdsa-with-SHA384 (same length).
    const outer = parseCertificate(der);
    expect(outer.signatureAlgorithmOid).toBe('1.2.840.10045.4.3.2');
    const sha256 = oid('1.2.840.10045.4.3.2');
    const sha384 = oid('1.2.840.10045.4.3.3');
    const copy = Uint8Array.from(der);
    const at = Buffer.from(copy).lastIndexOf(Buffer.from(sha256));
    copy.set(sha384, at);
    expect(() => parseCertificate(copy)).toThrow(/differs/);
  });

  it('keeps validity times and serial numbers exact', () => {
    const der = makeCert({ subject: { cn: 't' }, key: h.leafKey, notBefore: NOW, notAfter: Date.UTC(2060, 1, 29), serial: 0x80n });
    const c = parseCertificate(der);
    expect(c.notBefore).toBe(NOW);
    expect(c.notAfter).toBe(Date.UTC(2060, 1, 29));
    expect(c.serial).toBe(128n);
    expect(c.version).toBe(3);
  });
});

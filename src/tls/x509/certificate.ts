/**
 * An X.509 v3 certificate (RFC 5280 §4.1), parsed once and strictly into the fields path
 * validation uses. Signatures are not checked here: that is the verifier's job, through the
 * crypto provider, over `tbsBytes` exactly as they were received.
 */
import type { PublicKey, SignatureAlgorithm } from '../crypto/provider.js';
import { DerReader, Tag, contextTag, decodeBitString, malformed } from './der.js';
import { readAlgorithmIdentifier, signatureAlgorithmFrom } from './algorithm.js';
import { parseExtensions, type Extensions } from './extensions.js';
import { parseName, type Name } from './name.js';
import { parseSubjectPublicKeyInfo } from './public-key.js';

export interface Certificate {
  /** The whole certificate, DER. */
  raw: Uint8Array;
  /** The TBSCertificate, DER: the bytes the issuer signed. */
  tbsBytes: Uint8Array;
  version: 1 | 2 | 3;
  serial: bigint;
  /** The signature algorithm, or undefined when it is one we cannot verify (see `signatureAlgorithmOid`). */
  signatureAlgorithm: SignatureAlgorithm | undefined;
  signatureAlgorithmOid: string;
  signature: Uint8Array;
  issuer: Name;
  subject: Name;
  /** Validity, epoch milliseconds, both inclusive (RFC 5280 §4.1.2.5). */
  notBefore: number;
  notAfter: number;
  /** The subject's key, or undefined for a key algorithm we do not know (see `publicKeyAlgorithmOid`). */
  publicKey: PublicKey | undefined;
  publicKeyAlgorithmOid: string;
  /** The SubjectPublicKeyInfo, DER. */
  spki: Uint8Array;
  extensions: Extensions;
  /** Subject and issuer are the same name (a root, or a CA's key rollover certificate). */
  selfIssued: boolean;
}

export function parseCertificate(der: Uint8Array): Certificate {
  const outer = new DerReader(der, 'Certificate');
  const certEl = outer.expect(Tag.SEQUENCE, 'Certificate');
  outer.end();
  const cert = new DerReader(certEl.value, 'Certificate');
  const tbsEl = cert.expect(Tag.SEQUENCE, 'tbsCertificate');
  const outerAlg = readAlgorithmIdentifier(cert, 'signatureAlgorithm');
  const signatureBits = decodeBitString(cert.expect(Tag.BIT_STRING, 'signatureValue').value, 'signatureValue');
  cert.end();
  if (signatureBits.unusedBits !== 0) throw malformed('signatureValue is not a whole number of octets');

  const tbs = new DerReader(tbsEl.value, 'tbsCertificate');
  const version = readVersion(tbs);
  const serial = tbs.integer('serialNumber');
  const innerAlg = readAlgorithmIdentifier(tbs, 'signature');
  const issuer = parseName(tbs.expect(Tag.SEQUENCE, 'issuer'));
  const validity = tbs.sequence('validity');
  const notBefore = validity.time('notBefore');
  const notAfter = validity.time('notAfter');
  validity.end();
  const subject = parseName(tbs.expect(Tag.SEQUENCE, 'subject'));
  const spki = parseSubjectPublicKeyInfo(tbs.expect(Tag.SEQUENCE, 'subjectPublicKeyInfo'));
  // issuerUniqueID [1] and subjectUniqueID [2] (v2 and later) carry nothing we use.
  if (tbs.optional(contextTag(1, false), 'issuerUniqueID') && version < 2) throw malformed('issuerUniqueID in a v1 certificate');
  if (tbs.optional(contextTag(2, false), 'subjectUniqueID') && version < 2) throw malformed('subjectUniqueID in a v1 certificate');
  const extEl = tbs.optional(contextTag(3, true), 'extensions');
  tbs.end();

  let extensions: Extensions = { unknownCritical: [], all: [] };
  if (extEl) {
    if (version !== 3) throw malformed('extensions in a certificate older than v3');
    const inner = new DerReader(extEl.value, 'extensions');
    extensions = parseExtensions(inner.expect(Tag.SEQUENCE, 'Extensions').value);
    inner.end();
  }

  const signatureAlgorithm = signatureAlgorithmFrom(outerAlg);
  // §4.1.1.2: the signed copy of the algorithm must match the unsigned one, or an attacker
  // could change how the signature is interpreted. Equal meaning is enough (NULL vs absent
  // RSA parameters differ in bytes only).
  if (!bytesEqual(outerAlg.encoded, innerAlg.encoded)) {
    const inner = signatureAlgorithmFrom(innerAlg);
    if (outerAlg.oid !== innerAlg.oid || JSON.stringify(inner) !== JSON.stringify(signatureAlgorithm)) {
      throw malformed('signatureAlgorithm differs from tbsCertificate.signature');
    }
  }

  return {
    raw: certEl.encoded,
    tbsBytes: tbsEl.encoded,
    version,
    serial,
    signatureAlgorithm,
    signatureAlgorithmOid: outerAlg.oid,
    signature: signatureBits.bytes,
    issuer,
    subject,
    notBefore,
    notAfter,
    publicKey: spki.key,
    publicKeyAlgorithmOid: spki.algorithm,
    spki: spki.encoded,
    extensions,
    selfIssued: issuer.key === subject.key,
  };
}

/** version [0] EXPLICIT Version DEFAULT v1 — stored as 0, 1 or 2 for v1, v2, v3. */
function readVersion(tbs: DerReader): 1 | 2 | 3 {
  const el = tbs.optional(contextTag(0, true), 'version');
  if (!el) return 1;
  const inner = new DerReader(el.value, 'version');
  const v = inner.smallInteger('version', 2);
  inner.end();
  return (v + 1) as 1 | 2 | 3;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

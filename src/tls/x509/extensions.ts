/**
 * The certificate extensions path validation reads (RFC 5280 §4.2). Each is parsed strictly; a
 * broken encoding of a known extension makes the whole certificate malformed, as in browsers.
 * A critical extension we do not process is listed in `unknownCritical`, and the verifier refuses
 * the certificate (§4.2: "A certificate-using system MUST reject the certificate if it encounters
 * a critical extension it does not recognize").
 */
import { DerReader, Tag, contextTag, decodeBitString, decodeBoolean, malformed } from './der.js';
import { parseGeneralName, parseGeneralNames, type GeneralName } from './general-name.js';
import { Oid } from './oids.js';

export interface BasicConstraints {
  ca: boolean;
  /** pathLenConstraint: how many non-self-issued intermediates may follow; undefined = unlimited. */
  pathLen: number | undefined;
}

/** The KeyUsage bits in order (RFC 5280 §4.2.1.3): bit 0 is digitalSignature. */
export const keyUsageNames = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof keyUsageNames)[number];

export interface NameConstraints {
  permitted: GeneralName[];
  excluded: GeneralName[];
  critical: boolean;
}

export interface Extension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

export interface Extensions {
  basicConstraints?: BasicConstraints;
  /** The asserted KeyUsage bits; absent when the extension is (any use allowed). */
  keyUsage?: KeyUsageName[];
  /** The ExtendedKeyUsage OIDs; absent when the extension is. */
  extKeyUsage?: string[];
  subjectAltName?: GeneralName[];
  nameConstraints?: NameConstraints;
  authorityKeyId?: Uint8Array;
  subjectKeyId?: Uint8Array;
  /** OIDs of critical extensions we do not process. */
  unknownCritical: string[];
  /** Every extension, in order, with its raw value. */
  all: Extension[];
}

/**
 * Extensions whose criticality we can honour. The policy extensions are here because browsers
 * do not require an explicit policy for server authentication, so their constraints never bind
 * (a documented simplification: we do not run the RFC 5280 §6.1 policy tree).
 */
const understood = new Set<string>([
  Oid.basicConstraints,
  Oid.keyUsage,
  Oid.extKeyUsage,
  Oid.subjectAltName,
  Oid.nameConstraints,
  Oid.authorityKeyIdentifier,
  Oid.subjectKeyIdentifier,
  Oid.certificatePolicies,
  Oid.policyMappings,
  Oid.policyConstraints,
  Oid.inhibitAnyPolicy,
  Oid.authorityInfoAccess,
  Oid.crlDistributionPoints,
]);

/** Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension — `bytes` are the SEQUENCE's contents. */
export function parseExtensions(bytes: Uint8Array): Extensions {
  const reader = new DerReader(bytes, 'Extensions');
  const out: Extensions = { unknownCritical: [], all: [] };
  const seen = new Set<string>();
  while (!reader.done) {
    const ext = reader.sequence('Extension');
    const oid = ext.oid('extnID');
    // DEFAULT FALSE: DER omits it when false, so an explicit FALSE is not DER. Tolerated, as browsers do.
    const criticalEl = ext.optional(Tag.BOOLEAN, 'critical');
    const critical = criticalEl ? decodeBoolean(criticalEl.value, 'critical') : false;
    const value = ext.octetString('extnValue');
    ext.end();
    // §4.2: "A certificate MUST NOT include more than one instance of a particular extension."
    if (seen.has(oid)) throw malformed(`extension ${oid} appears twice`);
    seen.add(oid);
    out.all.push({ oid, critical, value });
    applyExtension(out, oid, critical, value);
    if (critical && !understood.has(oid)) out.unknownCritical.push(oid);
  }
  if (out.all.length === 0) throw malformed('empty Extensions');
  return out;
}

function applyExtension(out: Extensions, oid: string, critical: boolean, value: Uint8Array): void {
  switch (oid) {
    case Oid.basicConstraints:
      out.basicConstraints = parseBasicConstraints(value);
      return;
    case Oid.keyUsage:
      out.keyUsage = parseKeyUsage(value);
      return;
    case Oid.extKeyUsage:
      out.extKeyUsage = parseExtKeyUsage(value);
      return;
    case Oid.subjectAltName:
      out.subjectAltName = parseGeneralNames(value, 'subjectAltName');
      return;
    case Oid.nameConstraints:
      out.nameConstraints = parseNameConstraints(value, critical);
      return;
    case Oid.authorityKeyIdentifier:
      out.authorityKeyId = parseAuthorityKeyId(value);
      return;
    case Oid.subjectKeyIdentifier:
      out.subjectKeyId = parseSubjectKeyId(value);
      return;
  }
}

function parseSubjectKeyId(value: Uint8Array): Uint8Array {
  const outer = new DerReader(value, 'subjectKeyIdentifier');
  const id = outer.octetString('subjectKeyIdentifier');
  outer.end();
  return id;
}

function parseBasicConstraints(value: Uint8Array): BasicConstraints {
  const outer = new DerReader(value, 'basicConstraints');
  const seq = outer.sequence('basicConstraints');
  outer.end();
  const caEl = seq.optional(Tag.BOOLEAN, 'cA');
  const ca = caEl ? decodeBoolean(caEl.value, 'cA') : false;
  const pathLen = seq.done ? undefined : seq.smallInteger('pathLenConstraint', 255);
  seq.end();
  return { ca, pathLen };
}

function parseKeyUsage(value: Uint8Array): KeyUsageName[] {
  const outer = new DerReader(value, 'keyUsage');
  const bits = decodeBitString(outer.expect(Tag.BIT_STRING, 'keyUsage').value, 'keyUsage');
  outer.end();
  const names: KeyUsageName[] = [];
  keyUsageNames.forEach((name, i) => {
    const byte = bits.bytes[i >> 3];
    if (byte !== undefined && (byte >> (7 - (i & 7))) & 1) names.push(name);
  });
  return names;
}

function parseExtKeyUsage(value: Uint8Array): string[] {
  const outer = new DerReader(value, 'extKeyUsage');
  const seq = outer.sequence('extKeyUsage');
  outer.end();
  const oids: string[] = [];
  while (!seq.done) oids.push(seq.oid('KeyPurposeId'));
  if (oids.length === 0) throw malformed('empty extKeyUsage');
  return oids;
}

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, excludedSubtrees [1] ... }. */
function parseNameConstraints(value: Uint8Array, critical: boolean): NameConstraints {
  const outer = new DerReader(value, 'nameConstraints');
  const seq = outer.sequence('nameConstraints');
  outer.end();
  const permittedEl = seq.optional(contextTag(0, true), 'permittedSubtrees');
  const excludedEl = seq.optional(contextTag(1, true), 'excludedSubtrees');
  seq.end();
  return {
    permitted: permittedEl ? parseSubtrees(permittedEl.value, 'permittedSubtrees') : [],
    excluded: excludedEl ? parseSubtrees(excludedEl.value, 'excludedSubtrees') : [],
    critical,
  };
}

/**
 * GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }.
 * RFC 5280 fixes minimum at 0 and maximum absent; a subtree with other bounds has no meaning we
 * could apply, so it is refused rather than half-honoured.
 */
function parseSubtrees(bytes: Uint8Array, what: string): GeneralName[] {
  const reader = new DerReader(bytes, what);
  const names: GeneralName[] = [];
  while (!reader.done) {
    const subtree = reader.sequence('GeneralSubtree');
    names.push(parseGeneralName(subtree.read('base'), 'constraint'));
    if (!subtree.done) throw malformed(`${what}: GeneralSubtree with minimum or maximum`);
  }
  if (names.length === 0) throw malformed(`${what}: empty`);
  return names;
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... }. */
function parseAuthorityKeyId(value: Uint8Array): Uint8Array | undefined {
  const outer = new DerReader(value, 'authorityKeyIdentifier');
  const seq = outer.sequence('authorityKeyIdentifier');
  outer.end();
  const keyId = seq.optional(contextTag(0, false), 'keyIdentifier');
  // authorityCertIssuer [1] and authorityCertSerialNumber [2] are not used to build paths.
  seq.optional(contextTag(1, true), 'authorityCertIssuer');
  seq.optional(contextTag(2, false), 'authorityCertSerialNumber');
  seq.end();
  return keyId?.value;
}

/**
 * AlgorithmIdentifier (RFC 5280 §4.1.1.2) and its mapping to the crypto provider's
 * `SignatureAlgorithm`. An algorithm we cannot verify maps to `undefined` rather than an error:
 * a root signed with MD5 must still load, since nobody ever checks a root's self-signature.
 */
import type { HashName, SignatureAlgorithm } from '../crypto/provider.js';
import { DerReader, Tag, contextTag, malformed, type DerElement } from './der.js';
import { Oid } from './oids.js';

export interface AlgorithmIdentifier {
  oid: string;
  /** The parameters element, if present. */
  params: DerElement | undefined;
  /** The whole AlgorithmIdentifier, to compare the inner and outer signature fields. */
  encoded: Uint8Array;
}

export function readAlgorithmIdentifier(reader: DerReader, field: string): AlgorithmIdentifier {
  const el = reader.expect(Tag.SEQUENCE, field);
  return algorithmIdentifierFrom(el, field);
}

export function algorithmIdentifierFrom(el: DerElement, field: string): AlgorithmIdentifier {
  const seq = new DerReader(el.value, field);
  const oid = seq.oid(`${field} algorithm`);
  const params = seq.done ? undefined : seq.read(`${field} parameters`);
  seq.end();
  return { oid, params, encoded: el.encoded };
}

const pkcs1: Record<string, HashName> = {
  [Oid.sha1WithRSAEncryption]: 'sha1',
  [Oid.sha256WithRSAEncryption]: 'sha256',
  [Oid.sha384WithRSAEncryption]: 'sha384',
  [Oid.sha512WithRSAEncryption]: 'sha512',
};

const ecdsa: Record<string, HashName> = {
  [Oid.ecdsaWithSha1]: 'sha1',
  [Oid.ecdsaWithSha256]: 'sha256',
  [Oid.ecdsaWithSha384]: 'sha384',
  [Oid.ecdsaWithSha512]: 'sha512',
};

export const hashOids: Record<string, HashName> = {
  [Oid.sha1]: 'sha1',
  [Oid.sha256]: 'sha256',
  [Oid.sha384]: 'sha384',
  [Oid.sha512]: 'sha512',
};

const mlDsaLevels: Record<string, 44 | 65 | 87> = { [Oid.mlDsa44]: 44, [Oid.mlDsa65]: 65, [Oid.mlDsa87]: 87 };

/** The provider's name for a certificate signature algorithm; undefined when we cannot verify it. */
export function signatureAlgorithmFrom(alg: AlgorithmIdentifier): SignatureAlgorithm | undefined {
  const pkcs1Hash = pkcs1[alg.oid];
  if (pkcs1Hash) {
    // RFC 4055 §5 says NULL; absent parameters are common enough in the wild to accept.
    return alg.params === undefined || isNull(alg.params) ? { kind: 'rsa-pkcs1', hash: pkcs1Hash } : undefined;
  }
  const ecdsaHash = ecdsa[alg.oid];
  // RFC 5758 §3.2: the parameters MUST be absent.
  if (ecdsaHash) return alg.params === undefined ? { kind: 'ecdsa', hash: ecdsaHash } : undefined;
  // RFC 8410 §3 and the ML-DSA profile: parameters absent.
  if (alg.oid === Oid.ed25519) return alg.params === undefined ? { kind: 'ed25519' } : undefined;
  if (alg.oid === Oid.ed448) return alg.params === undefined ? { kind: 'ed448' } : undefined;
  const level = mlDsaLevels[alg.oid];
  if (level) return alg.params === undefined ? { kind: 'ml-dsa', level } : undefined;
  if (alg.oid === Oid.rsassaPss) return alg.params ? pssAlgorithm(alg.params) : undefined;
  return undefined;
}

/** True for an algorithm we refuse as too weak rather than not knowing it (MD5, SHA-1). */
export function isWeakSignatureOid(oid: string): boolean {
  return oid === Oid.md5WithRSAEncryption || oid === Oid.sha1WithRSAEncryption || oid === Oid.ecdsaWithSha1;
}

/**
 * RSASSA-PSS-params (RFC 4055 §3.1). The provider takes one hash for both the digest and MGF1,
 * so a certificate that uses two different ones is unsupported; trailerField must be 1.
 */
function pssAlgorithm(params: DerElement): SignatureAlgorithm | undefined {
  if (params.tag !== Tag.SEQUENCE) throw malformed('RSASSA-PSS parameters are not a SEQUENCE');
  const seq = new DerReader(params.value, 'RSASSA-PSS-params');
  let hash: HashName | undefined = 'sha1';
  let mgfHash: HashName | undefined = 'sha1';
  let saltLength = 20;
  let trailer = 1;
  const hashEl = seq.optional(contextTag(0, true), 'hashAlgorithm');
  if (hashEl) hash = hashFrom(explicit(hashEl, 'hashAlgorithm'));
  const mgfEl = seq.optional(contextTag(1, true), 'maskGenAlgorithm');
  if (mgfEl) {
    const mgf = algorithmIdentifierFrom(explicit(mgfEl, 'maskGenAlgorithm'), 'maskGenAlgorithm');
    if (mgf.oid !== Oid.mgf1 || !mgf.params || mgf.params.tag !== Tag.SEQUENCE) return undefined;
    mgfHash = hashFrom(mgf.params);
  }
  const saltEl = seq.optional(contextTag(2, true), 'saltLength');
  if (saltEl) saltLength = new DerReader(saltEl.value, 'saltLength').smallInteger('saltLength', 1024);
  const trailerEl = seq.optional(contextTag(3, true), 'trailerField');
  if (trailerEl) trailer = new DerReader(trailerEl.value, 'trailerField').smallInteger('trailerField', 255);
  seq.end();
  if (!hash || hash !== mgfHash || trailer !== 1) return undefined;
  return { kind: 'rsa-pss', hash, saltLength };
}

function explicit(el: DerElement, field: string): DerElement {
  const inner = new DerReader(el.value, field);
  const value = inner.expect(Tag.SEQUENCE, field);
  inner.end();
  return value;
}

function hashFrom(el: DerElement): HashName | undefined {
  const alg = algorithmIdentifierFrom(el, 'hash algorithm');
  if (alg.params !== undefined && !isNull(alg.params)) return undefined;
  return hashOids[alg.oid];
}

function isNull(el: DerElement): boolean {
  return el.tag === Tag.NULL && el.value.length === 0;
}

/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) → the provider's `PublicKey`. Key formats: RSA
 * (RFC 3279 §2.3.1, RFC 4055 §1.2 for id-RSASSA-PSS), EC named curves (RFC 5480 §2), Ed25519 and
 * Ed448 (RFC 8410 §4), ML-DSA (FIPS 204 key sizes). An algorithm we do not know yields
 * `undefined`: the certificate still parses, and only a signature made with that key fails.
 */
import type { PublicKey } from '../crypto/provider.js';
import { DerReader, Tag, decodeBitString, malformed, type DerElement } from './der.js';
import { algorithmIdentifierFrom } from './algorithm.js';
import { Oid } from './oids.js';

export interface SubjectPublicKeyInfo {
  /** The key algorithm OID (rsaEncryption, id-ecPublicKey...). */
  algorithm: string;
  key: PublicKey | undefined;
  /** The whole SubjectPublicKeyInfo, to tell two keys apart. */
  encoded: Uint8Array;
}

const curves: Record<string, { curve: 'P-256' | 'P-384' | 'P-521'; size: number }> = {
  [Oid.prime256v1]: { curve: 'P-256', size: 32 },
  [Oid.secp384r1]: { curve: 'P-384', size: 48 },
  [Oid.secp521r1]: { curve: 'P-521', size: 66 },
};

const mlDsa: Record<string, { level: 44 | 65 | 87; size: number }> = {
  [Oid.mlDsa44]: { level: 44, size: 1312 },
  [Oid.mlDsa65]: { level: 65, size: 1952 },
  [Oid.mlDsa87]: { level: 87, size: 2592 },
};

export function parseSubjectPublicKeyInfo(el: DerElement): SubjectPublicKeyInfo {
  if (el.tag !== Tag.SEQUENCE) throw malformed('SubjectPublicKeyInfo is not a SEQUENCE');
  const seq = new DerReader(el.value, 'SubjectPublicKeyInfo');
  const alg = algorithmIdentifierFrom(seq.expect(Tag.SEQUENCE, 'algorithm'), 'SubjectPublicKeyInfo algorithm');
  const bits = decodeBitString(seq.expect(Tag.BIT_STRING, 'subjectPublicKey').value, 'subjectPublicKey');
  seq.end();
  // Every key format below is a whole number of octets.
  const keyBytes = bits.unusedBits === 0 ? bits.bytes : undefined;
  return { algorithm: alg.oid, key: keyBytes && keyFrom(alg.oid, alg.params, keyBytes), encoded: el.encoded };
}

function keyFrom(oid: string, params: DerElement | undefined, bytes: Uint8Array): PublicKey | undefined {
  switch (oid) {
    case Oid.rsaEncryption:
      return { kind: 'rsa', ...rsaKey(bytes) };
    case Oid.rsassaPss:
      // The parameters, if any, restrict how the key may sign; the signature's own parameters govern verification.
      return { kind: 'rsa-pss', ...rsaKey(bytes) };
    case Oid.ecPublicKey: {
      // ECParameters may be implicitCurve or specifiedCurve in theory; RFC 5480 allows only namedCurve.
      if (!params || params.tag !== Tag.OID) return undefined;
      const curve = curves[new DerReader(params.encoded, 'namedCurve').oid('namedCurve')];
      if (!curve) return undefined;
      const uncompressed = bytes[0] === 0x04 && bytes.length === 1 + 2 * curve.size;
      const compressed = (bytes[0] === 0x02 || bytes[0] === 0x03) && bytes.length === 1 + curve.size;
      if (!uncompressed && !compressed) throw malformed(`EC point of ${bytes.length} bytes for ${curve.curve}`);
      return { kind: 'ec', curve: curve.curve, point: bytes };
    }
    case Oid.ed25519:
      if (bytes.length !== 32) throw malformed('Ed25519 key is not 32 bytes');
      return { kind: 'ed25519', key: bytes };
    case Oid.ed448:
      if (bytes.length !== 57) throw malformed('Ed448 key is not 57 bytes');
      return { kind: 'ed448', key: bytes };
    default: {
      const ml = mlDsa[oid];
      if (!ml) return undefined;
      if (bytes.length !== ml.size) throw malformed(`ML-DSA-${ml.level} key is not ${ml.size} bytes`);
      return { kind: 'ml-dsa', level: ml.level, key: bytes };
    }
  }
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 3279 §2.3.1). */
function rsaKey(bytes: Uint8Array): { n: bigint; e: bigint; bits: number } {
  const outer = new DerReader(bytes, 'RSAPublicKey');
  const seq = outer.sequence('RSAPublicKey');
  outer.end();
  const n = seq.integer('modulus');
  const e = seq.integer('publicExponent');
  seq.end();
  if (n <= 0n || e <= 1n) throw malformed('RSA key with a non-positive modulus or exponent');
  return { n, e, bits: n.toString(2).length };
}

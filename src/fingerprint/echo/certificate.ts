/**
 * The echo server's certificate, made at start-up: a self-signed ECDSA P-256 certificate for
 * the loopback names. It ships in the library (the `serve` command uses it), so it cannot lean on
 * the openssl CLI; node:crypto makes the key and the signature, and der-writer.ts the bytes
 * around them.
 *
 * It is its own trust anchor: clients are told to trust exactly this certificate (`ca`), so it
 * says CA:TRUE (OpenSSL, Node and our verifier then accept it as the root of a one-element
 * path) and carries what a leaf needs too: the names in subjectAltName, digitalSignature, and
 * serverAuth. Key identifiers are included because strict verifiers (OpenSSL's X509_STRICT, as
 * Python 3.13 enables it) reject a CA certificate without them.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { parseIpLiteral } from '../../tls/x509/ip.js';
import { Oid } from '../../tls/x509/oids.js';
import { toPem } from '../../tls/x509/pem.js';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  namedBits,
  octetString,
  oid,
  sequence,
  set,
  time,
  unsignedInteger,
  utf8String,
} from './der-writer.js';

export interface EchoCertificateOptions {
  /** DNS names and IP literals for subjectAltName. Default: localhost, 127.0.0.1, ::1. */
  names?: readonly string[];
  /** Epoch milliseconds the validity is centred on. Default: now. */
  now?: number;
  /** Days of validity after `now` (it also starts a day before, so clock skew never matters). Default 30. */
  days?: number;
  commonName?: string;
}

export interface EchoCertificate {
  /** The certificate, PEM: what the server sends and what clients trust. */
  cert: string;
  /** The private key, PKCS #8 PEM. */
  key: string;
  der: Uint8Array;
}

export const DEFAULT_CERTIFICATE_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

const DAY = 86_400_000;
const ORGANIZATION_NAME = '2.5.4.10';
/** keyUsage bit numbers (RFC 5280 §4.2.1.3). */
const DIGITAL_SIGNATURE = 0;
const KEY_CERT_SIGN = 5;

export function generateEchoCertificate(options: EchoCertificateOptions = {}): EchoCertificate {
  const now = options.now ?? Date.now();
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  // Node's SPKI export is exactly the SubjectPublicKeyInfo the certificate embeds.
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const keyId = subjectKeyIdentifier(spki);
  const name = sequence(
    set(sequence(oid(Oid.commonName), utf8String(options.commonName ?? 'tls-requests echo server'))),
    set(sequence(oid(ORGANIZATION_NAME), utf8String('tls-requests'))),
  );
  const signatureAlgorithm = sequence(oid(Oid.ecdsaWithSha256));
  const tbs = sequence(
    explicit(0, unsignedInteger(2)), // v3
    unsignedInteger(serialNumber()),
    signatureAlgorithm,
    name,
    sequence(time(new Date(now - DAY)), time(new Date(now + (options.days ?? 30) * DAY))),
    name,
    spki,
    explicit(
      3,
      sequence(
        extension(Oid.basicConstraints, true, sequence(boolean(true))),
        extension(Oid.keyUsage, true, namedBits([DIGITAL_SIGNATURE, KEY_CERT_SIGN])),
        extension(Oid.extKeyUsage, false, sequence(oid(Oid.serverAuth))),
        extension(Oid.subjectAltName, false, generalNames(options.names ?? DEFAULT_CERTIFICATE_NAMES)),
        extension(Oid.subjectKeyIdentifier, false, octetString(keyId)),
        extension(Oid.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, keyId))),
      ),
    ),
  );
  // dsaEncoding 'der' gives the Ecdsa-Sig-Value SEQUENCE X.509 carries (RFC 3279 §2.2.3), not raw r||s.
  const signature = new Uint8Array(sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' }));
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));
  return { cert: toPem(der), key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), der };
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  // DER omits a BOOLEAN equal to its DEFAULT (critical DEFAULT FALSE).
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

/** dNSName is [2] IA5String, iPAddress is [7] OCTET STRING (4 or 16 octets). */
function generalNames(names: readonly string[]): Uint8Array {
  return sequence(
    ...names.map((n) => {
      const ip = parseIpLiteral(n);
      return ip ? implicitPrimitive(7, ip) : implicitPrimitive(2, new TextEncoder().encode(n));
    }),
  );
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits (the BIT STRING's contents). */
function subjectKeyIdentifier(spki: Uint8Array): Uint8Array {
  // SEQUENCE { AlgorithmIdentifier, BIT STRING }: the key is the tail after the BIT STRING's
  // tag, length and unused-bits octets; for P-256 it is the 65-octet uncompressed point.
  const point = spki.subarray(spki.length - 65);
  return new Uint8Array(createHash('sha1').update(point).digest());
}

/** 16 random octets, positive and with the top octet non-zero (RFC 5280 §4.1.2.2: ≤ 20 octets, positive). */
function serialNumber(): Uint8Array {
  const serial = new Uint8Array(randomBytes(16));
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial;
}

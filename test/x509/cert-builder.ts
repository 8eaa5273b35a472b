/**
 * A tiny certificate factory for the X.509 tests: a DER encoder and node:crypto (or noble, for
 * ML-DSA) signatures. Unlike the openssl-driven PKI (test/helpers/pki.ts) it builds any shape in
 * microseconds — same-name intermediates, loops, odd extensions, SHA-1, 1024-bit RSA — which the
 * path-building tests need by the dozen.
 */
import { createHash, generateKeyPairSync, sign as nodeSign, constants, type KeyObject } from 'node:crypto';
import { ml_dsa44 } from '@noble/post-quantum/ml-dsa.js';

// ---------------------------------------------------------------------------------------------
// DER encoding

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = concat(contents);
  const n = body.length;
  let len: number[];
  if (n < 0x80) len = [n];
  else if (n < 0x100) len = [0x81, n];
  else if (n < 0x10000) len = [0x82, n >> 8, n & 0xff];
  else len = [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concat([Uint8Array.of(tag, ...len), body]);
}

export const seq = (...c: Uint8Array[]): Uint8Array => tlv(0x30, ...c);
export const set = (...c: Uint8Array[]): Uint8Array => tlv(0x31, ...c);
export const octets = (b: Uint8Array): Uint8Array => tlv(0x04, b);
export const bitString = (b: Uint8Array, unused = 0): Uint8Array => tlv(0x03, Uint8Array.of(unused), b);
export const bool = (v: boolean): Uint8Array => tlv(0x01, Uint8Array.of(v ? 0xff : 0));
export const nul = (): Uint8Array => tlv(0x05);
export const utf8 = (s: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(s));
export const ctx = (n: number, constructed: boolean, ...c: Uint8Array[]): Uint8Array => tlv(0x80 | (constructed ? 0x20 : 0) | n, ...c);

export function integer(v: bigint | number): Uint8Array {
  let n = BigInt(v);
  if (n < 0n) throw new Error('negative integers not needed here');
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  if (bytes[0]! >= 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(BigInt);
  const first = arcs[0]! * 40n + arcs[1]!;
  const out: number[] = [];
  for (const arc of [first, ...arcs.slice(2)]) {
    const chunk: number[] = [];
    let a = arc;
    do {
      chunk.unshift(Number(a & 0x7fn));
      a >>= 7n;
    } while (a > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** UTCTime before 2050, GeneralizedTime after (RFC 5280 §4.1.2.5). */
export function time(ms: number): Uint8Array {
  const iso = new Date(ms).toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = Number(iso.slice(0, 4));
  return year < 2050 ? tlv(0x17, new TextEncoder().encode(`${digits.slice(2)}Z`)) : tlv(0x18, new TextEncoder().encode(`${digits}Z`));
}

// ---------------------------------------------------------------------------------------------
// Keys

export type KeyKind = 'p256' | 'p384' | 'rsa2048' | 'rsa1024' | 'rsa-pss' | 'ed25519' | 'ml-dsa-44';
export type Hash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export interface TestKey {
  kind: KeyKind;
  spki: Uint8Array;
  /** The DER AlgorithmIdentifier this key signs with, for `hash`. */
  algorithm(hash: Hash): Uint8Array;
  sign(data: Uint8Array, hash: Hash): Uint8Array;
}

const SIG_OIDS: Record<string, string> = {
  'rsa-sha1': '1.2.840.113549.1.1.5',
  'rsa-sha256': '1.2.840.113549.1.1.11',
  'rsa-sha384': '1.2.840.113549.1.1.12',
  'rsa-sha512': '1.2.840.113549.1.1.13',
  'ec-sha1': '1.2.840.10045.4.1',
  'ec-sha256': '1.2.840.10045.4.3.2',
  'ec-sha384': '1.2.840.10045.4.3.3',
  'ec-sha512': '1.2.840.10045.4.3.4',
};
const HASH_OIDS: Record<Hash, string> = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};
const HASH_LEN: Record<Hash, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

function nodeKey(kind: Exclude<KeyKind, 'ml-dsa-44'>): { privateKey: KeyObject; publicKey: KeyObject } {
  switch (kind) {
    case 'p256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'p384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'rsa2048':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'rsa1024':
      return generateKeyPairSync('rsa', { modulusLength: 1024 });
    case 'rsa-pss':
      return generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    case 'ed25519':
      return generateKeyPairSync('ed25519');
  }
}

const keyCache = new Map<KeyKind, TestKey[]>();

/** A key pair; RSA generation is slow, so `reuse` hands out a cached one per kind (index `reuse`). */
export function newKey(kind: KeyKind, reuse?: number): TestKey {
  if (reuse !== undefined) {
    const list = keyCache.get(kind) ?? [];
    keyCache.set(kind, list);
    while (list.length <= reuse) list.push(newKey(kind));
    return list[reuse]!;
  }
  if (kind === 'ml-dsa-44') {
    const { publicKey, secretKey } = ml_dsa44.keygen();
    const alg = seq(oid('2.16.840.1.101.3.4.3.17'));
    return {
      kind,
      spki: seq(alg, bitString(publicKey)),
      algorithm: () => alg,
      sign: (data) => ml_dsa44.sign(data, secretKey),
    };
  }
  const { privateKey, publicKey } = nodeKey(kind);
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const family = kind === 'p256' || kind === 'p384' ? 'ec' : 'rsa';
  return {
    kind,
    spki,
    algorithm(hash) {
      if (kind === 'ed25519') return seq(oid('1.3.101.112'));
      if (kind === 'rsa-pss') {
        const h = seq(oid(HASH_OIDS[hash]), nul());
        return seq(
          oid('1.2.840.113549.1.1.10'),
          seq(ctx(0, true, h), ctx(1, true, seq(oid('1.2.840.113549.1.1.8'), h)), ctx(2, true, integer(HASH_LEN[hash]))),
        );
      }
      const o = SIG_OIDS[`${family}-${hash}`]!;
      return family === 'ec' ? seq(oid(o)) : seq(oid(o), nul());
    },
    sign(data, hash) {
      if (kind === 'ed25519') return new Uint8Array(nodeSign(null, data, privateKey));
      if (kind === 'rsa-pss') {
        return new Uint8Array(nodeSign(hash, data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_LEN[hash] }));
      }
      return new Uint8Array(nodeSign(hash, data, privateKey));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Certificates

export interface NameSpec {
  cn: string;
  o?: string;
}

export function encodeName(name: NameSpec): Uint8Array {
  const rdns: Uint8Array[] = [];
  if (name.o !== undefined) rdns.push(set(seq(oid('2.5.4.10'), utf8(name.o))));
  rdns.push(set(seq(oid('2.5.4.3'), utf8(name.cn))));
  return seq(...rdns);
}

/** "DNS:x", "IP:1.2.3.4", "IP:10.0.0.0/8", "IP:::1", "email:a@b", "URI:...", "DirName:O=x/CN=y" */
export function generalName(spec: string, constraint = false): Uint8Array {
  const [type, ...rest] = spec.split(':');
  const value = rest.join(':');
  switch (type) {
    case 'DNS':
      return ctx(2, false, new TextEncoder().encode(value));
    case 'email':
      return ctx(1, false, new TextEncoder().encode(value));
    case 'URI':
      return ctx(6, false, new TextEncoder().encode(value));
    case 'DirName': {
      // "DirName:O=Org" (a prefix constraint) or "DirName:O=Org/CN=name".
      const parts = Object.fromEntries(value.split('/').map((p) => p.split('=') as [string, string]));
      const rdns: Uint8Array[] = [];
      if (parts.O !== undefined) rdns.push(set(seq(oid('2.5.4.10'), utf8(parts.O))));
      if (parts.CN !== undefined) rdns.push(set(seq(oid('2.5.4.3'), utf8(parts.CN))));
      return ctx(4, true, seq(...rdns));
    }
    case 'IP': {
      const [addr, prefix] = value.split('/');
      const bytes = ipBytes(addr!);
      if (!constraint) return ctx(7, false, bytes);
      const bits = prefix === undefined ? bytes.length * 8 : Number(prefix);
      const mask = new Uint8Array(bytes.length);
      for (let i = 0; i < bits; i++) mask[i >> 3]! |= 0x80 >> (i & 7);
      return ctx(7, false, bytes, mask);
    }
    default:
      throw new Error(`unknown general name ${spec}`);
  }
}

function ipBytes(s: string): Uint8Array {
  if (!s.includes(':')) return Uint8Array.from(s.split('.').map(Number));
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const words = [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t].map((w) => parseInt(w, 16));
  return Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff]));
}

export interface Extension {
  oid: string;
  critical?: boolean;
  value: Uint8Array;
}

export interface CertSpec {
  subject: NameSpec;
  key: TestKey;
  /** Absent: self-signed by `key`. */
  issuer?: { subject: NameSpec; key: TestKey };
  notBefore?: number;
  notAfter?: number;
  /** basicConstraints: undefined = no extension. */
  ca?: boolean;
  pathLen?: number;
  keyUsage?: string[];
  /** EKU OIDs (or the names serverAuth / clientAuth / any). */
  eku?: string[];
  san?: string[];
  nameConstraints?: { permitted?: string[]; excluded?: string[]; critical?: boolean };
  hash?: Hash;
  /** Default true: subject/authority key identifiers from the SHA-1 of the SPKI. */
  keyIds?: boolean;
  serial?: bigint;
  extra?: Extension[];
  /** Flip a bit of the signature. */
  corruptSignature?: boolean;
}

const DAY = 86_400_000;
export const NOW = Date.UTC(2030, 0, 15, 12, 0, 0);

const KU_BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];
const EKU: Record<string, string> = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2', any: '2.5.29.37.0' };

function keyId(spki: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(spki).digest());
}

function extension(e: Extension): Uint8Array {
  return seq(oid(e.oid), ...(e.critical ? [bool(true)] : []), octets(e.value));
}

function keyUsageValue(names: string[]): Uint8Array {
  const bits = names.map((n) => {
    const i = KU_BITS.indexOf(n);
    if (i < 0) throw new Error(`unknown key usage ${n}`);
    return i;
  });
  const top = bits.length ? Math.max(...bits) : 0;
  const bytes = new Uint8Array((top >> 3) + 1);
  for (const i of bits) bytes[i >> 3]! |= 0x80 >> (i & 7);
  // DER: trailing zero bits are not encoded (X.690 §11.2.2).
  const unused = 7 - (top & 7);
  return bitString(bytes, bits.length ? unused : 0);
}

export function makeCert(spec: CertSpec): Uint8Array {
  const issuer = spec.issuer ?? { subject: spec.subject, key: spec.key };
  const hash = spec.hash ?? 'sha256';
  const exts: Extension[] = [];
  if (spec.ca !== undefined) {
    exts.push({ oid: '2.5.29.19', critical: true, value: seq(...(spec.ca ? [bool(true)] : []), ...(spec.pathLen !== undefined ? [integer(spec.pathLen)] : [])) });
  }
  if (spec.keyUsage) exts.push({ oid: '2.5.29.15', critical: true, value: keyUsageValue(spec.keyUsage) });
  if (spec.eku) exts.push({ oid: '2.5.29.37', value: seq(...spec.eku.map((e) => oid(EKU[e] ?? e))) });
  if (spec.san) exts.push({ oid: '2.5.29.17', value: seq(...spec.san.map((s) => generalName(s))) });
  if (spec.nameConstraints) {
    const { permitted, excluded, critical = true } = spec.nameConstraints;
    const subtrees = (names: string[]): Uint8Array[] => names.map((n) => seq(generalName(n, true)));
    exts.push({
      oid: '2.5.29.30',
      critical,
      value: seq(...(permitted ? [ctx(0, true, ...subtrees(permitted))] : []), ...(excluded ? [ctx(1, true, ...subtrees(excluded))] : [])),
    });
  }
  if (spec.keyIds !== false) {
    exts.push({ oid: '2.5.29.14', value: octets(keyId(spec.key.spki)) });
    if (spec.issuer) exts.push({ oid: '2.5.29.35', value: seq(ctx(0, false, keyId(issuer.key.spki))) });
  }
  exts.push(...(spec.extra ?? []));
  const alg = issuer.key.algorithm(hash);
  const tbs = seq(
    ctx(0, true, integer(2)),
    integer(spec.serial ?? BigInt(Math.floor(Math.random() * 2 ** 48)) + 1n),
    alg,
    encodeName(issuer.subject),
    seq(time(spec.notBefore ?? NOW - 30 * DAY), time(spec.notAfter ?? NOW + 365 * DAY)),
    encodeName(spec.subject),
    spec.key.spki,
    ...(exts.length ? [ctx(3, true, seq(...exts.map(extension)))] : []),
  );
  const signature = issuer.key.sign(tbs, hash);
  if (spec.corruptSignature) signature[signature.length - 1]! ^= 1;
  return seq(tbs, alg, bitString(signature));
}

// ---------------------------------------------------------------------------------------------
// A small hierarchy: root → intermediate → leaf, for tests to vary one piece at a time.

export interface Hierarchy {
  rootKey: TestKey;
  rootName: NameSpec;
  root: Uint8Array;
  interKey: TestKey;
  interName: NameSpec;
  inter: Uint8Array;
  leafKey: TestKey;
}

export function hierarchy(label = 'Test'): Hierarchy {
  const rootKey = newKey('p256');
  const interKey = newKey('p256');
  const leafKey = newKey('p256');
  const rootName = { o: 'x509 tests', cn: `${label} Root` };
  const interName = { o: 'x509 tests', cn: `${label} Intermediate` };
  const root = makeCert({ subject: rootName, key: rootKey, ca: true, keyUsage: ['keyCertSign', 'cRLSign'], notBefore: NOW - 1000 * DAY, notAfter: NOW + 3000 * DAY });
  const inter = makeCert({ subject: interName, key: interKey, issuer: { subject: rootName, key: rootKey }, ca: true, keyUsage: ['keyCertSign', 'cRLSign'] });
  return { rootKey, rootName, root, interKey, interName, inter, leafKey };
}

/** A server leaf under `issuer`, for localhost by default. */
export function leafUnder(issuer: { subject: NameSpec; key: TestKey }, key: TestKey, over: Partial<CertSpec> = {}): Uint8Array {
  return makeCert({
    subject: { o: 'x509 tests', cn: 'localhost' },
    key,
    issuer,
    ca: false,
    keyUsage: ['digitalSignature'],
    eku: ['serverAuth'],
    san: ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1'],
    ...over,
  });
}

export { DAY };

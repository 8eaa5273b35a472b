/**
 * Test certificates, generated when the tests run (never committed: they would expire).
 *
 * `makePki()` drives the `openssl` CLI into a temporary directory and returns a root CA, an
 * intermediate CA, good leaves of every key type the TLS stack must handle, and one leaf for
 * each way a certificate chain can be wrong. Every certificate is issued with `openssl ca`
 * rather than `openssl req -x509` / `openssl x509 -req`, because OpenSSL 3.0's `req`/`x509`
 * can only start validity "now" (no `-not_before`/`-not_after` before 3.4), while `ca` takes
 * `-startdate`/`-enddate`: that is what makes expired and not-yet-valid leaves possible, and it
 * lets good certificates start a day in the past so a small clock skew never breaks a test.
 *
 * The result is cached per process, in memory and on disk (`<tmpdir>/tls-requests-pki-<pid>/`,
 * removed when the process exits), so test files that share a worker process pay once.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeyType = 'rsa2048' | 'ecdsa-p256' | 'ecdsa-p384' | 'ed25519' | 'rsa-pss';

/** Why a leaf must be rejected by a verifying client connecting to `localhost`. */
export type ExpectedFailure =
  | 'expired'
  | 'not-yet-valid'
  | 'hostname-mismatch'
  | 'self-signed'
  | 'unknown-ca'
  | 'missing-intermediate'
  | 'issuer-not-ca'
  | 'bad-eku'
  | 'weak-signature'
  | 'bad-signature'
  | 'name-constraints';

export type GoodLeafName = 'rsa2048' | 'ecdsaP256' | 'ecdsaP384' | 'ed25519' | 'rsaPss';
export type BadLeafName =
  | 'expired'
  | 'notYetValid'
  | 'wrongHost'
  | 'selfSigned'
  | 'unknownCa'
  | 'missingIntermediate'
  | 'nonCaIssuer'
  | 'clientAuthOnly'
  | 'sha1Signature'
  | 'badSignature'
  | 'nameConstraints';
export type LeafName = GoodLeafName | BadLeafName;

/** One certificate and its private key, as text, bytes and files (for CLIs such as s_server). */
export interface CertEntry {
  name: string;
  keyType: KeyType;
  keyPem: string;
  certPem: string;
  certDer: Uint8Array;
  keyPath: string;
  certPath: string;
  notBefore: Date;
  notAfter: Date;
}

export interface LeafEntry extends CertEntry {
  /** What a server sends: the leaf first, then the intermediates (never the trusted root). */
  chainPem: string;
  chainDer: Uint8Array[];
  chainPath: string;
  /** Undefined for a good leaf; otherwise the check that must fail for host `localhost`. */
  expectedFailure?: ExpectedFailure;
  /** The DNS names and IP addresses in the leaf's subjectAltName. */
  sans: string[];
}

export interface Pki {
  dir: string;
  root: CertEntry;
  intermediate: CertEntry;
  /** The trusted root as PEM, ready for a `ca` option. */
  ca: string;
  caDer: Uint8Array;
  caPath: string;
  /** A second root that no test trusts; `leaves.unknownCa` chains to it. */
  untrustedRoot: CertEntry;
  /** An end-entity certificate (CA:FALSE) that nonetheless signed `leaves.nonCaIssuer`. */
  nonCaIntermediate: CertEntry;
  /** An intermediate with nameConstraints permitted;DNS:allowed.example. */
  constrainedIntermediate: CertEntry;
  leaves: Record<LeafName, LeafEntry>;
  /** The leaves a verifying client must accept for `localhost`, 127.0.0.1 and ::1. */
  good: LeafEntry[];
  /** The leaves a verifying client must reject, each with `expectedFailure` set. */
  bad: LeafEntry[];
}

export interface PkiOptions {
  /** Key of the trusted root (default rsa2048: it signs the intermediates with sha256WithRSAEncryption). */
  rootKey?: KeyType;
  /** Key of the issuing intermediate (default ecdsa-p256: leaves carry ecdsa-with-SHA256). */
  intermediateKey?: KeyType;
}

/** What `issueLeaf` needs to mint a custom leaf under a `Pki`'s intermediate (or its root). */
export interface LeafSpec {
  name: string;
  keyType?: KeyType;
  /** `DNS:...` / `IP:...` entries; default the localhost set. */
  sans?: string[];
  /** Extended key usages (openssl names); default ['serverAuth']. */
  eku?: string[];
  /** Key usages (openssl names); default digitalSignature (plus keyEncipherment for RSA). */
  keyUsage?: string[];
  notBefore?: Date;
  notAfter?: Date;
  issuer?: 'intermediate' | 'root';
  /** Signature digest (openssl -md name); default sha256 (ignored for Ed25519 issuers). */
  md?: string;
}

const DAY = 86_400_000;
const LOCALHOST_SANS = ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1'];
const ORG = 'tls-requests test';

// ---------------------------------------------------------------------------------------------
// Running openssl

/** Bounded concurrency: more parallel openssl processes than cores only adds contention. */
const MAX_PARALLEL = 4;
let running = 0;
const waiting: Array<() => void> = [];

async function openssl(args: string[], cwd: string): Promise<string> {
  while (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile('openssl', args, { cwd, encoding: 'utf8', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`openssl ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function keygenArgs(type: KeyType): string[] {
  switch (type) {
    case 'rsa2048':
      return ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
    case 'rsa-pss':
      return ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'];
    case 'ecdsa-p256':
      return ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    case 'ecdsa-p384':
      return ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'];
    case 'ed25519':
      return ['-algorithm', 'ED25519'];
  }
}

interface KeyFile {
  type: KeyType;
  path: string;
  pem: string;
}

async function generateKey(dir: string, name: string, type: KeyType): Promise<KeyFile> {
  const path = join(dir, `${name}.key.pem`);
  await openssl(['genpkey', ...keygenArgs(type), '-out', path], dir);
  return { type, path, pem: await readFile(path, 'utf8') };
}

/** `openssl ca` date syntax (GeneralizedTime), whole seconds. */
function caDate(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

interface Extensions {
  ca: boolean;
  pathlen?: number;
  keyUsage: string[];
  eku?: string[];
  sans?: string[];
  nameConstraints?: string;
  /** Authority key identifier; omitted on self-signed roots, as real roots usually do. */
  akid: boolean;
}

function extensionSection(ext: Extensions): string {
  const lines = [
    `basicConstraints = critical,CA:${ext.ca ? 'TRUE' : 'FALSE'}${ext.pathlen === undefined ? '' : `,pathlen:${ext.pathlen}`}`,
    `keyUsage = critical,${ext.keyUsage.join(',')}`,
    'subjectKeyIdentifier = hash',
  ];
  if (ext.akid) lines.push('authorityKeyIdentifier = keyid:always');
  if (ext.eku) lines.push(`extendedKeyUsage = ${ext.eku.join(',')}`);
  if (ext.sans) lines.push(`subjectAltName = ${ext.sans.join(',')}`);
  if (ext.nameConstraints) lines.push(`nameConstraints = ${ext.nameConstraints}`);
  return lines.join('\n');
}

/** A signature digest for `openssl ca`; Ed25519 signs the message itself and takes none. */
function mdFor(issuerKey: KeyType, md: string | undefined): string {
  return issuerKey === 'ed25519' ? 'default' : (md ?? 'sha256');
}

interface IssueRequest {
  name: string;
  key: KeyFile;
  commonName: string;
  ext: Extensions;
  notBefore: Date;
  notAfter: Date;
  /** Absent: self-signed. */
  issuer?: { cert: CertEntry; key: KeyFile };
  md?: string;
}

/**
 * Issues one certificate with `openssl ca`. Each certificate gets its own config and its own
 * empty database, so any number can be issued in parallel without fighting over index.txt.
 */
async function issue(dir: string, req: IssueRequest): Promise<CertEntry> {
  const work = join(dir, req.name);
  await mkdir(work, { recursive: true });
  await writeFile(join(work, 'index.txt'), '');
  const config = [
    '[ca]',
    'default_ca = ca_section',
    '[ca_section]',
    `database = ${join(work, 'index.txt')}`,
    `new_certs_dir = ${work}`,
    'rand_serial = yes',
    'policy = policy_any',
    'unique_subject = no',
    'email_in_dn = no',
    'copy_extensions = none',
    '[policy_any]',
    'organizationName = optional',
    'commonName = supplied',
    '[req]',
    'distinguished_name = req_dn',
    'prompt = no',
    '[req_dn]',
    'CN = placeholder',
    '[exts]',
    extensionSection(req.ext),
    '',
  ].join('\n');
  const configPath = join(work, 'openssl.cnf');
  await writeFile(configPath, config);
  const csrPath = join(work, 'req.csr');
  const certPath = join(dir, `${req.name}.cert.pem`);
  await openssl(['req', '-new', '-config', configPath, '-key', req.key.path, '-subj', `/O=${ORG}/CN=${req.commonName}`, '-out', csrPath], work);
  const signer = req.issuer ? ['-cert', req.issuer.cert.certPath, '-keyfile', req.issuer.key.path] : ['-selfsign', '-keyfile', req.key.path];
  const issuerType = req.issuer ? req.issuer.key.type : req.key.type;
  await openssl(
    [
      'ca', '-batch', '-notext', '-preserveDN', '-config', configPath, '-extensions', 'exts',
      '-md', mdFor(issuerType, req.md),
      '-startdate', caDate(req.notBefore), '-enddate', caDate(req.notAfter),
      ...signer, '-in', csrPath, '-out', certPath,
    ],
    work,
  );
  const certPem = await readFile(certPath, 'utf8');
  const x509 = new X509Certificate(certPem);
  return {
    name: req.name,
    keyType: req.key.type,
    keyPem: req.key.pem,
    certPem,
    certDer: new Uint8Array(x509.raw),
    keyPath: req.key.path,
    certPath,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
  };
}

// ---------------------------------------------------------------------------------------------
// DER and PEM

export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every PEM block of `label` in `text`, decoded. */
export function pemToDers(text: string, label = 'CERTIFICATE'): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
}

/** Reads one DER header at `offset`: where the contents start and how long they are. */
function derHeader(der: Uint8Array, offset: number): { tag: number; start: number; length: number } {
  const tag = der[offset];
  const first = der[offset + 1];
  if (tag === undefined || first === undefined) throw new Error('truncated DER');
  if (first < 0x80) return { tag, start: offset + 2, length: first };
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (der[offset + 2 + i] ?? 0);
  return { tag, start: offset + 2 + count, length };
}

/**
 * Flips the last byte of the certificate's signature (the third element of the outer SEQUENCE,
 * a BIT STRING). The last byte keeps the signature well-formed — for ECDSA it lies inside the
 * INTEGER `s` — so a verifier fails on the signature check itself, not on parsing.
 */
export function corruptSignature(certDer: Uint8Array): Uint8Array {
  const out = Uint8Array.from(certDer);
  const outer = derHeader(out, 0);
  let offset = outer.start;
  for (let i = 0; i < 2; i++) {
    const h = derHeader(out, offset);
    offset = h.start + h.length;
  }
  const sig = derHeader(out, offset);
  if (sig.tag !== 0x03 || sig.start + sig.length !== out.length) throw new Error('certificate signature is not the final BIT STRING');
  const last = out.length - 1;
  out[last] = (out[last] ?? 0) ^ 0x01;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The PKI

function leafKeyUsage(type: KeyType): string[] {
  // keyEncipherment only means something for RSA (TLS 1.2 RSA key exchange).
  return type === 'rsa2048' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
}

async function writeLeaf(
  dir: string,
  cert: CertEntry,
  intermediates: CertEntry[],
  sans: string[],
  expectedFailure?: ExpectedFailure,
): Promise<LeafEntry> {
  const chainPem = [cert.certPem, ...intermediates.map((c) => c.certPem)].join('');
  const chainPath = join(dir, `${cert.name}.chain.pem`);
  await writeFile(chainPath, chainPem);
  const leaf: LeafEntry = {
    ...cert,
    chainPem,
    chainDer: [cert.certDer, ...intermediates.map((c) => c.certDer)],
    chainPath,
    sans,
  };
  if (expectedFailure) leaf.expectedFailure = expectedFailure;
  return leaf;
}

async function buildPki(dir: string, options: Required<PkiOptions>): Promise<Pki> {
  const now = Date.now();
  const valid = { notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) };
  const caValid = { notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 3650 * DAY) };

  // Keys first, all at once. The bad leaves reuse the P-256 leaf key: what is wrong with them is
  // in the certificate, never in the key. The extra CAs get their own P-256 keys so that nothing
  // chains to the trusted root by accident.
  const [rootKey, interKey, rsaKey, p256Key, p384Key, edKey, pssKey, untrustedKey, nonCaKey, ncKey] = await Promise.all([
    generateKey(dir, 'root', options.rootKey),
    generateKey(dir, 'intermediate', options.intermediateKey),
    generateKey(dir, 'leaf-rsa2048', 'rsa2048'),
    generateKey(dir, 'leaf-ecdsa-p256', 'ecdsa-p256'),
    generateKey(dir, 'leaf-ecdsa-p384', 'ecdsa-p384'),
    generateKey(dir, 'leaf-ed25519', 'ed25519'),
    generateKey(dir, 'leaf-rsa-pss', 'rsa-pss'),
    generateKey(dir, 'untrusted-root', 'ecdsa-p256'),
    generateKey(dir, 'non-ca-intermediate', 'ecdsa-p256'),
    generateKey(dir, 'constrained-intermediate', 'ecdsa-p256'),
  ]);

  const rootExt: Extensions = { ca: true, keyUsage: ['keyCertSign', 'cRLSign'], akid: false };
  const [root, untrustedRoot] = await Promise.all([
    issue(dir, { name: 'root', key: rootKey, commonName: 'tls-requests Test Root CA', ext: rootExt, ...caValid }),
    issue(dir, { name: 'untrusted-root', key: untrustedKey, commonName: 'tls-requests Untrusted Root CA', ext: rootExt, ...caValid }),
  ]);

  const byRoot = { cert: root, key: rootKey };
  const interExt: Extensions = { ca: true, pathlen: 0, keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'], akid: true };
  const [intermediate, nonCaIntermediate, constrainedIntermediate] = await Promise.all([
    issue(dir, { name: 'intermediate', key: interKey, commonName: 'tls-requests Test Intermediate CA', ext: interExt, issuer: byRoot, ...caValid }),
    // CA:FALSE is the only thing wrong with this issuer (its keyUsage does allow keyCertSign), so
    // a verifier that checks keyUsage but not basicConstraints — the classic attack of signing
    // with an end-entity certificate — still accepts the leaf below, and the test catches it.
    issue(dir, {
      name: 'non-ca-intermediate',
      key: nonCaKey,
      commonName: 'not-a-ca.example',
      ext: { ca: false, keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'], akid: true },
      issuer: byRoot,
      ...caValid,
    }),
    issue(dir, {
      name: 'constrained-intermediate',
      key: ncKey,
      commonName: 'tls-requests Constrained Intermediate CA',
      ext: { ...interExt, nameConstraints: 'critical,permitted;DNS:allowed.example' },
      issuer: byRoot,
      ...caValid,
    }),
  ]);

  const byInter = { cert: intermediate, key: interKey };
  const serverLeaf = (key: KeyFile, sans = LOCALHOST_SANS, eku = ['serverAuth']): Extensions => ({
    ca: false,
    keyUsage: leafKeyUsage(key.type),
    eku,
    sans,
    akid: true,
  });
  const leafCert = (name: string, key: KeyFile, extra: Partial<IssueRequest> = {}): Promise<CertEntry> =>
    issue(dir, { name, key, commonName: 'localhost', ext: serverLeaf(key), issuer: byInter, ...valid, ...extra });

  const [rsa, p256, p384, ed, pss, expired, notYet, wrongHost, selfSigned, unknownCa, nonCaIssued, clientAuth, sha1, ncLeaf] = await Promise.all([
    leafCert('leaf-rsa2048', rsaKey),
    leafCert('leaf-ecdsa-p256', p256Key),
    leafCert('leaf-ecdsa-p384', p384Key),
    leafCert('leaf-ed25519', edKey),
    leafCert('leaf-rsa-pss', pssKey),
    leafCert('leaf-expired', p256Key, { notBefore: new Date(now - 60 * DAY), notAfter: new Date(now - 30 * DAY) }),
    leafCert('leaf-not-yet-valid', p256Key, { notBefore: new Date(now + 30 * DAY), notAfter: new Date(now + 60 * DAY) }),
    leafCert('leaf-wrong-host', p256Key, { commonName: 'other.example', ext: serverLeaf(p256Key, ['DNS:other.example']) }),
    leafCert('leaf-self-signed', p256Key, { issuer: undefined }),
    leafCert('leaf-unknown-ca', p256Key, { issuer: { cert: untrustedRoot, key: untrustedKey } }),
    leafCert('leaf-non-ca-issuer', p256Key, { issuer: { cert: nonCaIntermediate, key: nonCaKey } }),
    leafCert('leaf-client-auth-only', p256Key, { ext: serverLeaf(p256Key, LOCALHOST_SANS, ['clientAuth']) }),
    leafCert('leaf-sha1', p256Key, { md: 'sha1' }),
    leafCert('leaf-name-constraints', p256Key, { issuer: { cert: constrainedIntermediate, key: ncKey } }),
  ]);

  // The corrupted leaf is the good P-256 leaf with one signature bit flipped.
  const badDer = corruptSignature(p256.certDer);
  const badSig: CertEntry = { ...p256, name: 'leaf-bad-signature', certDer: badDer, certPem: derToPem(badDer), certPath: join(dir, 'leaf-bad-signature.cert.pem') };
  await writeFile(badSig.certPath, badSig.certPem);
  // Sending only the leaf: the same certificate as the good P-256 leaf, under another name.
  const alone: CertEntry = { ...p256, name: 'leaf-missing-intermediate' };

  const L = LOCALHOST_SANS;
  const leaves: Record<LeafName, LeafEntry> = {
    rsa2048: await writeLeaf(dir, rsa, [intermediate], L),
    ecdsaP256: await writeLeaf(dir, p256, [intermediate], L),
    ecdsaP384: await writeLeaf(dir, p384, [intermediate], L),
    ed25519: await writeLeaf(dir, ed, [intermediate], L),
    rsaPss: await writeLeaf(dir, pss, [intermediate], L),
    expired: await writeLeaf(dir, expired, [intermediate], L, 'expired'),
    notYetValid: await writeLeaf(dir, notYet, [intermediate], L, 'not-yet-valid'),
    wrongHost: await writeLeaf(dir, wrongHost, [intermediate], ['DNS:other.example'], 'hostname-mismatch'),
    selfSigned: await writeLeaf(dir, selfSigned, [], L, 'self-signed'),
    // The server sends the unknown root too, as misconfigured servers do: the chain is complete
    // and correctly signed, it just ends in a root nobody trusts.
    unknownCa: await writeLeaf(dir, unknownCa, [untrustedRoot], L, 'unknown-ca'),
    missingIntermediate: await writeLeaf(dir, alone, [], L, 'missing-intermediate'),
    nonCaIssuer: await writeLeaf(dir, nonCaIssued, [nonCaIntermediate], L, 'issuer-not-ca'),
    clientAuthOnly: await writeLeaf(dir, clientAuth, [intermediate], L, 'bad-eku'),
    sha1Signature: await writeLeaf(dir, sha1, [intermediate], L, 'weak-signature'),
    badSignature: await writeLeaf(dir, badSig, [intermediate], L, 'bad-signature'),
    nameConstraints: await writeLeaf(dir, ncLeaf, [constrainedIntermediate], L, 'name-constraints'),
  };
  const all = Object.values(leaves);
  return {
    dir,
    root,
    intermediate,
    ca: root.certPem,
    caDer: root.certDer,
    caPath: root.certPath,
    untrustedRoot,
    nonCaIntermediate,
    constrainedIntermediate,
    leaves,
    good: all.filter((l) => !l.expectedFailure),
    bad: all.filter((l) => l.expectedFailure),
  };
}

// ---------------------------------------------------------------------------------------------
// Caching

const PREFIX = 'tls-requests-pki-';

function processDir(): string {
  return join(tmpdir(), `${PREFIX}${process.pid}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the directories of processes that died without cleaning up (SIGKILL, crash). */
export function removeStalePkiDirs(): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(PREFIX)) continue;
    const pid = Number(entry.slice(PREFIX.length));
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

// Kept on globalThis: vitest may evaluate this module more than once in one process, and the
// cache and exit hook must be shared by all of those copies.
interface PkiGlobal {
  promises: Map<string, Promise<Pki>>;
  hooked: boolean;
}
const GLOBAL_KEY = Symbol.for('tls-requests.test.pki');
function pkiGlobal(): PkiGlobal {
  const holder = globalThis as unknown as Record<symbol, PkiGlobal | undefined>;
  let state = holder[GLOBAL_KEY];
  if (!state) {
    state = { promises: new Map(), hooked: false };
    holder[GLOBAL_KEY] = state;
  }
  return state;
}

interface StoredPki extends Omit<Pki, 'caDer' | 'root' | 'intermediate' | 'untrustedRoot' | 'nonCaIntermediate' | 'constrainedIntermediate' | 'leaves' | 'good' | 'bad'> {
  root: StoredEntry;
  intermediate: StoredEntry;
  untrustedRoot: StoredEntry;
  nonCaIntermediate: StoredEntry;
  constrainedIntermediate: StoredEntry;
  leaves: Record<LeafName, StoredLeaf>;
}
type StoredEntry = Omit<CertEntry, 'certDer' | 'notBefore' | 'notAfter'> & { notBefore: string; notAfter: string };
type StoredLeaf = StoredEntry & Omit<LeafEntry, keyof CertEntry | 'chainDer'>;

function storeEntry(e: CertEntry): StoredEntry {
  const { certDer: _der, notBefore, notAfter, ...rest } = e;
  return { ...rest, notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString() };
}
function loadEntry(e: StoredEntry): CertEntry {
  const der = pemToDers(e.certPem)[0];
  if (!der) throw new Error(`cached PKI entry ${e.name} has no certificate`);
  return { ...e, certDer: der, notBefore: new Date(e.notBefore), notAfter: new Date(e.notAfter) };
}

function serialize(pki: Pki): string {
  const leaves = Object.fromEntries(
    Object.entries(pki.leaves).map(([name, leaf]) => {
      const { chainDer: _chain, certDer: _der, notBefore: _from, notAfter: _to, ...rest } = leaf;
      const stored: StoredLeaf = { ...rest, ...storeEntry(leaf) };
      return [name, stored];
    }),
  ) as Record<LeafName, StoredLeaf>;
  const stored: StoredPki = {
    dir: pki.dir,
    ca: pki.ca,
    caPath: pki.caPath,
    root: storeEntry(pki.root),
    intermediate: storeEntry(pki.intermediate),
    untrustedRoot: storeEntry(pki.untrustedRoot),
    nonCaIntermediate: storeEntry(pki.nonCaIntermediate),
    constrainedIntermediate: storeEntry(pki.constrainedIntermediate),
    leaves,
  };
  return JSON.stringify(stored);
}

function deserialize(text: string): Pki {
  const s = JSON.parse(text) as StoredPki;
  const leaves = Object.fromEntries(
    Object.entries(s.leaves).map(([name, leaf]) => [name, { ...leaf, ...loadEntry(leaf), chainDer: pemToDers(leaf.chainPem) }]),
  ) as Record<LeafName, LeafEntry>;
  const all = Object.values(leaves);
  const root = loadEntry(s.root);
  return {
    dir: s.dir,
    root,
    intermediate: loadEntry(s.intermediate),
    ca: s.ca,
    caDer: root.certDer,
    caPath: s.caPath,
    untrustedRoot: loadEntry(s.untrustedRoot),
    nonCaIntermediate: loadEntry(s.nonCaIntermediate),
    constrainedIntermediate: loadEntry(s.constrainedIntermediate),
    leaves,
    good: all.filter((l) => !l.expectedFailure),
    bad: all.filter((l) => l.expectedFailure),
  };
}

/**
 * The test PKI for this process: generated on first call (about half a second), then served from
 * memory, or from disk for another copy of this module in the same process.
 */
export function makePki(options: PkiOptions = {}): Promise<Pki> {
  const resolved: Required<PkiOptions> = { rootKey: options.rootKey ?? 'rsa2048', intermediateKey: options.intermediateKey ?? 'ecdsa-p256' };
  const key = `${resolved.rootKey}_${resolved.intermediateKey}`;
  const state = pkiGlobal();
  let promise = state.promises.get(key);
  if (!promise) {
    promise = loadOrBuild(join(processDir(), key), resolved);
    state.promises.set(key, promise);
    // A failed build must not poison the cache for later callers.
    promise.catch(() => state.promises.delete(key));
  }
  return promise;
}

async function loadOrBuild(dir: string, options: Required<PkiOptions>): Promise<Pki> {
  const state = pkiGlobal();
  if (!state.hooked) {
    state.hooked = true;
    removeStalePkiDirs();
    const base = processDir();
    const cleanup = (): void => rmSync(base, { recursive: true, force: true });
    process.once('exit', cleanup);
    // Vitest ends its fork workers with SIGTERM, which skips 'exit' hooks: clean up, then die of
    // the same signal (with this listener gone, its default action applies again).
    process.once('SIGTERM', () => {
      cleanup();
      process.kill(process.pid, 'SIGTERM');
    });
  }
  const done = join(dir, 'pki.json');
  if (existsSync(done)) return deserialize(readFileSync(done, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pki = await buildPki(dir, options);
  writeFileSync(done, serialize(pki));
  return pki;
}

/**
 * Mints one more leaf under `pki` (for a test that needs other names, dates or usages). The
 * result is not cached: call it once per test file, in `beforeAll`.
 */
export async function issueLeaf(pki: Pki, spec: LeafSpec): Promise<LeafEntry> {
  const keyType = spec.keyType ?? 'ecdsa-p256';
  const dir = join(pki.dir, 'custom');
  await mkdir(dir, { recursive: true });
  const safe = spec.name.replace(/[^A-Za-z0-9._-]/g, '_');
  const key = await generateKey(dir, safe, keyType);
  const issuerEntry = spec.issuer === 'root' ? pki.root : pki.intermediate;
  const issuerKey: KeyFile = { type: issuerEntry.keyType, path: issuerEntry.keyPath, pem: issuerEntry.keyPem };
  const sans = spec.sans ?? LOCALHOST_SANS;
  const firstDns = sans.find((s) => s.startsWith('DNS:'))?.slice(4);
  const now = Date.now();
  const cert = await issue(dir, {
    name: safe,
    key,
    commonName: firstDns ?? 'localhost',
    ext: { ca: false, keyUsage: spec.keyUsage ?? leafKeyUsage(keyType), eku: spec.eku ?? ['serverAuth'], sans, akid: true },
    issuer: { cert: issuerEntry, key: issuerKey },
    notBefore: spec.notBefore ?? new Date(now - DAY),
    notAfter: spec.notAfter ?? new Date(now + 365 * DAY),
    md: spec.md,
  });
  return writeLeaf(dir, cert, spec.issuer === 'root' ? [] : [pki.intermediate], sans);
}

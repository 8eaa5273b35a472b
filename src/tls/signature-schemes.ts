import type { PublicKey, SignatureAlgorithm } from './crypto/provider.js';

/** TLS SignatureScheme codepoints (RFC 8446 §4.2.3, RFC 9881 for ML-DSA). */
export const SignatureScheme = {
  rsa_pkcs1_sha1: 0x0201,
  ecdsa_sha1: 0x0203,
  rsa_pkcs1_sha256: 0x0401,
  rsa_pkcs1_sha384: 0x0501,
  rsa_pkcs1_sha512: 0x0601,
  ecdsa_secp256r1_sha256: 0x0403,
  ecdsa_secp384r1_sha384: 0x0503,
  ecdsa_secp521r1_sha512: 0x0603,
  rsa_pss_rsae_sha256: 0x0804,
  rsa_pss_rsae_sha384: 0x0805,
  rsa_pss_rsae_sha512: 0x0806,
  ed25519: 0x0807,
  ed448: 0x0808,
  rsa_pss_pss_sha256: 0x0809,
  rsa_pss_pss_sha384: 0x080a,
  rsa_pss_pss_sha512: 0x080b,
  mldsa44: 0x0904,
  mldsa65: 0x0905,
  mldsa87: 0x0906,
} as const;

interface SchemeInfo {
  algorithm: SignatureAlgorithm;
  /** Which key kinds may make this signature. */
  keyKinds: PublicKey['kind'][];
  /** For ECDSA in TLS 1.3 the curve is fixed by the scheme. */
  curve?: 'P-256' | 'P-384' | 'P-521';
}

const S = SignatureScheme;
const schemes = new Map<number, SchemeInfo>([
  [S.rsa_pkcs1_sha1, { algorithm: { kind: 'rsa-pkcs1', hash: 'sha1' }, keyKinds: ['rsa'] }],
  [S.rsa_pkcs1_sha256, { algorithm: { kind: 'rsa-pkcs1', hash: 'sha256' }, keyKinds: ['rsa'] }],
  [S.rsa_pkcs1_sha384, { algorithm: { kind: 'rsa-pkcs1', hash: 'sha384' }, keyKinds: ['rsa'] }],
  [S.rsa_pkcs1_sha512, { algorithm: { kind: 'rsa-pkcs1', hash: 'sha512' }, keyKinds: ['rsa'] }],
  [S.ecdsa_sha1, { algorithm: { kind: 'ecdsa', hash: 'sha1' }, keyKinds: ['ec'] }],
  [S.ecdsa_secp256r1_sha256, { algorithm: { kind: 'ecdsa', hash: 'sha256' }, keyKinds: ['ec'], curve: 'P-256' }],
  [S.ecdsa_secp384r1_sha384, { algorithm: { kind: 'ecdsa', hash: 'sha384' }, keyKinds: ['ec'], curve: 'P-384' }],
  [S.ecdsa_secp521r1_sha512, { algorithm: { kind: 'ecdsa', hash: 'sha512' }, keyKinds: ['ec'], curve: 'P-521' }],
  [S.rsa_pss_rsae_sha256, { algorithm: { kind: 'rsa-pss', hash: 'sha256', saltLength: 32 }, keyKinds: ['rsa'] }],
  [S.rsa_pss_rsae_sha384, { algorithm: { kind: 'rsa-pss', hash: 'sha384', saltLength: 48 }, keyKinds: ['rsa'] }],
  [S.rsa_pss_rsae_sha512, { algorithm: { kind: 'rsa-pss', hash: 'sha512', saltLength: 64 }, keyKinds: ['rsa'] }],
  [S.rsa_pss_pss_sha256, { algorithm: { kind: 'rsa-pss', hash: 'sha256', saltLength: 32 }, keyKinds: ['rsa-pss'] }],
  [S.rsa_pss_pss_sha384, { algorithm: { kind: 'rsa-pss', hash: 'sha384', saltLength: 48 }, keyKinds: ['rsa-pss'] }],
  [S.rsa_pss_pss_sha512, { algorithm: { kind: 'rsa-pss', hash: 'sha512', saltLength: 64 }, keyKinds: ['rsa-pss'] }],
  [S.ed25519, { algorithm: { kind: 'ed25519' }, keyKinds: ['ed25519'] }],
  [S.ed448, { algorithm: { kind: 'ed448' }, keyKinds: ['ed448'] }],
  [S.mldsa44, { algorithm: { kind: 'ml-dsa', level: 44 }, keyKinds: ['ml-dsa'] }],
  [S.mldsa65, { algorithm: { kind: 'ml-dsa', level: 65 }, keyKinds: ['ml-dsa'] }],
  [S.mldsa87, { algorithm: { kind: 'ml-dsa', level: 87 }, keyKinds: ['ml-dsa'] }],
]);

export function signatureScheme(code: number): SchemeInfo | undefined {
  return schemes.get(code);
}

/** Whether `key` may make a signature with `scheme` in TLS 1.3 (curve bound to scheme, no PKCS#1). */
export function schemeFitsKey(code: number, key: PublicKey, tls13: boolean): boolean {
  const info = schemes.get(code);
  if (!info || !info.keyKinds.includes(key.kind)) return false;
  if (tls13 && (info.algorithm.kind === 'rsa-pkcs1' || code === S.ecdsa_sha1)) return false;
  if (key.kind === 'ec' && tls13 && info.curve && info.curve !== key.curve) return false;
  if (key.kind === 'ml-dsa' && info.algorithm.kind === 'ml-dsa' && info.algorithm.level !== key.level) return false;
  return true;
}

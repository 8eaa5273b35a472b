import { fatal } from '../alerts.js';
import { ByteReader } from '../wire/reader.js';

/** ECParameters.curve_type named_curve (RFC 8422 §5.4); explicit curves are long gone. */
const NAMED_CURVE = 3;

/** The server's signature over the key-exchange parameters (TLS 1.2 digitally-signed, RFC 5246 §4.7). */
export interface SignedParams {
  /** The parameters exactly as sent: the signed content is client_random + server_random + params. */
  params: Uint8Array;
  scheme: number;
  signature: Uint8Array;
}

export interface EcdheParams extends SignedParams {
  kind: 'ecdhe';
  group: number;
  /** The server's ephemeral public key (ECPoint, or a Montgomery u-coordinate for X25519). */
  point: Uint8Array;
}

export interface DheParams extends SignedParams {
  kind: 'dhe';
  p: Uint8Array;
  g: Uint8Array;
  ys: Uint8Array;
}

function readSignature(r: ByteReader): { scheme: number; signature: Uint8Array } {
  const scheme = r.u16('signature algorithm');
  const signature = r.vec(2, 'signature', 1);
  r.end();
  return { scheme, signature };
}

/** ServerKeyExchange for ECDHE suites (RFC 8422 §5.4): named curve, point, signature. */
export function parseEcdheServerKeyExchange(body: Uint8Array): EcdheParams {
  const r = new ByteReader(body, 'ServerKeyExchange');
  const curveType = r.u8('curve_type');
  if (curveType !== NAMED_CURVE) throw fatal('illegal_parameter', `ServerKeyExchange curve_type ${curveType} (only named_curve is allowed)`);
  const group = r.u16('named_curve');
  const point = r.vec(1, 'public', 1);
  const params = body.subarray(0, r.position);
  return { kind: 'ecdhe', params, group, point, ...readSignature(r) };
}

/**
 * The largest DHE prime we take from a server, checked as the message is parsed, before its
 * signature and long before any modular exponentiation: OpenSSL's OPENSSL_DH_MAX_MODULUS_BITS
 * (include/openssl/dh.h; DH_R_MODULUS_TOO_LARGE). The cost of a modPow grows with the cube of the
 * size, so a server that signs a 524,272-bit p would otherwise hold the thread for tens of seconds.
 */
export const MAX_DHE_BITS = 10_000;

/** ServerKeyExchange for DHE suites (RFC 5246 §7.4.3): p, g, Ys, signature. */
export function parseDheServerKeyExchange(body: Uint8Array): DheParams {
  const r = new ByteReader(body, 'ServerKeyExchange');
  const p = r.vec(2, 'dh_p', 1);
  const bits = significantBits(p);
  if (bits > MAX_DHE_BITS) throw fatal('illegal_parameter', `DHE prime of ${bits} bits (at most ${MAX_DHE_BITS}, as OpenSSL)`);
  const g = r.vec(2, 'dh_g', 1);
  const ys = r.vec(2, 'dh_Ys', 1);
  const params = body.subarray(0, r.position);
  return { kind: 'dhe', params, p, g, ys, ...readSignature(r) };
}

function significantBits(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return i === bytes.length ? 0 : (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

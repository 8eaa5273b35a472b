import { fatal } from './alerts.js';
import type { KeyExchange } from '../vocabulary/cipher-suites.js';
import { createDhKeyShare } from './crypto/ffdhe.js';
import { Group, type PublicKey } from './crypto/provider.js';
import { bitLength, bytesToBigInt } from './crypto/rsa.js';
import type { HandshakeStart } from './handshake-types.js';
import { freshKeyShare } from './key-share-pool.js';
import { GREASE } from '../vocabulary/hello-spec.js';
import { type DheParams, type EcdheParams, type SignedParams } from './messages/server-key-exchange.js';
import { verifyHandshakeSignature } from './server-auth.js';
import { ByteWriter, concatBytes } from './wire/writer.js';

/** Our half of the key exchange: the premaster secret and the ClientKeyExchange body. */
export interface ClientKeyExchange12 {
  preMaster: Uint8Array;
  body: Uint8Array;
  group?: number;
}

/** Groups usable for TLS 1.2 ECDHE (RFC 8422, RFC 7748); hybrids and FFDHE belong to TLS 1.3. */
const ECDHE_GROUPS = new Set<number>([Group.secp256r1, Group.secp384r1, Group.secp521r1, Group.x25519, Group.x448]);

/** DHE primes below this are refused (Logjam; browsers that kept DHE required at least 1024, then dropped it). */
const MIN_DHE_BITS = 2048;

/**
 * The suite names how the server authenticates; its certificate key must be able to do that
 * (RFC 5246 §7.4.2, RFC 8422 §5.3: ECDSA suites take ECDSA or EdDSA keys).
 */
export function checkCertificateKey(kex: KeyExchange, key: PublicKey): void {
  const fits =
    kex === 'ecdhe-ecdsa'
      ? key.kind === 'ec' || key.kind === 'ed25519' || key.kind === 'ed448'
      : kex === 'rsa'
        ? key.kind === 'rsa'
        : key.kind === 'rsa' || key.kind === 'rsa-pss';
  if (!fits) throw fatal('illegal_parameter', `a ${kex} cipher suite with a ${key.kind} certificate key`);
}

/**
 * The ServerKeyExchange signature: over client_random + server_random + params, with a scheme
 * we offered in signature_algorithms (RFC 5246 §7.4.3, §7.4.1.4.1).
 */
export function verifyServerKeyExchange(start: HandshakeStart, leaf: PublicKey, signed: SignedParams): void {
  if (!start.offeredSchemes.includes(signed.scheme)) {
    throw fatal('illegal_parameter', `ServerKeyExchange signed with scheme 0x${signed.scheme.toString(16)} that we did not offer`);
  }
  const content = concatBytes(start.ctx.random, start.serverHello.random, signed.params);
  verifyHandshakeSignature(start.config, leaf, signed.scheme, content, signed.signature, false);
}

/** ECDHE (RFC 8422 §5.4, §5.7): a fresh key on the server's curve, which must be one we offered. */
export function ecdheKeyExchange(start: HandshakeStart, params: EcdheParams): ClientKeyExchange12 {
  const { config } = start;
  const offeredGroups = config.spec.extensions.find((e) => e.type === 'supported_groups');
  const offered = offeredGroups?.type === 'supported_groups' && offeredGroups.groups.some((g) => g !== GREASE && g === params.group);
  if (!offered || !ECDHE_GROUPS.has(params.group) || !config.provider.supportsGroup(params.group)) {
    throw fatal('illegal_parameter', `ServerKeyExchange uses group 0x${params.group.toString(16)} that we did not offer for ECDHE`);
  }
  // Never the TLS 1.3 key share from the ClientHello: each exchange gets its own key.
  const share = freshKeyShare(config.provider, config.random, params.group);
  // The provider refuses off-curve, compressed and low-order points with illegal_parameter.
  const preMaster = share.deriveSecret(params.point);
  const w = new ByteWriter(share.publicKey.length + 1);
  w.vector(1, () => w.bytes(share.publicKey, 'ecdh_Yc'), 'ClientECDiffieHellmanPublic');
  return { preMaster, body: w.finish(), group: params.group };
}

/** DHE (RFC 5246 §8.1.2): the server's own group; the premaster loses its leading zero bytes. */
export function dheKeyExchange(start: HandshakeStart, params: DheParams): ClientKeyExchange12 {
  const p = bytesToBigInt(params.p);
  const g = bytesToBigInt(params.g);
  if (bitLength(p) < MIN_DHE_BITS) throw fatal('insufficient_security', `DHE prime of ${bitLength(p)} bits`);
  if ((p & 1n) === 0n || g <= 1n || g >= p - 1n) throw fatal('illegal_parameter', 'DHE parameters out of range');
  const length = Math.ceil(bitLength(p) / 8);
  const ys = bytesToBigInt(params.ys);
  if (ys >= p) throw fatal('illegal_parameter', 'DHE public value out of range');
  const share = createDhKeyShare(0, p, g, start.config.random);
  const padded = new Uint8Array(length);
  const ysBytes = params.ys.subarray(params.ys.length - Math.min(params.ys.length, length));
  padded.set(ysBytes, length - ysBytes.length);
  const secret = share.deriveSecret(padded);
  let first = 0;
  while (first < secret.length - 1 && secret[first] === 0) first++;
  const w = new ByteWriter(length + 2);
  w.vector(2, () => w.bytes(share.publicKey, 'dh_Yc'), 'ClientDiffieHellmanPublic');
  return { preMaster: secret.slice(first), body: w.finish() };
}

/**
 * RSA key exchange (RFC 5246 §7.4.7.1): premaster = client_version + 46 random bytes, encrypted
 * to the certificate's key with PKCS #1 v1.5.
 */
export function rsaKeyExchange(start: HandshakeStart, leaf: PublicKey): ClientKeyExchange12 {
  if (leaf.kind !== 'rsa') throw fatal('illegal_parameter', `RSA key exchange with a ${leaf.kind} certificate key`);
  const { config } = start;
  const version = config.spec.legacyVersion;
  const preMaster = concatBytes(Uint8Array.of(version >> 8, version & 0xff), config.random.bytes(46));
  const encrypted = config.provider.rsaEncryptPkcs1(leaf, preMaster, config.random);
  const w = new ByteWriter(encrypted.length + 2);
  w.vector(2, () => w.bytes(encrypted, 'EncryptedPreMasterSecret'), 'EncryptedPreMasterSecret');
  return { preMaster, body: w.finish() };
}

/**
 * The key shares of one ClientHello, by group, as the browser composes them.
 *
 * Every share is a fresh key, except where the spec's key_share says `reuseEcdhKey` (NSS): then a
 * hybrid share and the share of its classical group carry one ECDH key pair. NSS
 * lib/ssl/tls13con.c tls13_CreateKeyShare: for a hybrid group (ssl_kea_ecdh_hybrid) it copies the
 * ECDH pair already made for the classical group (ssl_LookupEphemeralKeyPair +
 * ssl_CopyEphemeralKeyPair); for a classical group (ssl_kea_ecdh) it copies the ECDH half of a
 * hybrid pair already made (tls13_FindHybridKeyPair + tls13_CopyECDHKeyFromHybrid). Pairs:
 * X25519MLKEM768 and X25519Kyber768Draft00 with x25519, SecP256r1MLKEM768 with P-256. So Firefox's
 * x25519 share equals the last 32 bytes of its X25519MLKEM768 share (shared/captures firefox-153-*).
 * BoringSSL (Chrome) makes each share on its own (ssl/ssl_key_share.cc: every SSLKeyShare's
 * Generate draws a new key; X25519MLKEM768KeyShare holds its own X25519 private key).
 *
 * The composition works on the provider's shares as they are: both shares are drawn in spec order,
 * as without reuse (seeded replays keep their draw order), and the hybrid's classical half is then
 * replaced by the classical share: its public bytes on the wire, its key in the derivation.
 */
import { Group, type KeyShare } from '../crypto/provider.js';
import { concatBytes as concat } from '../wire/writer.js';
import { GREASE, type ClientHelloSpec } from '../../vocabulary/hello-spec.js';

interface HybridLayout {
  /** The classical group whose key the hybrid carries. */
  classical: number;
  /** The classical part comes first in the shares and the secret (SecP256r1MLKEM768, the Kyber draft), or last (X25519MLKEM768). */
  classicalFirst: boolean;
}

/** draft-ietf-tls-ecdhe-mlkem §3 and draft-tls-westerbaan-xyber768d00: the hybrid groups' concatenation orders. */
const HYBRIDS: ReadonlyMap<number, HybridLayout> = new Map([
  [Group.x25519mlkem768, { classical: Group.x25519, classicalFirst: false }],
  [Group.secp256r1mlkem768, { classical: Group.secp256r1, classicalFirst: true }],
  [Group.x25519kyber768draft00, { classical: Group.x25519, classicalFirst: true }],
]);

/** Both halves of every hybrid secret here are 32 bytes (ML-KEM/Kyber shared secret, X25519 or P-256 x-coordinate). */
const SECRET_HALF = 32;

/** `hybrid` with its classical half replaced by `classical`'s key (public bytes and derivation). */
export function withClassicalKey(hybrid: KeyShare, classical: KeyShare): KeyShare {
  const layout = HYBRIDS.get(hybrid.group);
  if (!layout || layout.classical !== classical.group) throw new RangeError(`group 0x${hybrid.group.toString(16)} carries no 0x${classical.group.toString(16)} key`);
  const n = classical.publicKey.length;
  const ours = hybrid.publicKey;
  return {
    group: hybrid.group,
    publicKey: layout.classicalFirst ? concat(classical.publicKey, ours.subarray(n)) : concat(ours.subarray(0, ours.length - n), classical.publicKey),
    deriveSecret(peer) {
      // The hybrid derives (and checks) the whole peer share; only its post-quantum half is kept.
      const both = hybrid.deriveSecret(peer);
      if (layout.classicalFirst) return concat(classical.deriveSecret(peer.subarray(0, n)), both.subarray(SECRET_HALF));
      return concat(both.subarray(0, both.length - SECRET_HALF), classical.deriveSecret(peer.subarray(peer.length - n)));
    },
  };
}

/**
 * The shares for the spec's key_share groups (GREASE has none), each made by `fresh` in the
 * spec's order, then joined where the spec reuses ECDH keys (see the module comment).
 */
export function helloKeyShares(spec: ClientHelloSpec, fresh: (group: number) => KeyShare): Map<number, KeyShare> {
  const ext = spec.extensions.find((e) => e.type === 'key_share');
  const shares = new Map<number, KeyShare>();
  if (ext?.type !== 'key_share') return shares;
  for (const g of ext.groups) if (g !== GREASE && !shares.has(g)) shares.set(g, fresh(g));
  if (!ext.reuseEcdhKey) return shares;
  for (const [group, share] of shares) {
    const layout = HYBRIDS.get(group);
    const classical = layout && shares.get(layout.classical);
    if (classical) shares.set(group, withClassicalKey(share, classical));
  }
  return shares;
}

/**
 * True when a hello's shares show NSS's reuse: some hybrid share's classical half equals the share
 * of its classical group. (Two independent keys collide with negligible probability.)
 */
export function sharesReuseEcdhKey(shares: ReadonlyArray<{ group: number; key: Uint8Array }>): boolean {
  return shares.some((hybrid) => {
    const layout = HYBRIDS.get(hybrid.group);
    const classical = layout && shares.find((s) => s.group === layout.classical);
    if (!layout || !classical || classical.key.length === 0 || classical.key.length >= hybrid.key.length) return false;
    const n = classical.key.length;
    const half = layout.classicalFirst ? hybrid.key.subarray(0, n) : hybrid.key.subarray(hybrid.key.length - n);
    return half.every((b, i) => b === classical.key[i]);
  });
}

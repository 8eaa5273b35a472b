// Pre-generated key shares: each handed out once, replaced in idle turns, agreeing with the peer;
// never used when the randomness is injected (seeded replays stay byte-exact).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { nativeProvider } from '../../src/tls/crypto/native.js';
import { nobleProvider } from '../../src/tls/crypto/noble.js';
import { Group, type CryptoProvider } from '../../src/tls/crypto/provider.js';
import { freshKeyShare, readyKeyShares, refillKeyShares } from '../../src/tls/key-share-pool.js';
import { HandshakeRandom, handshakeRandom, isSystemRandom, seededRandom, systemRandom } from '../../src/tls/random.js';

async function settle(provider: CryptoProvider, group: number, count: number): Promise<void> {
  for (let i = 0; i < 50 && readyKeyShares(provider, group) < count; i++) await nextTurn();
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('key share pool', () => {
  // A provider object of its own, so this test's pool is not shared with other tests.
  const provider: CryptoProvider = { ...nativeProvider };

  it('refills after a handshake and never hands out a share twice', async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const a = freshKeyShare(provider, systemRandom, Group.x25519);
      const b = freshKeyShare(provider, new HandshakeRandom(), Group.x25519);
      for (const s of [a, b]) {
        expect(seen.has(hex(s.publicKey))).toBe(false);
        seen.add(hex(s.publicKey));
      }
      refillKeyShares(provider, systemRandom);
      await settle(provider, Group.x25519, 2);
      expect(readyKeyShares(provider, Group.x25519)).toBe(2);
    }
  });

  it('gives working shares: both sides derive the same secret', async () => {
    for (const group of [Group.x25519, Group.secp256r1, Group.x25519mlkem768]) {
      freshKeyShare(provider, systemRandom, group);
      refillKeyShares(provider, systemRandom);
      await settle(provider, group, 1);
      expect(readyKeyShares(provider, group)).toBeGreaterThan(0);
      const pooled = freshKeyShare(provider, systemRandom, group);
      if (group === Group.x25519mlkem768) {
        // The server's half: encapsulate to our ML-KEM key, X25519 with its own key.
        const { ml_kem768 } = await import('@noble/post-quantum/ml-kem.js');
        const { cipherText, sharedSecret } = ml_kem768.encapsulate(pooled.publicKey.subarray(0, 1184));
        const server = nobleProvider.generateKeyShare(Group.x25519, seededRandom('server'));
        const ours = pooled.deriveSecret(new Uint8Array([...cipherText, ...server.publicKey]));
        expect(hex(ours)).toBe(hex(sharedSecret) + hex(server.deriveSecret(pooled.publicKey.subarray(1184))));
      } else {
        const server = nobleProvider.generateKeyShare(group, seededRandom('server'));
        expect(hex(pooled.deriveSecret(server.publicKey))).toBe(hex(server.deriveSecret(pooled.publicKey)));
      }
    }
  });

  it('is bypassed for an injected source: the shares come from that source, in order', () => {
    const other: CryptoProvider = { ...nativeProvider };
    const a = freshKeyShare(other, seededRandom('replay'), Group.x25519);
    const b = nativeProvider.generateKeyShare(Group.x25519, seededRandom('replay'));
    expect(hex(a.publicKey)).toBe(hex(b.publicKey));
    refillKeyShares(other, seededRandom('replay'));
    expect(readyKeyShares(other, Group.x25519)).toBe(0);
  });
});

describe('handshake randomness', () => {
  it('buffers only the CSPRNG', () => {
    const seeded = seededRandom('x');
    expect(handshakeRandom(seeded)).toBe(seeded);
    expect(handshakeRandom(systemRandom)).toBeInstanceOf(HandshakeRandom);
    expect(isSystemRandom(handshakeRandom(systemRandom))).toBe(true);
    expect(isSystemRandom(seeded)).toBe(false);
  });

  it('hands out disjoint slices that a refill does not overwrite', () => {
    const r = new HandshakeRandom();
    const first = r.bytes(1000);
    const copy = first.slice();
    const draws = [r.bytes(32), r.bytes(2000), r.bytes(1)];
    expect(draws.map((d) => d.length)).toEqual([32, 2000, 1]);
    expect(first).toEqual(copy);
    expect(hex(draws[0]!)).not.toBe(hex(first.subarray(0, 32)));
  });
});

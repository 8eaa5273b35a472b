import { createHash, randomFillSync } from 'node:crypto';
import type { RandomSource } from './crypto/provider.js';

export type { RandomSource };

/** The operating system's CSPRNG: the production source. */
export const systemRandom: RandomSource = {
  bytes(n: number): Uint8Array {
    return randomFillSync(new Uint8Array(n));
  },
};

/** Bytes drawn from the CSPRNG at once for one handshake: about what a browser hello with ECH GREASE uses. */
const HANDSHAKE_RANDOM_BYTES = 1024;

/**
 * The CSPRNG read once per handshake: one `randomFillSync` into a buffer that the handshake's
 * many small draws (client random, session id, GREASE, permutation, ECH GREASE) slice from, where
 * each draw from `systemRandom` would cost a call into OpenSSL. A draw past the end refills a new
 * buffer, so a slice handed out is never overwritten.
 */
export class HandshakeRandom implements RandomSource {
  private pool = new Uint8Array(0);
  private offset = 0;

  bytes(n: number): Uint8Array {
    if (this.offset + n > this.pool.length) {
      this.pool = randomFillSync(new Uint8Array(Math.max(HANDSHAKE_RANDOM_BYTES, n)));
      this.offset = 0;
    }
    const out = this.pool.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

/** True when `random` is the CSPRNG (directly or buffered), not a seeded or injected source. */
export function isSystemRandom(random: RandomSource): boolean {
  return random === systemRandom || random instanceof HandshakeRandom;
}

/**
 * The source for one handshake: the CSPRNG buffered (see HandshakeRandom); an injected source is
 * used as it is, so a seeded replay draws exactly the same bytes in the same order.
 */
export function handshakeRandom(random: RandomSource): RandomSource {
  return random === systemRandom ? new HandshakeRandom() : random;
}

/**
 * A deterministic source for tests: a counter-mode stream over SHA-256 of the seed. Never use it
 * for real connections.
 */
export function seededRandom(seed: string | Uint8Array): RandomSource {
  let counter = 0;
  const seedBytes = typeof seed === 'string' ? new TextEncoder().encode(seed) : seed;
  return {
    bytes(n: number): Uint8Array {
      const out = new Uint8Array(n);
      let o = 0;
      while (o < n) {
        const block = createHash('sha256').update(seedBytes).update(String(counter++)).digest();
        const take = Math.min(block.length, n - o);
        out.set(block.subarray(0, take), o);
        o += take;
      }
      return out;
    },
  };
}

/** A uniformly random integer in [0, max), from `random`. */
export function randomInt(random: RandomSource, max: number): number {
  if (max <= 1) return 0;
  const limit = Math.floor(0x100000000 / max) * max;
  for (;;) {
    const b = random.bytes(4);
    const v = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (v < limit) return v % max;
  }
}

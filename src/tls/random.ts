import { createHash, randomFillSync } from 'node:crypto';
import type { RandomSource } from './crypto/provider.js';

export type { RandomSource };

/** The operating system's CSPRNG: the production source. */
export const systemRandom: RandomSource = {
  bytes(n: number): Uint8Array {
    return randomFillSync(new Uint8Array(n));
  },
};

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

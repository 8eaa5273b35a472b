/**
 * The bytes of /bytes and /stream-bytes: random, or with ?seed= the same for the same seed (as
 * httpbin promises; its Python generator's exact bytes are not reproduced, only the repeatability).
 */
import { randomBytes } from 'node:crypto';

/** mulberry32: small, fast, and plenty for repeatable test bytes (not for secrets). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A source of n-byte blocks: seeded when `seed` is an integer, else from the system CSPRNG. */
export function byteSource(seed: string | null): (n: number) => Uint8Array {
  if (seed === null || !/^-?\d+$/.test(seed)) return (n) => new Uint8Array(randomBytes(n));
  const next = seeded(Number(seed));
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = next() & 0xff;
    return out;
  };
}

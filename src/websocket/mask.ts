/**
 * RFC 6455 §5.3 masking: every octet XORed with the key's octet at `i mod 4`. A client masks
 * every frame with a fresh key from a strong source (§10.3: a predictable key lets a page poison
 * intermediary caches), so the key always comes from crypto.randomFillSync, a pool refilled as
 * needed rather than one syscall per frame.
 */
import { randomFillSync } from 'node:crypto';

/** Masks (or unmasks: XOR is its own inverse) `data` in place. */
export function applyMask(data: Uint8Array, key: Uint8Array): void {
  const a = key[0]!;
  const b = key[1]!;
  const c = key[2]!;
  const d = key[3]!;
  const length = data.length;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    data[i] = data[i]! ^ a;
    data[i + 1] = data[i + 1]! ^ b;
    data[i + 2] = data[i + 2]! ^ c;
    data[i + 3] = data[i + 3]! ^ d;
  }
  for (; i < length; i++) data[i] = data[i]! ^ key[i & 3]!;
}

const POOL_SIZE = 8 * 1024;
let pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** Four fresh random octets (a view into a pool: copy before the next call if you keep it). */
export function maskKey(): Uint8Array {
  if (poolOffset + 4 > POOL_SIZE) {
    pool = randomFillSync(new Uint8Array(POOL_SIZE));
    poolOffset = 0;
  }
  const key = pool.subarray(poolOffset, poolOffset + 4);
  poolOffset += 4;
  return key;
}

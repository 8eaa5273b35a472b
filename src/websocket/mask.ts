/**
 * RFC 6455 §5.3 masking: every octet XORed with the key's octet at `i mod 4`. A client masks
 * every frame with a fresh key from a strong source (§10.3: a predictable key lets a page poison
 * intermediary caches), so the key always comes from crypto.randomFillSync, a pool refilled as
 * needed rather than one syscall per frame.
 */
import { randomFillSync } from 'node:crypto';

/** Masks (or unmasks: XOR is its own inverse) `data` in place. */
export function applyMask(data: Uint8Array, key: Uint8Array, offset = 0): void {
  const k0 = key[0]!;
  const k1 = key[1]!;
  const k2 = key[2]!;
  const k3 = key[3]!;
  const length = data.length;
  let i = 0;
  // Rotate the key so position `offset` lines up with its octet 0 (frames masked in pieces).
  const keys = [k0, k1, k2, k3];
  const r = offset & 3;
  const a = keys[r]!;
  const b = keys[(r + 1) & 3]!;
  const c = keys[(r + 2) & 3]!;
  const d = keys[(r + 3) & 3]!;
  for (; i + 4 <= length; i += 4) {
    data[i] = data[i]! ^ a;
    data[i + 1] = data[i + 1]! ^ b;
    data[i + 2] = data[i + 2]! ^ c;
    data[i + 3] = data[i + 3]! ^ d;
  }
  const tail = [a, b, c, d];
  for (let j = 0; i < length; i++, j++) data[i] = data[i]! ^ tail[j]!;
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

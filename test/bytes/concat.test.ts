/** concatBytes (src/bytes): one new array owning its buffer, even for a single part. */
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/bytes/concat.js';

describe('concatBytes', () => {
  it('joins parts in order into an array that owns its buffer', () => {
    const backing = Uint8Array.from([0, 1, 2, 3, 4]);
    const out = concatBytes([backing.subarray(1, 3), new Uint8Array(0), Uint8Array.of(9)]);
    expect([...out]).toEqual([1, 2, 9]);
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(3);
  });

  it('copies a single part too', () => {
    const part = Uint8Array.of(7, 8);
    const out = concatBytes([part]);
    expect(out).not.toBe(part);
    expect([...out]).toEqual([7, 8]);
    expect(concatBytes([]).length).toBe(0);
  });
});

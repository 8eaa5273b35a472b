/**
 * ByteQueue (src/bytes): the reads every incremental reader makes, checked against a plain array
 * of bytes over random cuts, and the promise the hot paths rely on: a read inside one chunk is a
 * view of it, a copy happens only when a read spans chunks or asks for one.
 */
import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../../src/bytes/byte-queue.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** A small deterministic generator (xorshift32), so a failure replays. */
function generator(seed: number): (below: number) => number {
  let x = seed;
  return (below) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % below;
  };
}

describe('ByteQueue', () => {
  it('reads inside one chunk as views of it, and joins only across chunks', () => {
    const a = bytes(1, 2, 3, 4);
    const q = new ByteQueue();
    q.push(a);
    q.push(bytes(5, 6));
    const head = q.take(2);
    expect(head.buffer).toBe(a.buffer);
    expect([...head]).toEqual([1, 2]);
    expect(q.peek(2).buffer).toBe(a.buffer);
    const spanning = q.take(3);
    expect(spanning.buffer).not.toBe(a.buffer);
    expect([...spanning]).toEqual([3, 4, 5]);
    expect(q.length).toBe(1);
  });

  it('hands a whole chunk back as the same object, and takeCopy never aliases', () => {
    const a = bytes(1, 2, 3);
    const q = new ByteQueue();
    q.push(a);
    expect(q.take(3)).toBe(a);
    q.push(a);
    const copy = q.takeCopy(3);
    expect(copy.buffer).not.toBe(a.buffer);
    expect([...copy]).toEqual([1, 2, 3]);
  });

  it('takeFirst gives what is left of the first chunk, up to a maximum', () => {
    const q = new ByteQueue();
    q.push(bytes(1, 2, 3));
    q.push(bytes(4));
    expect([...q.takeFirst(2)]).toEqual([1, 2]);
    expect([...q.takeFirst(10)]).toEqual([3]);
    expect([...q.takeFirst(10)]).toEqual([4]);
    expect(q.takeFirst(10).length).toBe(0);
  });

  it('finds a byte across chunks, from a position and before an end', () => {
    const q = new ByteQueue();
    q.push(bytes(9, 10));
    q.push(bytes(9, 9, 10));
    q.skip(1);
    expect(q.indexOf(10)).toBe(0);
    expect(q.indexOf(10, 1)).toBe(3);
    expect(q.indexOf(10, 1, 3)).toBe(-1);
    expect(q.indexOf(7)).toBe(-1);
  });

  it('refuses to read more than it holds', () => {
    const q = new ByteQueue();
    q.push(bytes(1));
    expect(() => q.take(2)).toThrow(RangeError);
    expect(() => q.peek(2)).toThrow(RangeError);
    expect(() => q.skip(-1)).toThrow(RangeError);
  });

  it('agrees with a plain array over random cuts (byte-at-a-time input included)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = generator(seed);
      const q = new ByteQueue();
      const model: number[] = [];
      let next = 0;
      for (let step = 0; step < 300; step++) {
        const op = random(7);
        if (op <= 1) {
          const chunk = Uint8Array.from({ length: random(4) === 0 ? 1 : random(40) }, () => next++ & 0xff);
          q.push(chunk);
          model.push(...chunk);
        } else {
          const n = random(model.length + 1);
          if (op === 2) expect([...q.take(n)]).toEqual(model.splice(0, n));
          else if (op === 3) expect([...q.takeCopy(n)]).toEqual(model.splice(0, n));
          else if (op === 4) expect([...q.peek(n)]).toEqual(model.slice(0, n));
          else if (op === 5) {
            q.skip(n);
            model.splice(0, n);
          } else {
            const byte = model[random(model.length + 1)] ?? 0;
            const from = random(model.length + 1);
            const found = model.indexOf(byte, from);
            expect(q.indexOf(byte, from)).toBe(found);
          }
        }
        expect(q.length).toBe(model.length);
      }
      q.clear();
      expect(q.length).toBe(0);
    }
  });
});

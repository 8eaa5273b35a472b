/** Shared helpers for the HTTP/2 codec tests: hex, a seeded PRNG, and error assertions. */
import { expect } from 'vitest';
import { RemoteProtocolError } from '../../src/errors.js';

export function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.replace(/[^0-9a-fA-F]/g, ''), 'hex'));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** A small deterministic PRNG (mulberry32), so every random test replays the same cases. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 2^32). */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.u32() / 2 ** 32) * n);
  }

  bool(): boolean {
    return (this.u32() & 1) === 1;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  /** A latin1 string of `n` characters drawn from `alphabet` (default: every octet). */
  text(n: number, alphabet?: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet ? alphabet[this.int(alphabet.length)] : String.fromCharCode(this.int(256));
    return s;
  }
}

/** Runs `fn` and asserts it throws a RemoteProtocolError with `code` (and, if given, a message match). */
export function expectRemoteError(fn: () => unknown, code: string, message?: RegExp): RemoteProtocolError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a RemoteProtocolError').toBeInstanceOf(RemoteProtocolError);
  const error = thrown as RemoteProtocolError;
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
  return error;
}

import { describe, expect, it } from 'vitest';
import { parseClientHello } from '../../src/fingerprint/clienthello.js';
import { bytesFromHex } from '../../src/fingerprint/hex.js';
import { ja3 } from '../../src/fingerprint/ja3.js';
import { ja4 } from '../../src/fingerprint/ja4.js';
import { TLSError } from '../../src/errors.js';
import { captureFiles, readCapture } from './captures.js';

/**
 * Hostile input: every truncation of every capture, and random byte flips, must give either a
 * value (on which JA3/JA4 then run) or a TLSError decode_error, never a RangeError or a TypeError.
 */

type Outcome = 'value' | 'decode_error';

function outcome(input: Uint8Array | string): Outcome {
  try {
    const hello = parseClientHello(input);
    ja3(hello);
    ja4(hello);
    return 'value';
  } catch (error) {
    if (error instanceof TLSError && error.alert === 50 && error.alertName === 'decode_error') return 'decode_error';
    throw error;
  }
}

/** xorshift32: deterministic, so a failure reproduces. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const files = [...captureFiles('.clienthello.hex'), ...captureFiles('.clienthello-record.hex')];

describe('malformed ClientHellos', () => {
  it.each(files)('%s: every proper prefix is a decode_error (lengths are checked)', (file) => {
    const bytes = bytesFromHex(readCapture(file));
    for (let n = 0; n < bytes.length; n++) expect(outcome(bytes.subarray(0, n)), `prefix of ${n} bytes`).toBe('decode_error');
    expect(outcome(bytes)).toBe('value');
  });

  it.each(files)('%s: trailing bytes are a decode_error', (file) => {
    const bytes = bytesFromHex(readCapture(file));
    for (const extra of [[0], [0x16, 3, 1, 0, 0], [1, 2, 3]]) expect(outcome(Uint8Array.from([...bytes, ...extra]))).toBe('decode_error');
  });

  it.each(files)('%s: truncated hex text is a decode_error', (file) => {
    const text = readCapture(file).trim();
    for (let n = 0; n < text.length; n += 7) expect(outcome(text.slice(0, n))).toBe('decode_error');
  });

  it.each(files)('%s: 400 random byte flips give a value or a decode_error', (file) => {
    const original = bytesFromHex(readCapture(file));
    const next = prng(original.length * 7919 + file.length);
    const seen = new Set<Outcome>();
    for (let i = 0; i < 400; i++) {
      const bytes = original.slice();
      const flips = 1 + (next() % 4);
      for (let f = 0; f < flips; f++) {
        const at = next() % bytes.length;
        // Half the flips land in the first 80 bytes, where the framing and length fields are.
        const pos = i % 2 === 0 ? at % Math.min(80, bytes.length) : at;
        bytes[pos] = next() & 0xff;
      }
      seen.add(outcome(bytes));
    }
    expect(seen.has('decode_error')).toBe(true);
  });

  it('random garbage gives a value or a decode_error', () => {
    const next = prng(12345);
    for (let i = 0; i < 2000; i++) {
      const length = next() % 64;
      const bytes = Uint8Array.from({ length }, () => next() & 0xff);
      if (length > 0 && i % 3 === 0) bytes[0] = 0x01;
      if (length > 1 && i % 3 === 1) [bytes[0], bytes[1]] = [0x16, 0x03];
      expect(['value', 'decode_error']).toContain(outcome(bytes));
    }
  });
});

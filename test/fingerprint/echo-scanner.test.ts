/**
 * The echo server's ClientHello scanner: it must find the exact hello in a stream cut anywhere
 * and spread over any number of records, and give up on a non-TLS client after a few bytes.
 */
import { describe, expect, it } from 'vitest';
import { scanClientHello, type ScanResult } from '../../src/fingerprint/echo/index.js';
import { captureFiles, labelOf, readCapture } from './captures.js';

const fromHex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The handshake message split into records of the given fragment sizes (the last takes the rest). */
function records(message: Uint8Array, sizes: number[]): { bytes: Uint8Array; count: number } {
  const out: number[] = [];
  let at = 0;
  let count = 0;
  for (; at < message.length; count++) {
    const n = Math.min(sizes[count] ?? message.length, message.length - at);
    out.push(0x16, 0x03, 0x01, n >> 8, n & 0xff, ...message.subarray(at, at + n));
    at += n;
  }
  return { bytes: new Uint8Array(out), count };
}

function completed(result: ScanResult): Extract<ScanResult, { status: 'complete' }>['hello'] {
  if (result.status !== 'complete') throw new Error(`expected a complete hello, got ${JSON.stringify(result)}`);
  return result.hello;
}

describe('scanClientHello', () => {
  const files = captureFiles('.clienthello-record.hex');

  it.each(files)('%s: finds the capture’s hello in its record, and only when the last byte is in', (file) => {
    const record = fromHex(readCapture(file));
    const message = readCapture(`${labelOf(file)}.clienthello.hex`).replace(/\s+/g, '');
    const hello = completed(scanClientHello(record));
    expect(hex(hello.message)).toBe(message);
    expect(hello).toMatchObject({ recordBytes: record.length, recordCount: 1, recordVersion: 0x0301 });
    for (const cut of [0, 1, 4, 5, 6, 9, 100, record.length - 1]) expect(scanClientHello(record.subarray(0, cut)).status).toBe('incomplete');
  });

  it('reassembles a hello spread over several records, and stops at its end', () => {
    const message = fromHex(readCapture(files[0]!));
    const inner = message.subarray(5);
    // A change_cipher_spec record after the hello is not part of it.
    const trailing = new Uint8Array([0x14, 0x03, 0x03, 0x00, 0x01, 0x01]);
    for (const sizes of [[1], [3], [4, 1], [100, 200], [7, 7, 7, 7, 7]]) {
      const stream = records(inner, sizes);
      const hello = completed(scanClientHello(new Uint8Array([...stream.bytes, ...trailing])));
      expect(hex(hello.message)).toBe(hex(inner));
      expect(hello.recordBytes).toBe(stream.bytes.length);
      expect(hello.recordCount).toBe(stream.count);
      expect(stream.count).toBeGreaterThan(1);
      for (const cut of [5, 6, 9, stream.bytes.length - 1]) expect(scanClientHello(stream.bytes.subarray(0, cut)).status).toBe('incomplete');
    }
  });

  it('gives up at the first byte that cannot start a ClientHello', () => {
    const cases: Array<[string, number[]]> = [
      ['plaintext HTTP', [...Buffer.from('GET / HTTP/1.1\r\n')]],
      ['an alert record', [0x15, 0x03, 0x01]],
      ['SSLv2-style framing', [0x80, 0x2e, 0x01]],
      ['a record version that is not 3.x', [0x16, 0x04]],
      ['an empty record', [0x16, 0x03, 0x01, 0x00, 0x00]],
      ['an oversized record', [0x16, 0x03, 0x01, 0x40, 0x01]],
      ['a ServerHello', [0x16, 0x03, 0x01, 0x00, 0x04, 0x02]],
      ['a hello over the size limit', [0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x01, 0x00, 0x00]],
    ];
    for (const [what, bytes] of cases) expect(scanClientHello(new Uint8Array(bytes)).status, what).toBe('invalid');
    expect(scanClientHello(new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x10, 0x00]), 0x1000).status).toBe('invalid');
    expect(scanClientHello(new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x10, 0x00]), 0x2000).status).toBe('incomplete');
  });
});

/**
 * Fuzzing the TLS record layer (src/tls/record/record-layer.ts): readRecord and readHandshake fed
 * from a socket stand-in that delivers random or mutated bytes cut at random places, in the
 * clear (the first flight: recorded real server streams) and under each record protection
 * (TLS 1.3 AEAD, TLS 1.2 AES-GCM and CBC), where the mutation happens before and after sealing.
 * Property: records and messages or a typed error (TLSError, ConnectError for a stream cut inside
 * a record), and every read settles once the stream ends.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import { seededRandom } from '../../src/tls/random.js';
import { type RecordProtection, recordHeader, xorNonce } from '../../src/tls/record/protection.js';
import { Tls12AeadProtection, Tls12CbcProtection } from '../../src/tls/record/protection12.js';
import { Tls13Protection } from '../../src/tls/record/protection13.js';
import { RecordLayer } from '../../src/tls/record/record-layer.js';
import { bytesArb, chunked, concatBytes, cutsArb, fuzzAsync, fuzzSync, mutatedArb, runs, summaryTable } from './harness.js';
import { recordHandshakes, type Recording } from './recordings.js';
import { scriptedSocket } from './stream.js';

let rec: Recording;
beforeAll(async () => {
  rec = await recordHandshakes();
}, 120_000);
afterAll(() => console.log(summaryTable('TLS record layer')));

const KEY16 = new Uint8Array(16).fill(7);
const IV12 = new Uint8Array(12).fill(9);

type Mode = 'plaintext' | 'tls13' | 'tls12-gcm' | 'tls12-cbc';

/** A fresh protection for `mode` (the same keys for the writer and the reader). */
function protection(mode: Mode): RecordProtection | null {
  const p = defaultProvider;
  switch (mode) {
    case 'plaintext':
      return null;
    case 'tls13':
      return new Tls13Protection(p.aead('aes-128-gcm', KEY16), IV12);
    case 'tls12-gcm':
      return new Tls12AeadProtection(p.aead('aes-128-gcm', KEY16), IV12.subarray(0, 4));
    case 'tls12-cbc':
      return new Tls12CbcProtection(p, p.aesCbc(KEY16), 'sha256', new Uint8Array(32).fill(3), seededRandom('cbc'));
  }
}

interface LayerCase {
  mode: Mode;
  bytes: Uint8Array;
  cuts: number[];
  readHandshakes: boolean;
  tls13: boolean;
  allowCcs: boolean;
  surfaceCcs: boolean;
}

/** Reads until the peer closes or an error; returns how many records or messages came out. */
async function drain(c: LayerCase): Promise<number> {
  const socket = scriptedSocket(chunked(c.bytes, c.cuts));
  const layer = new RecordLayer(socket);
  const p = protection(c.mode);
  if (p) layer.setReadProtection(p);
  layer.tls13 = c.tls13;
  layer.allowChangeCipherSpec = c.allowCcs;
  layer.surfaceChangeCipherSpec = c.surfaceCcs;
  let n = 0;
  try {
    for (; n < 100_000; n++) {
      if (c.readHandshakes) {
        const m = await layer.readHandshake();
        expect(m.raw.length).toBe(m.body.length + 4);
      } else if ((await layer.readRecord()) === null) {
        break;
      }
    }
    return n;
  } finally {
    socket.destroy();
  }
}

/** Records with arbitrary inner content, sealed under `mode` (TLS 1.3: type byte and padding included). */
function sealAll(mode: Mode, records: { type: number; inner: Uint8Array }[]): Uint8Array {
  const p = protection(mode);
  const aead = defaultProvider.aead('aes-128-gcm', KEY16);
  const out: Uint8Array[] = [];
  records.forEach(({ type, inner }, seq) => {
    if (mode === 'tls13') {
      // Sealed by hand so that the inner plaintext itself (content type, zero padding) is fuzzed.
      const header = recordHeader(23, 0x0303, inner.length + 16);
      out.push(header, aead.seal(xorNonce(IV12, BigInt(seq)), inner, header));
    } else if (p) {
      out.push(p.seal(type, inner.subarray(0, 16384), 0x0303));
    } else {
      out.push(recordHeader(type, 0x0303, inner.length), inner);
    }
  });
  return concatBytes(...out);
}

const innerRecordArb = fc.record({
  type: fc.oneof(fc.constantFrom(20, 21, 22, 23), fc.nat({ max: 255 })),
  inner: fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    // A real-looking handshake fragment: type, u24 length (often lying), body.
    fc.tuple(fc.constantFrom(2, 4, 8, 11, 15, 20, 24), fc.oneof(fc.nat({ max: 80 }), fc.constant(0xff_ffff), fc.constant(0x4_0001)), fc.uint8Array({ maxLength: 80 }), fc.constantFrom(22, 21, 23, 0))
      .map(([t, len, body, ct]) => concatBytes(Uint8Array.of(t, len >> 16, (len >> 8) & 0xff, len & 0xff), body, ct ? Uint8Array.of(ct) : new Uint8Array(0))),
    // An alert, inner type included.
    fc.tuple(fc.constantFrom(1, 2, 3), fc.nat({ max: 255 })).map(([level, desc]) => Uint8Array.of(level, desc, 21)),
    // All padding (no content type) or a large plaintext.
    fc.nat({ max: 40 }).map((n) => new Uint8Array(n)),
    fc.constantFrom(16384, 16385, 16400).map((n) => new Uint8Array(n).fill(0x16)),
  ),
});

function layerCaseArb(mode: Mode, bytes: fc.Arbitrary<Uint8Array>): fc.Arbitrary<LayerCase> {
  return fc.record({
    mode: fc.constant(mode),
    bytes,
    cuts: cutsArb,
    readHandshakes: fc.boolean(),
    tls13: fc.boolean(),
    allowCcs: fc.boolean(),
    surfaceCcs: fc.boolean(),
  });
}

const sizeOf = (c: LayerCase): number => c.bytes.length;

describe('TLS record layer', () => {
  it('plaintext: recorded server streams, mutated, and random bytes', async () => {
    const seeds = rec.serverStreams.map((s) => s.bytes);
    await fuzzAsync('RecordLayer (plaintext, real streams)', layerCaseArb('plaintext', bytesArb(seeds, { maxLength: 2048 })), drain, { numRuns: runs(2000), sizeOf });
  });

  it('plaintext: generated record sequences, mutated', async () => {
    const arb = fc.array(innerRecordArb, { minLength: 1, maxLength: 6 }).chain((records) => mutatedArb([sealAll('plaintext', records)], 3));
    await fuzzAsync('RecordLayer (plaintext, generated)', layerCaseArb('plaintext', arb), drain, { numRuns: runs(1500), sizeOf });
  });

  for (const mode of ['tls13', 'tls12-gcm', 'tls12-cbc'] as const) {
    it(`${mode}: sealed records of fuzzed plaintext, and the ciphertext mutated`, async () => {
      const arb = fc.tuple(fc.array(innerRecordArb, { minLength: 1, maxLength: 5 }), fc.boolean()).chain(([records, mutate]) => {
        const sealed = sealAll(mode, records);
        return mutate ? mutatedArb([sealed], 2) : fc.constant(sealed);
      });
      await fuzzAsync(`RecordLayer (${mode})`, layerCaseArb(mode, arb), drain, { numRuns: runs(1000), sizeOf });
    });
  }

  it('pushHandshakeBytes (post-handshake messages) with arbitrary record contents', () => {
    const seeds = rec.messages.map((m) => concatBytes(Uint8Array.of(m.type, m.body.length >> 16, (m.body.length >> 8) & 0xff, m.body.length & 0xff), m.body));
    fuzzSync(
      'RecordLayer.pushHandshakeBytes',
      fc.array(fc.tuple(bytesArb(seeds, { maxLength: 256 }), cutsArb), { minLength: 1, maxLength: 4 }),
      (contents) => {
        const layer = new RecordLayer(scriptedSocket([], { end: false }));
        let n = 0;
        for (const [bytes, cuts] of contents) for (const piece of chunked(bytes, cuts)) n += layer.pushHandshakeBytes(piece).length;
        return n;
      },
      { numRuns: runs(3000), sizeOf: (contents) => contents.reduce((a, [b]) => a + b.length, 0) },
    );
  });

  it('a record or handshake header declaring a huge length fails before buffering it', async () => {
    // Handshake message of 2^24-1 bytes in a record of 4: decode_error, not a 16 MiB buffer.
    const header = await drain({ mode: 'plaintext', bytes: Uint8Array.of(22, 3, 3, 0, 4, 11, 0xff, 0xff, 0xff), cuts: [], readHandshakes: true, tls13: false, allowCcs: true, surfaceCcs: false }).catch((e: unknown) => e);
    expect(header).toBeInstanceOf(TLSError);
    expect((header as TLSError).alertName).toBe('decode_error');
    // A record of 65535 bytes: record_overflow from the header alone.
    const record = await drain({ mode: 'plaintext', bytes: Uint8Array.of(23, 3, 3, 0xff, 0xff, 0), cuts: [], readHandshakes: false, tls13: false, allowCcs: true, surfaceCcs: false }).catch((e: unknown) => e);
    expect(record).toBeInstanceOf(TLSError);
    expect((record as TLSError).alertName).toBe('record_overflow');
  });
});

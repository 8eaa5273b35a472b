/**
 * The minimal inputs the fuzzers found, as plain tests (each one is a bug until src/ is fixed):
 *
 * 1. An empty record (`14 03 03 00 00`, or any type with length 0) at the end of what the socket
 *    delivered makes `SocketReader.read(0)` index an empty chunk list: TypeError out of
 *    `RecordLayer.readRecord`, instead of a TLSError (or the record being handled).
 * 2. A zstd body whose frame header claims a huge window or content size makes fzstd allocate it
 *    before any data exists: 12 bytes with `Content-Encoding: zstd` allocate 2 GiB, 40 bytes
 *    allocate (and touch) 384 MiB. RFC 9659 §3 caps the window of the zstd content coding at
 *    8 MiB; a frame asking for more should be a DecodingError before anything is allocated.
 * 3. The same through an RFC 8879 CompressedCertificate (algorithm zstd, 3): the frame header is
 *    believed before the announced uncompressed_length (at most 256 KiB) is enforced.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DecodingError, TLSError } from '../../src/errors.js';
import { decodeContent } from '../../src/http/decoding.js';
import { decompressCertificate } from '../../src/tls/messages/compressed-certificate.js';
import { RecordLayer } from '../../src/tls/record/record-layer.js';
import { fromHex } from './harness.js';
import { scriptedSocket } from './stream.js';

// A full collection before each measurement, so garbage from an earlier case cannot hide an allocation.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Runs `fn` and reports how much external (ArrayBuffer) memory it added, and its outcome. */
async function measure(fn: () => Promise<unknown>): Promise<{ grewBy: number; error: unknown }> {
  gc();
  const before = getHeapStatistics().external_memory;
  // The process's peak RSS (KiB) only ever grows: it shows memory that was touched and freed again.
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;
  return { grewBy: Math.max(getHeapStatistics().external_memory - before, peakGrowth), error };
}

const MiB = 1024 * 1024;

describe('fuzz findings', () => {
  it('an empty record at the end of the delivered bytes is a TLSError or is handled, not a TypeError', async () => {
    for (const record of ['1403030000', '1503030000', '1603030000', '1703030000']) {
      const layer = new RecordLayer(scriptedSocket([fromHex(record)]));
      const outcome = await layer.readRecord().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if ('error' in outcome) expect(outcome.error, `record ${record}`).toBeInstanceOf(TLSError);
    }
  });

  it('zstd content coding: a 12-byte frame claiming a 2 GiB content size allocates nothing of the sort', async () => {
    // Magic, FHD 0xa0 (single segment, 4-byte content size), size 0x7fe00000, one empty raw block.
    const body = fromHex('28b52ffd a0 0000e07f 010000');
    const { grewBy, error } = await measure(async () => {
      async function* source(): AsyncGenerator<Uint8Array, void> {
        yield body;
      }
      for await (const chunk of decodeContent(source(), ['zstd'])) void chunk;
    });
    expect(grewBy).toBeLessThan(16 * MiB);
    if (error !== undefined) expect(error).toBeInstanceOf(DecodingError);
  });

  it('zstd content coding: a window descriptor of 384 MiB is refused (RFC 9659: at most 8 MiB)', async () => {
    const body = fromHex('28b52ffd 04 94 ab78d2252fabec72f4ee56dfa8102660f30a734e4202004b74f583e6286511a25bb5');
    const { grewBy, error } = await measure(async () => {
      async function* source(): AsyncGenerator<Uint8Array, void> {
        yield body;
      }
      for await (const chunk of decodeContent(source(), ['zstd'])) void chunk;
    });
    expect(grewBy).toBeLessThan(16 * MiB);
    expect(error).toBeInstanceOf(DecodingError);
  });

  it('CompressedCertificate (zstd): the frame header is not believed beyond the announced length', async () => {
    // algorithm 3, uncompressed_length 16, then the 12-byte frame above (content size 2 GiB).
    const message = fromHex('0003 000010 00000c 28b52ffd a0 0000e07f 010000');
    const { grewBy, error } = await measure(async () => decompressCertificate(message, [3]));
    expect(error).toBeInstanceOf(TLSError);
    expect(grewBy).toBeLessThan(16 * MiB);
  });
});

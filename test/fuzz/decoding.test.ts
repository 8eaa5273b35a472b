/**
 * Fuzzing the content decoders (src/http/decoding.ts): gzip, deflate (zlib and raw), br and zstd,
 * alone and stacked, over real compressed bodies mutated and cut into random chunks, and over
 * random bytes, with the body-size limit the client applies. Property: the decoded bytes or a
 * DecodingError, every read settles, and no case allocates far beyond the limit (a small body
 * that claims a huge window or size must not be believed before the bytes exist).
 */
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DecodingError } from '../../src/errors.js';
import { decodeContent, limitSize, type ContentCoding } from '../../src/http/decoding.js';
import { bytesArb, chunked, concatBytes, cutsArb, fromHex, fuzzAsync, runs, summaryTable } from './harness.js';

afterAll(() => console.log(summaryTable('content decoders')));

const LIMIT = 1024 * 1024;
const ZSTD_WINDOW_LIMIT = 8 * 1024 * 1024;
const TEXT = new TextEncoder().encode('<!doctype html><title>tls-requests</title>' + 'the quick brown fox jumps over the lazy dog '.repeat(40));

/**
 * zstd frames, made by hand (Node 20 has no zstd compressor): a raw block, an RLE block, and a
 * frame with a checksum; plus one made by the reference zstd CLI (compressed blocks, Huffman and
 * FSE tables) of "hello hello hello ... " for the entropy-coded paths.
 */
function zstdSeeds(): Uint8Array[] {
  const n = TEXT.length;
  const raw = concatBytes(fromHex('28b52ffd'), Uint8Array.of(0xa0, n & 0xff, (n >> 8) & 0xff, 0, 0), Uint8Array.of(((n << 3) | 1) & 0xff, (n >> 5) & 0xff, (n >> 13) & 0xff), TEXT);
  const rle = concatBytes(fromHex('28b52ffd'), Uint8Array.of(0x60, 0xe8, 0x02), Uint8Array.of(((1000 << 3) | 3) & 0xff, (1000 >> 5) & 0xff, 0), Uint8Array.of(0x41));
  // `printf 'hello %.0s' {1..64} | zstd -19 --no-check | xxd -p`: a compressed block.
  const cli = fromHex('28b52ffd00686d00003068656c6c6f20010077514b11');
  // `printf '<html>%.0s tls-requests zstd body with some words words words ' {1..20} | zstd -19`:
  // Huffman-coded literals and FSE sequences, with a checksum.
  const cli2 = fromHex(
    '28b52ffd0468a50100d2020a10c0ebacd9c92d381556f873ab6708e704be94ab78d2252fabec72f4ee56dfa8102660f30a734e4202004b74f583e6286511a25bb5',
  );
  return [raw, rle, cli, cli2];
}

const seeds: { codings: ContentCoding[]; body: Uint8Array }[] = [
  { codings: ['gzip'], body: gzipSync(TEXT) },
  { codings: ['deflate'], body: deflateSync(TEXT) },
  { codings: ['deflate'], body: deflateRawSync(TEXT) },
  { codings: ['br'], body: brotliCompressSync(TEXT) },
  ...zstdSeeds().map((body) => ({ codings: ['zstd'] as ContentCoding[], body })),
  // Stacked (Content-Encoding: deflate, gzip): undo gzip first, then deflate.
  { codings: ['gzip', 'deflate'], body: gzipSync(deflateSync(TEXT)) },
  { codings: ['br', 'gzip'], body: brotliCompressSync(gzipSync(TEXT)) },
];

async function decodeAll(codings: readonly ContentCoding[], chunks: Uint8Array[]): Promise<number> {
  async function* source(): AsyncGenerator<Uint8Array, void> {
    for (const c of chunks) {
      yield c;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  let n = 0;
  for await (const chunk of limitSize(decodeContent(source(), codings), LIMIT)) n += chunk.length;
  return n;
}

describe('content decoders', () => {
  it('the seeds decode', async () => {
    for (const { codings, body } of seeds.filter((s) => s.codings[0] !== 'zstd')) expect(await decodeAll(codings, [body])).toBe(TEXT.length);
    const zstd = zstdSeeds();
    expect(await decodeAll(['zstd'], [zstd[0]!])).toBe(TEXT.length);
    expect(await decodeAll(['zstd'], [zstd[1]!])).toBe(1000);
    expect(await decodeAll(['zstd'], [zstd[2]!])).toBe(6 * 64);
    expect(await decodeAll(['zstd'], [zstd[3]!])).toBeGreaterThan(1000);
  });

  for (const coding of ['gzip', 'deflate', 'br', 'zstd'] as const) {
    it(`${coding}: mutated real bodies and random bytes, cut anywhere`, async () => {
      const mine = seeds.filter((s) => s.codings.includes(coding));
      // Which seed's codings to undo (an index: a counterexample then prints small).
      const arb = fc.record({
        which: fc.nat({ max: mine.length - 1 }),
        bytes: bytesArb(
          mine.map((s) => s.body),
          { randomWeight: 1, mutatedWeight: 5, maxLength: 256 },
        ),
        cuts: cutsArb,
      });
      await fuzzAsync(`decodeContent (${coding})`, arb, ({ which, bytes, cuts }) => decodeAll(mine[which]!.codings, chunked(bytes, cuts)), {
        numRuns: runs(coding === 'zstd' ? 2000 : 1200),
        sizeOf: (c) => c.bytes.length,
        // RFC 9659 §3: a zstd content coding may use a window of up to 8 MiB, which the decoder
        // allocates up front; beyond that only fzstd's own block buffers (~2 MiB) are legitimate.
        externalBudget: ZSTD_WINDOW_LIMIT + 4 * 1024 * 1024,
      });
    });
  }

  it('a decompression bomb stops at the size limit', async () => {
    const bomb = gzipSync(new Uint8Array(50 * 1024 * 1024));
    await expect(decodeAll(['gzip'], [bomb])).rejects.toBeInstanceOf(DecodingError);
  });
});

/**
 * Content-Encoding (RFC 9110 §8.4): gzip, deflate, br and zstd, stacked in any order, undone as
 * the body streams. Node 20's zlib has no zstd, so that one is fzstd (pure JavaScript).
 *
 * What bounds the work a server can make us do here:
 * - the chain: at most MAX_CODINGS codings (curl's MAX_ENCODE_STACK, 5, since CVE-2022-32206);
 * - the decoded size, which nothing else bounds (a 1 MB gzip body is 1 GiB decoded, 102 bytes of
 *   brotli 64 MiB): `limitSize` after the last coding, with DEFAULT_MAX_BUFFERED_BODY for a
 *   buffered response unless the caller chose a limit; a streamed body has no default limit but
 *   is pulled, so each decoder only runs as fast as the consumer reads;
 * - the step: zlib and brotli stop at their stream's highWaterMark until read, and zstd input is
 *   fed in ZSTD_SLICE pieces, so no single synchronous call expands without a yield in between
 *   (a 4-byte zstd RLE block is 128 KiB of output);
 * - cancellation: each coding checks the request's signal between chunks, so a timeout stops the
 *   decoding instead of letting it run on in the worker.
 */
import { Readable, pipeline, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { ZstdFrameGuard } from '../compression/zstd-guard.js';
import { AbortError, DecodingError, HTTPError } from '../errors.js';

export type ContentCoding = 'gzip' | 'deflate' | 'br' | 'zstd';

/** Most codings one response may stack: curl's MAX_ENCODE_STACK (lib/content_encoding.c, CVE-2022-32206). */
export const MAX_CODINGS = 5;

/**
 * The decoded-size limit of a buffered response when the caller set none (`maxBodySize` 0 or
 * unset): far above any page or API answer, well below what takes a worker or the process down.
 * Larger downloads use `stream()` or `maxBodySize: Infinity`.
 */
export const DEFAULT_MAX_BUFFERED_BODY = 256 * 1024 * 1024;

/** zstd input fed to fzstd per call: at most 64 RLE blocks (8 MiB of output) before we yield. */
const ZSTD_SLICE = 256;

const KNOWN: Record<string, ContentCoding | 'identity'> = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  br: 'br',
  zstd: 'zstd',
  identity: 'identity',
};

/**
 * The codings a response's Content-Encoding lists, in the order to undo them (the last applied
 * first). Throws DecodingError past MAX_CODINGS. Null when one of them is unknown: the body then stays as received, as browsers leave a
 * coding they cannot undo (partially undoing a stack would only produce garbage).
 */
export function codingsToUndo(headers: readonly [string, string][]): ContentCoding[] | null {
  const applied: ContentCoding[] = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'content-encoding') continue;
    for (const member of value.split(',')) {
      const token = member.trim().toLowerCase();
      if (!token) continue;
      const coding = KNOWN[token];
      if (!coding) return null;
      if (coding !== 'identity') applied.push(coding);
      if (applied.length > MAX_CODINGS)
        throw new DecodingError(`more than ${MAX_CODINGS} content codings in Content-Encoding (curl's limit): the response is refused`);
    }
  }
  return applied.reverse();
}

/** The decoded body: each coding in `codings` undone in turn, as the chunks arrive; `signal` stops it between chunks. */
export function decodeContent(source: AsyncIterable<Uint8Array>, codings: readonly ContentCoding[], signal?: AbortSignal): AsyncIterable<Uint8Array> {
  return codings.reduce<AsyncIterable<Uint8Array>>((input, coding) => undo(input, coding, signal), source);
}

export interface BodyLimits {
  /** The caller's `maxBodySize`: 0 for the default, Infinity for none. */
  maxBodySize: number;
  /** A buffered response (the whole body in memory) gets DEFAULT_MAX_BUFFERED_BODY by default. */
  buffered: boolean;
  signal?: AbortSignal;
}

/** The body as the caller gets it: decoded, bounded, cancellable. */
export function decodeBody(source: AsyncIterable<Uint8Array>, codings: readonly ContentCoding[], limits: BodyLimits): AsyncIterable<Uint8Array> {
  return limitSize(decodeContent(source, codings, limits.signal), effectiveMaxBodySize(limits.maxBodySize, limits.buffered));
}

/** 0 (unset) is the default for buffered responses and no limit for streams; Infinity is no limit. */
export function effectiveMaxBodySize(maxBodySize: number, buffered: boolean): number {
  if (maxBodySize === Infinity) return 0;
  if (maxBodySize > 0) return maxBodySize;
  return buffered ? DEFAULT_MAX_BUFFERED_BODY : 0;
}

/** Passes the body through, failing with DecodingError once more than `max` bytes have gone by (0 = no limit). */
export async function* limitSize(source: AsyncIterable<Uint8Array>, max: number): AsyncGenerator<Uint8Array, void> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (max > 0 && total > max)
      throw new DecodingError(`response body larger than maxBodySize (${max} bytes); use stream() or a larger maxBodySize (Infinity for none)`);
    yield chunk;
  }
}

async function* undo(source: AsyncIterable<Uint8Array>, coding: ContentCoding, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array, void> {
  for await (const chunk of undoCoding(source, coding)) {
    if (signal?.aborted) throw abortReason(signal);
    yield chunk;
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new AbortError('decoding aborted');
}

async function* undoCoding(source: AsyncIterable<Uint8Array>, coding: ContentCoding): AsyncGenerator<Uint8Array, void> {
  // An empty body is empty whatever it claims (a HEAD-like 200 with `Content-Encoding: gzip` and
  // no bytes): zlib would call it truncated; browsers show it as empty.
  const peeked = await peek(source, 2);
  if (!peeked) return;
  switch (coding) {
    case 'gzip':
      yield* throughZlib(peeked.source, zlib.createGunzip(), 'gzip');
      return;
    case 'deflate':
      // "deflate" is meant to be zlib-wrapped (RFC 9110 §8.4.1.2), but servers have sent raw
      // DEFLATE for decades and every browser accepts both: the first two bytes tell them apart.
      yield* throughZlib(peeked.source, isZlibHeader(peeked.head) ? zlib.createInflate() : zlib.createInflateRaw(), 'deflate');
      return;
    case 'br':
      yield* throughZlib(peeked.source, zlib.createBrotliDecompress(), 'br');
      return;
    case 'zstd':
      yield* throughZstd(peeked.source);
      return;
  }
}

/** RFC 1950 §2.2: CM = 8 (deflate), a window of at most 32 KiB, and a header that is a multiple of 31. */
function isZlibHeader(head: Uint8Array): boolean {
  if (head.length < 2) return false;
  const cmf = head[0]!;
  const flg = head[1]!;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

/** The first `n` bytes (fewer at the end), and the whole body again; null for an empty body. */
async function peek(source: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; source: AsyncIterable<Uint8Array> } | null> {
  const iterator = source[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  while (length < n) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    seen.push(next.value);
    length += next.value.length;
  }
  if (length === 0) return null;
  const head = Buffer.concat(seen).subarray(0, n);
  async function* replay(): AsyncGenerator<Uint8Array, void> {
    try {
      yield* seen;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // Stopping early must reach the connection (its body generator's cleanup).
      if (!ended) await iterator.return?.();
    }
  }
  return { head, source: replay() };
}

async function* throughZlib(source: AsyncIterable<Uint8Array>, transform: Transform, name: string): AsyncGenerator<Uint8Array, void> {
  const input = Readable.from(source, { objectMode: false });
  // Errors reach the loop below through `transform`; the callback only keeps pipeline quiet.
  pipeline(input, transform, () => {});
  try {
    for await (const chunk of transform) yield chunk as Buffer;
  } catch (error) {
    throw decodingError(error, name);
  } finally {
    transform.destroy();
    input.destroy();
  }
}

async function* throughZstd(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void> {
  const out: Uint8Array[] = [];
  // fzstd hands out blocks it also copies into its window: keep our own copy, to be safe.
  const decoder = new ZstdDecompress((data) => {
    if (data.length) out.push(data.slice());
  });
  const guard = new ZstdFrameGuard();
  // Bytes of a frame header the guard has not finished checking are held back from the decoder.
  let held: Uint8Array = new Uint8Array(0);
  try {
    for await (const chunk of source) {
      guard.push(chunk);
      const all = held.length ? Buffer.concat([held, chunk]) : chunk;
      const hold = guard.headerBytesPending;
      const ready = all.subarray(0, all.length - hold);
      held = all.slice(all.length - hold);
      // fzstd decodes every complete block of a push at once; in slices, the consumer (and the
      // size limit after it) sees the output before the next few bytes can expand again.
      for (let at = 0; at < ready.length; at += ZSTD_SLICE) {
        decoder.push(ready.subarray(at, at + ZSTD_SLICE));
        while (out.length) yield out.shift()!;
      }
    }
    guard.finish();
    decoder.push(new Uint8Array(0), true);
    while (out.length) yield out.shift()!;
  } catch (error) {
    throw decodingError(error, 'zstd');
  }
}

/** Errors from the body's source (the connection) are already typed; the decoder's become DecodingError. */
function decodingError(error: unknown, name: string): Error {
  if (error instanceof HTTPError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new DecodingError(`cannot decode the ${name} body: ${message}`);
  return wrapped;
}

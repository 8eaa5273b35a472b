/**
 * Content-Encoding (RFC 9110 §8.4): gzip, deflate, br and zstd, stacked in any order, undone as
 * the body streams, with a bound on the decoded size so a small compressed body cannot expand
 * into gigabytes. Node 20's zlib has no zstd, so that one is fzstd (pure JavaScript).
 */
import { Readable, pipeline, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { ZstdFrameGuard } from '../compression/zstd-guard.js';
import { DecodingError, HTTPError } from '../errors.js';

export type ContentCoding = 'gzip' | 'deflate' | 'br' | 'zstd';

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
 * first). Null when one of them is unknown: the body then stays as received, as browsers leave a
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
    }
  }
  return applied.reverse();
}

/** The decoded body: each coding in `codings` undone in turn, as the chunks arrive. */
export function decodeContent(source: AsyncIterable<Uint8Array>, codings: readonly ContentCoding[]): AsyncIterable<Uint8Array> {
  return codings.reduce<AsyncIterable<Uint8Array>>((input, coding) => undo(input, coding), source);
}

/** Passes the body through, failing with DecodingError once more than `max` bytes have gone by (0 = no limit). */
export async function* limitSize(source: AsyncIterable<Uint8Array>, max: number): AsyncGenerator<Uint8Array, void> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (max > 0 && total > max) throw new DecodingError(`response body larger than maxBodySize (${max} bytes)`);
    yield chunk;
  }
}

async function* undo(source: AsyncIterable<Uint8Array>, coding: ContentCoding): AsyncGenerator<Uint8Array, void> {
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
      decoder.push(all.subarray(0, all.length - hold));
      held = all.slice(all.length - hold);
      while (out.length) yield out.shift()!;
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

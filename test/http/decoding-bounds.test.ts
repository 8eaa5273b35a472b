/**
 * What a hostile server can make content decoding cost, attacked from a real HTTP/1.1 server on
 * 127.0.0.1 through `performRequest` (the worker's path): a Content-Encoding chain (curl's cap of
 * 5), a gzip bomb past the default buffered-body cap, a zstd RLE bomb that used to expand 16 KiB
 * of input into 512 MiB in one synchronous call, and a bomb that must stop when the request is
 * aborted. Each asserts the typed error, a bound on time and, for the bombs, on the peak of
 * ArrayBuffer memory sampled while the request ran.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, DecodingError } from '../../src/errors.js';
import { DEFAULT_MAX_BUFFERED_BODY, MAX_CODINGS } from '../../src/http/decoding.js';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { makeRequest, text } from './request.js';
import { startHttpServer, type CountingServer } from './servers.js';

const MiB = 1024 * 1024;

/** gzip members concatenated: `count` MiB of zeros (RFC 1952 §2.2 allows many members), ~1 KiB each. */
function gzipBomb(mebibytes: number): Buffer {
  const member = zlib.gzipSync(Buffer.alloc(MiB));
  return Buffer.concat(Array.from({ length: mebibytes }, () => member));
}

/**
 * A zstd frame (RFC 8878) of `blocks` RLE blocks of 128 KiB each: 4 octets of input per 128 KiB
 * of output. The window is 8 MiB, inside RFC 9659's cap, so the frame guard lets it through.
 */
function zstdRleBomb(blocks: number): Buffer {
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 13 << 3]);
  const block = (last: boolean): Buffer => {
    const h = (131_072 << 3) | (1 << 1) | (last ? 1 : 0);
    return Buffer.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff, 0x41]);
  };
  return Buffer.concat([header, ...Array.from({ length: blocks }, (_, i) => block(i === blocks - 1))]);
}

function gzipTimes(body: Buffer, times: number): Buffer {
  let out = body;
  for (let i = 0; i < times; i++) out = zlib.gzipSync(out);
  return out;
}

const bodies = new Map<string, { encoding: string | string[]; body: Buffer }>();
let server: CountingServer;
let pool: ConnectionPool;

beforeAll(async () => {
  bodies.set('/chain-5', { encoding: Array(MAX_CODINGS).fill('gzip').join(', '), body: gzipTimes(Buffer.from('five'), MAX_CODINGS) });
  bodies.set('/chain-6', { encoding: Array(MAX_CODINGS + 1).fill('gzip').join(', '), body: gzipTimes(Buffer.from('six'), MAX_CODINGS + 1) });
  // The attack: 2,000 layers cost ~57 s of CPU before any cap (in two header lines: one
  // would pass our 8 KiB line limit).
  const thousand = Array(1000).fill('gzip').join(',');
  bodies.set('/chain-2000', { encoding: [thousand, thousand], body: gzipTimes(Buffer.from('deep'), 50) });
  bodies.set('/gzip-bomb', { encoding: 'gzip', body: gzipBomb(DEFAULT_MAX_BUFFERED_BODY / MiB + 32) });
  bodies.set('/gzip-huge', { encoding: 'gzip', body: gzipBomb(4096) });
  bodies.set('/zstd-bomb', { encoding: 'zstd', body: zstdRleBomb(4096) });
  server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    const entry = bodies.get(req.url ?? '');
    if (!entry) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Encoding': entry.encoding, 'Content-Length': entry.body.length });
    res.end(entry.body);
  });
  pool = new ConnectionPool();
});

afterAll(async () => {
  pool.close();
  await server.close();
});

/** The request's error and time, and the peak growth of ArrayBuffer memory while it ran. */
async function measure<T>(run: () => Promise<T>): Promise<{ error: unknown; ms: number; peakGrowth: number; value: T | undefined }> {
  const base = process.memoryUsage().arrayBuffers;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
  const started = performance.now();
  let value: T | undefined;
  let error: unknown = null;
  try {
    value = await run();
  } catch (e) {
    error = e;
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  return { error, ms: performance.now() - started, peakGrowth: peak - base, value };
}

describe('Content-Encoding chain', () => {
  it(`${MAX_CODINGS} codings are decoded; ${MAX_CODINGS + 1} are refused (curl's limit)`, async () => {
    const five = await performRequest(makeRequest(`${server.url}/chain-5`), { pool });
    expect(text(five.body)).toBe('five');
    const { error, ms } = await measure(() => performRequest(makeRequest(`${server.url}/chain-6`), { pool }));
    expect(error).toBeInstanceOf(DecodingError);
    expect((error as Error).message).toMatch(/more than 5 content codings/);
    expect(ms).toBeLessThan(2_000);
  });

  it('a chain of 2,000 gzip layers fails at once instead of decoding for a minute', async () => {
    const { error, ms } = await measure(() => performRequest(makeRequest(`${server.url}/chain-2000`), { pool }));
    expect(error).toBeInstanceOf(DecodingError);
    expect(ms).toBeLessThan(2_000);
  });
});

describe('decoded size', () => {
  it(`a buffered gzip bomb stops at the default cap (${DEFAULT_MAX_BUFFERED_BODY / MiB} MiB)`, async () => {
    const { error, ms, peakGrowth } = await measure(() => performRequest(makeRequest(`${server.url}/gzip-bomb`), { pool }));
    expect(error).toBeInstanceOf(DecodingError);
    expect((error as Error).message).toMatch(/larger than maxBodySize \(268435456 bytes\)/);
    expect(ms).toBeLessThan(10_000);
    // The decoded chunks up to the cap, not the whole bomb (nor a copy of it).
    expect(peakGrowth).toBeLessThan(DEFAULT_MAX_BUFFERED_BODY + 64 * MiB);
  });

  it('maxBodySize: Infinity lifts the default; an explicit maxBodySize binds', async () => {
    const lifted = await performRequest(makeRequest(`${server.url}/chain-5`, { maxBodySize: Infinity }), { pool });
    expect(text(lifted.body)).toBe('five');
    const { error, peakGrowth } = await measure(() => performRequest(makeRequest(`${server.url}/gzip-bomb`, { maxBodySize: MiB }), { pool }));
    expect(error).toBeInstanceOf(DecodingError);
    expect(peakGrowth).toBeLessThan(32 * MiB);
  });

  it('a zstd RLE bomb (16 KiB → 512 MiB) is cut off after a few MiB, not after one giant synchronous expansion', async () => {
    const { error, ms, peakGrowth } = await measure(() => performRequest(makeRequest(`${server.url}/zstd-bomb`, { maxBodySize: MiB }), { pool }));
    expect(error).toBeInstanceOf(DecodingError);
    expect(ms).toBeLessThan(2_000);
    expect(peakGrowth).toBeLessThan(32 * MiB);
  });

  it('a streamed bomb stops decoding when the request is aborted, between chunks', async () => {
    const controller = new AbortController();
    let afterAbort = 0;
    let total = 0;
    const { error, ms } = await measure(() =>
      performRequest(makeRequest(`${server.url}/gzip-huge`, { maxBodySize: Infinity, stream: true }), {
        pool,
        signal: controller.signal,
        onChunk: (chunk) => {
          total += chunk.length;
          if (controller.signal.aborted) afterAbort += chunk.length;
          else if (total > 16 * MiB) controller.abort();
        },
      }),
    );
    expect(error).toBeInstanceOf(AbortError);
    // 4 GiB would take many seconds to decode; the abort ends it within a chunk or two.
    expect(ms).toBeLessThan(5_000);
    expect(afterAbort).toBeLessThan(MiB);
  });
});

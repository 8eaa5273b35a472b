/**
 * Content-Encoding against a real server: each coding alone, a stack, raw and zlib-wrapped
 * deflate, limits on the decoded size, broken bodies. zstd bodies are made by Node 26's zlib
 * (Node 20 has no zstd compressor; the decoder under test is fzstd).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodingError } from '../../src/errors.js';
import { codingsToUndo, decodeContent } from '../../src/http/decoding.js';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { node26 } from '../helpers/servers.js';
import { makeRequest, text } from './request.js';
import { startHttpServer, type CountingServer } from './servers.js';

function zstd(data: Uint8Array): Buffer {
  const script = 'process.stdout.write(require("node:zlib").zstdCompressSync(require("node:fs").readFileSync(0)))';
  return execFileSync(node26(), ['-e', script], { input: data, maxBuffer: 64 * 1024 * 1024 });
}

const PLAIN = Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(2000));
/** Incompressible, so chunk boundaries fall everywhere in the decoder's input. */
const RANDOM = randomBytes(300_000);

let bodies: Record<string, { encoding: string; data: Buffer }>;
let server: CountingServer;
let pool: ConnectionPool;

beforeAll(async () => {
  bodies = {
    gzip: { encoding: 'gzip', data: zlib.gzipSync(PLAIN) },
    'x-gzip': { encoding: 'x-gzip', data: zlib.gzipSync(PLAIN) },
    deflate: { encoding: 'deflate', data: zlib.deflateSync(PLAIN) },
    'raw-deflate': { encoding: 'deflate', data: zlib.deflateRawSync(PLAIN) },
    br: { encoding: 'br', data: zlib.brotliCompressSync(PLAIN) },
    zstd: { encoding: 'zstd', data: zstd(PLAIN) },
    'zstd-random': { encoding: 'zstd', data: zstd(RANDOM) },
    // "gzip, br": gzip was applied first, then br; undoing goes br, then gzip.
    stack: { encoding: 'gzip, br', data: zlib.brotliCompressSync(zlib.gzipSync(PLAIN)) },
    'stack-zstd': { encoding: 'zstd, deflate', data: zlib.deflateSync(zstd(PLAIN)) },
    'split-header': { encoding: 'gzip', data: zlib.gzipSync(PLAIN) },
    identity: { encoding: 'identity', data: PLAIN },
    unknown: { encoding: 'compress', data: Buffer.from('as sent') },
    bomb: { encoding: 'gzip', data: zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024)) },
    'corrupt-gzip': { encoding: 'gzip', data: Buffer.concat([zlib.gzipSync(PLAIN).subarray(0, 50), Buffer.from('garbage garbage garbage')]) },
    'truncated-gzip': { encoding: 'gzip', data: zlib.gzipSync(PLAIN).subarray(0, 200) },
    'corrupt-zstd': { encoding: 'zstd', data: Buffer.from('(\xb5/\xfd not really zstd at all', 'latin1') },
    'truncated-br': { encoding: 'br', data: zlib.brotliCompressSync(PLAIN).subarray(0, 30) },
    empty: { encoding: 'gzip', data: Buffer.alloc(0) },
  };
  server = await startHttpServer(async (req, res) => {
    const name = (req.url ?? '/').slice(1);
    const body = bodies[name];
    if (!body) return void res.writeHead(404).end();
    if (name === 'split-header') res.setHeader('Content-Encoding', ['identity', 'gzip']);
    else res.setHeader('Content-Encoding', body.encoding);
    // Written in small pieces: the decoders must cope with any split of their input.
    res.writeHead(200, { 'Content-Length': String(body.data.length) });
    for (let i = 0; i < body.data.length; i += 7_000) res.write(body.data.subarray(i, i + 7_000));
    res.end();
  });
  pool = new ConnectionPool();
});

afterAll(async () => {
  pool.close();
  await server?.close();
});

async function get(name: string, overrides: Parameters<typeof makeRequest>[1] = {}) {
  return performRequest(makeRequest(`${server.url}/${name}`, overrides), { pool });
}

describe('Content-Encoding', () => {
  it.each(['gzip', 'x-gzip', 'deflate', 'raw-deflate', 'br', 'zstd', 'stack', 'stack-zstd', 'split-header', 'identity'])('%s', async (name) => {
    const response = await get(name);
    expect(Buffer.from(response.body!).equals(PLAIN)).toBe(true);
  });

  it('zstd of incompressible data, fed in pieces', async () => {
    const response = await get('zstd-random');
    expect(Buffer.from(response.body!).equals(RANDOM)).toBe(true);
  });

  it('an unknown coding leaves the body as sent', async () => {
    expect(text((await get('unknown')).body)).toBe('as sent');
  });

  it('decode: false leaves the body as sent', async () => {
    const response = await get('gzip', { decode: false });
    expect(Buffer.from(response.body!).equals(bodies.gzip!.data)).toBe(true);
  });

  it('an empty body with a coding is empty', async () => {
    expect((await get('empty')).body!.length).toBe(0);
  });

  it('maxBodySize bounds the decoded size (a gzip bomb)', async () => {
    const started = Date.now();
    const error = await get('bomb', { maxBodySize: 1024 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodingError);
    expect((error as Error).message).toMatch(/maxBodySize/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each(['corrupt-gzip', 'truncated-gzip', 'corrupt-zstd', 'truncated-br'])('%s is a DecodingError', async (name) => {
    await expect(get(name)).rejects.toBeInstanceOf(DecodingError);
  });

  it('a connection whose body failed to decode is closed, and the next request gets a new one', async () => {
    await expect(get('corrupt-gzip')).rejects.toBeInstanceOf(DecodingError);
    const next = await get('gzip');
    expect(Buffer.from(next.body!).equals(PLAIN)).toBe(true);
  });

  it('streams decoded chunks through onChunk', async () => {
    const chunks: Uint8Array[] = [];
    const response = await performRequest(makeRequest(`${server.url}/stack`), { pool, onChunk: (chunk) => void chunks.push(chunk) });
    expect(response.body).toBeNull();
    expect(Buffer.concat(chunks).equals(PLAIN)).toBe(true);
  });
});

describe('codingsToUndo', () => {
  it('reverses the applied order and skips identity', () => {
    expect(codingsToUndo([['Content-Encoding', 'gzip, br']])).toEqual(['br', 'gzip']);
    expect(codingsToUndo([['content-encoding', 'identity'], ['Content-Encoding', 'ZSTD']])).toEqual(['zstd']);
    expect(codingsToUndo([['Content-Encoding', 'gzip, snappy']])).toBeNull();
    expect(codingsToUndo([])).toEqual([]);
  });

  it('decodes a stack held in memory', async () => {
    async function* source() {
      const data = zlib.gzipSync(zlib.deflateRawSync(PLAIN));
      for (let i = 0; i < data.length; i += 1) yield data.subarray(i, i + 1);
    }
    const out: Uint8Array[] = [];
    for await (const chunk of decodeContent(source(), ['gzip', 'deflate'])) out.push(chunk);
    expect(Buffer.concat(out).equals(PLAIN)).toBe(true);
  });
});

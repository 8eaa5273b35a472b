/**
 * Streamed request bodies end to end (issues 7 and 8): an async generator's chunks go from the
 * caller's thread to the worker over the request's port, with backpressure, and out as a chunked
 * HTTP/1.1 body or HTTP/2 DATA frames, through the real pool and our TLS and HTTP stacks.
 */
import { createHash } from 'node:crypto';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, RequestError } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { makePki, type Pki } from '../helpers/pki.js';

const CHUNK = 64 * 1024;
const TOTAL = 20 * 1024 * 1024;

interface Seen {
  httpVersion: string;
  transferEncoding: string | undefined;
  contentLength: string | undefined;
  sha256: string;
  bytes: number;
}

interface Upload {
  /** Bytes the server has read of the body in flight. */
  received: number;
  seen: Seen[];
}

let pki: Pki;
const servers: { close(): void; sessions: Set<{ destroy(): void }> }[] = [];

type Req = AsyncIterable<Buffer> & { url?: string; httpVersion: string; headers: Record<string, string | string[] | undefined> };
type Res = { writeHead(status: number, headers?: Record<string, string>): unknown; end(body?: string): unknown };

/** Reads the body, counting as it goes; `/redirect` answers 307 after it, everything else JSON. */
async function handle(upload: Upload, req: Req, res: Res): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of req) {
      hash.update(chunk);
      bytes += chunk.length;
      upload.received += chunk.length;
    }
  } catch {
    return; // the client gave up mid-body
  }
  const seen: Seen = {
    httpVersion: req.httpVersion,
    transferEncoding: req.headers['transfer-encoding'] as string | undefined,
    contentLength: req.headers['content-length'] as string | undefined,
    sha256: hash.digest('hex'),
    bytes,
  };
  upload.seen.push(seen);
  if (req.url === '/redirect') {
    res.writeHead(307, { location: '/target' });
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(seen));
}

async function start(kind: 'h1' | 'h2', upload: Upload): Promise<string> {
  const leaf = pki.leaves.ecdsaP256;
  const options = { key: leaf.keyPem, cert: leaf.chainPem };
  const onRequest = (req: unknown, res: unknown): void => void handle(upload, req as Req, res as Res);
  const server = kind === 'h2' ? http2.createSecureServer(options, onRequest) : https.createServer(options, onRequest);
  const sessions = new Set<{ destroy(): void }>();
  server.on('session', (s: { destroy(): void }) => sessions.add(s));
  server.on('secureConnection', (s: { destroy(): void }) => sessions.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => server.close(), sessions });
  return `https://localhost:${(server.address() as AddressInfo).port}`;
}

/**
 * TOTAL bytes of pseudo-random data in CHUNK-sized pieces, hashing as it goes and recording how
 * far production ever ran ahead of what the server had read.
 */
function body(upload: Upload, options: { failAfter?: number } = {}) {
  const hash = createHash('sha256');
  const state = { produced: 0, maxLead: 0, sha256: '' };
  async function* generate(): AsyncGenerator<Uint8Array> {
    let seed = 1;
    for (let offset = 0; offset < TOTAL; offset += CHUNK) {
      if (options.failAfter !== undefined && offset >= options.failAfter) throw new Error('the disk went away');
      const chunk = new Uint8Array(CHUNK);
      for (let i = 0; i < CHUNK; i += 4) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        chunk[i] = seed & 0xff;
        chunk[i + 1] = (seed >>> 8) & 0xff;
      }
      hash.update(chunk);
      state.produced += chunk.length;
      state.maxLead = Math.max(state.maxLead, state.produced - upload.received);
      yield chunk;
    }
    state.sha256 = hash.digest('hex');
  }
  return { generate, state };
}

beforeAll(async () => {
  pki = await makePki();
});

afterAll(async () => {
  await closeDefaultPool();
  for (const server of servers) {
    for (const s of server.sessions) s.destroy();
    server.close();
  }
});

describe('streamed request bodies', () => {
  for (const kind of ['h1', 'h2'] as const) {
    it(`uploads 20 MiB from an async generator over ${kind === 'h1' ? 'HTTP/1.1 (chunked)' : 'HTTP/2'}, a window ahead at most`, async () => {
      const upload: Upload = { received: 0, seen: [] };
      const url = await start(kind, upload);
      await using client = new AsyncClient({ ca: pki.ca, timeout: 60_000, http2: kind === 'h1' ? 'http1' : 'auto' });
      const { generate, state } = body(upload);
      const response = await client.post(`${url}/upload`, { content: generate() });
      expect(response.status).toBe(200);
      const seen = response.json() as Seen;
      expect(seen.bytes).toBe(TOTAL);
      expect(seen.sha256).toBe(state.sha256);
      if (kind === 'h1') {
        expect(seen.httpVersion).toBe('1.1');
        expect(seen.transferEncoding).toBe('chunked');
        expect(seen.contentLength).toBeUndefined();
      } else {
        expect(seen.httpVersion).toBe('2.0');
      }
      // The pool's window (4 chunks) plus what sits in the worker, TLS and the kernel's socket
      // buffers (up to 4 MiB on Linux loopback): a few MiB, never the whole body. The window
      // itself is checked exactly in test/pool/request-stream.test.ts.
      expect(state.maxLead).toBeLessThan(8 * 1024 * 1024);
    }, 120_000);
  }

  it('sends the caller-given Content-Length instead of chunked, and checks it', async () => {
    const upload: Upload = { received: 0, seen: [] };
    const url = await start('h1', upload);
    await using client = new AsyncClient({ ca: pki.ca, timeout: 30_000, http2: 'http1' });
    async function* parts(): AsyncGenerator<Uint8Array | string> {
      yield 'hello ';
      yield new TextEncoder().encode('world');
    }
    const response = await client.post(`${url}/upload`, { content: parts(), headers: { 'content-length': '11' } });
    const seen = response.json() as Seen;
    expect(seen.contentLength).toBe('11');
    expect(seen.transferEncoding).toBeUndefined();
    expect(seen.sha256).toBe(createHash('sha256').update('hello world').digest('hex'));

    await expect(client.post(`${url}/upload`, { content: parts(), headers: { 'content-length': '20' } })).rejects.toBeInstanceOf(RequestError);
  }, 60_000);

  for (const kind of ['h1', 'h2'] as const) {
    it(`a generator that throws mid-upload rejects with a RequestError, and the worker keeps working (${kind})`, async () => {
      const upload: Upload = { received: 0, seen: [] };
      const url = await start(kind, upload);
      await using client = new AsyncClient({ ca: pki.ca, timeout: 30_000, http2: kind === 'h1' ? 'http1' : 'auto' });
      const { generate } = body(upload, { failAfter: 2 * 1024 * 1024 });
      const error = await client.post(`${url}/upload`, { content: generate() }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RequestError);
      expect((error as Error).message).toMatch(/the disk went away/);
      const after = await client.post(`${url}/upload`, { content: 'still here' });
      expect(after.status).toBe(200);
      expect((after.json() as Seen).bytes).toBe(10);
    }, 60_000);
  }

  it('a 307 redirect with a streamed body rejects with "streamed body cannot be resent"', async () => {
    const upload: Upload = { received: 0, seen: [] };
    const url = await start('h1', upload);
    await using client = new AsyncClient({ ca: pki.ca, timeout: 30_000 });
    async function* parts(): AsyncGenerator<string> {
      yield 'once';
    }
    const error = await client.post(`${url}/redirect`, { content: parts() }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RequestError);
    expect((error as Error).message).toMatch(/streamed body cannot be resent/);
    expect(upload.seen.map((s) => s.bytes)).toEqual([4]);
  }, 60_000);
});

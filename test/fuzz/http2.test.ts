/**
 * Fuzzing the HTTP/2 side that reads the network (src/http/h2): FrameReader and decodeFrame over
 * the real browser streams in the captures and over a real server's stream (Node's http2 server,
 * recorded answering our own Http2Session), the HPACK decoder over the header blocks found in
 * them (several blocks per decoder, so the dynamic table carries state), response-head
 * validation, and the whole Http2Session fed a mutated server stream. Property: values or a
 * RemoteProtocolError (a StreamError for a per-stream violation in response-head checks), in
 * bounded time and memory.
 */
import http2 from 'node:http2';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteProtocolError } from '../../src/errors.js';
import { Http2Session, type Http2Request } from '../../src/http/h2/session.js';
import { StreamError } from '../../src/http/h2/stream-error.js';
import { parseResponseHead, parseTrailers } from '../../src/http/h2/response-head.js';
import { CLIENT_PREFACE, FrameReader, HpackDecoder, MAX_ALLOWED_FRAME_SIZE, decodeFrame, type Frame } from '../../src/http/h2/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { captureFiles, readCapture } from '../fingerprint/captures.js';
import { bytesArb, chunked, concatBytes, cutsArb, fromHex, fuzzAsync, fuzzSync, mutatedArb, runs, summaryTable } from './harness.js';
import { scriptedSocket } from './stream.js';

let clientStreams: Uint8Array[] = [];
let serverStreams: Uint8Array[] = [];
let headerBlocks: Uint8Array[] = [];
/** The header blocks of each stream in order: decoded in order, each refers to the table the ones before built. */
let blockSequences: Uint8Array[][] = [];
let frames: { typeId: number; flags: number; streamId: number; payload: Uint8Array }[] = [];
afterAll(() => console.log(summaryTable('HTTP/2 and HPACK')));

/** Frames of a stream, read leniently (a capture may end inside a frame). */
function framesOf(bytes: Uint8Array, expectPreface: boolean): Frame[] {
  const reader = new FrameReader({ expectPreface, maxFrameSize: MAX_ALLOWED_FRAME_SIZE });
  const out: Frame[] = [];
  try {
    // Whole frames only: feed up to the last complete one.
    out.push(...reader.push(bytes));
  } catch {
    // a capture cut at 8 KiB: keep what came before
  }
  return out;
}

/** Records a real server's answers to our own Http2Session (h2c on loopback). */
async function recordServerStreams(): Promise<Uint8Array[]> {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const path = String(headers[':path']);
    if (path === '/trailers') {
      stream.respond({ ':status': 200, 'content-type': 'text/plain' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'x-checksum': 'abc' }));
      stream.end('with trailers');
    } else if (path === '/big') {
      stream.respond({ ':status': 200, 'set-cookie': ['a=1', 'b=2'], 'x-long': 'y'.repeat(2000) });
      stream.end(Buffer.alloc(40_000, 0x61));
    } else if (path === '/redirect') {
      stream.respond({ ':status': 302, location: '/elsewhere' });
      stream.end();
    } else {
      stream.respond({ ':status': 200, 'content-type': 'text/html', 'cache-control': 'no-store' });
      stream.end(`hello ${path}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const out: Uint8Array[] = [];
  try {
    for (const [profile, paths] of [
      [chrome156, ['/', '/trailers', '/redirect']],
      [firefox153, ['/big', '/a', '/b']],
    ] as const) {
      const socket = await new Promise<Socket>((resolve, reject) => {
        const s = netConnect({ host: '127.0.0.1', port }, () => resolve(s));
        s.once('error', reject);
      });
      const received: Buffer[] = [];
      socket.on('data', (c: Buffer) => received.push(c));
      const session = new Http2Session(socket, { profile });
      for (const path of paths) {
        const response = await session.request(get(path));
        for await (const chunk of response.body) void chunk;
      }
      session.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      out.push(new Uint8Array(Buffer.concat(received)));
    }
  } finally {
    server.close();
  }
  return out;
}

function get(path: string): Http2Request {
  return { method: 'GET', scheme: 'https', authority: 'localhost', path, headers: [['accept', '*/*']], body: null };
}

beforeAll(async () => {
  clientStreams = captureFiles('.h2-client.hex')
    .map((f) => fromHex(readCapture(f)))
    .filter((b) => b.length >= CLIENT_PREFACE.length && CLIENT_PREFACE.every((v, i) => b[i] === v));
  serverStreams = await recordServerStreams();
  for (const [bytes, preface] of [...clientStreams.map((b) => [b, true] as const), ...serverStreams.map((b) => [b, false] as const)]) {
    const sequence: Uint8Array[] = [];
    for (const f of framesOf(bytes, preface)) {
      if (f.type === 'HEADERS' || f.type === 'CONTINUATION' || f.type === 'PUSH_PROMISE') sequence.push(f.headerBlock);
    }
    headerBlocks.push(...sequence);
    if (sequence.length) blockSequences.push(sequence);
    // The raw frames too, for decodeFrame: re-cut the stream at each frame header.
    let at = preface ? CLIENT_PREFACE.length : 0;
    while (bytes.length - at >= 9) {
      const length = (bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!;
      if (bytes.length - at - 9 < length) break;
      const streamId = ((bytes[at + 5]! << 24) | (bytes[at + 6]! << 16) | (bytes[at + 7]! << 8) | bytes[at + 8]!) & 0x7fff_ffff;
      frames.push({ typeId: bytes[at + 3]!, flags: bytes[at + 4]!, streamId, payload: bytes.slice(at + 9, at + 9 + length) });
      at += 9 + length;
    }
  }
}, 60_000);

const acceptStreamError = (e: unknown): boolean => e instanceof StreamError;

describe('HTTP/2 frames and HPACK', () => {
  it('has seeds: browser captures and a recorded server stream', () => {
    expect(clientStreams.length).toBeGreaterThanOrEqual(5);
    expect(serverStreams.every((s) => s.length > 100)).toBe(true);
    expect(headerBlocks.length).toBeGreaterThan(5);
    expect(frames.length).toBeGreaterThan(20);
  });

  it('FrameReader: client streams (preface expected), mutated, cut anywhere', () => {
    fuzzSync(
      'FrameReader (client streams)',
      fc.tuple(bytesArb(clientStreams, { maxLength: 512 }), cutsArb, fc.boolean()),
      ([bytes, cuts, end]) => {
        const reader = new FrameReader({ expectPreface: true, maxFrameSize: MAX_ALLOWED_FRAME_SIZE });
        let n = 0;
        for (const piece of chunked(bytes, cuts)) n += reader.push(piece).length;
        if (end) reader.end();
        return n;
      },
      { numRuns: runs(3000), sizeOf: ([b]) => b.length },
    );
  });

  it('FrameReader: server streams, mutated, cut anywhere', () => {
    fuzzSync(
      'FrameReader (server streams)',
      fc.tuple(bytesArb(serverStreams, { maxLength: 512 }), cutsArb, fc.constantFrom(16_384, 32_768, MAX_ALLOWED_FRAME_SIZE)),
      ([bytes, cuts, maxFrameSize]) => {
        const reader = new FrameReader({ maxFrameSize });
        let n = 0;
        for (const piece of chunked(bytes, cuts)) n += reader.push(piece).length;
        reader.end();
        return n;
      },
      { numRuns: runs(3000), sizeOf: ([b]) => b.length },
    );
  });

  it('decodeFrame: real frames with mutated payloads, types, flags and stream ids', () => {
    const frameArb = fc
      .tuple(fc.constantFrom(...frames), mutatedArb(frames.map((f) => f.payload).filter((p) => p.length > 0), 2), fc.nat({ max: 9 }), fc.nat({ max: 255 }), fc.nat({ max: 0xff }), fc.boolean())
      .map(([f, mutatedPayload, typeSwap, flags, streamSwap, keepPayload]) => {
        const payload = keepPayload ? f.payload : mutatedPayload;
        const typeId = typeSwap < 7 ? f.typeId : typeSwap === 7 ? flags % 11 : flags;
        const streamId = streamSwap < 200 ? f.streamId : streamSwap - 200;
        return { header: { length: payload.length, typeId, flags: keepPayload ? f.flags : flags, streamId }, payload };
      });
    fuzzSync('decodeFrame', frameArb, ({ header, payload }) => decodeFrame(header, payload), { numRuns: runs(4000), sizeOf: (c) => c.payload.length });
  });

  it('HPACK: sequences of real header blocks, mutated, through one decoder', () => {
    const arb = fc.tuple(
      fc.array(bytesArb(headerBlocks, { maxLength: 256, maxEdits: 3 }), { minLength: 1, maxLength: 4 }),
      fc.constantFrom(0, 256, 4096, 65_536),
      fc.constantFrom(1024, 16_384, 256 * 1024),
    );
    fuzzSync(
      'HpackDecoder',
      arb,
      ([blocks, tableSizeLimit, maxHeaderListSize]) => {
        const decoder = new HpackDecoder({ tableSizeLimit, maxHeaderListSize });
        let fields = 0;
        for (const block of blocks) {
          const decoded = decoder.decode(block);
          fields += decoded.fields.length;
          expect(decoder.tableSize).toBeLessThanOrEqual(decoder.tableMaxSize);
        }
        return fields;
      },
      { numRuns: runs(5000), sizeOf: ([blocks]) => blocks.reduce((n, b) => n + b.length, 0) },
    );
  });

  it("HPACK: each stream's header blocks in order, some of them mutated", () => {
    const arb = fc.constantFrom(...blockSequences).chain((sequence) =>
      fc.tuple(...sequence.map((block) => fc.oneof({ weight: 4, arbitrary: fc.constant(block) }, { weight: 1, arbitrary: mutatedArb([block], 3) }))),
    );
    fuzzSync(
      'HpackDecoder (stream order)',
      arb,
      (blocks) => {
        const decoder = new HpackDecoder();
        return blocks.reduce((n, block) => n + decoder.decode(block).fields.length, 0);
      },
      { numRuns: runs(3000), sizeOf: (blocks) => blocks.reduce((n, b) => n + b.length, 0) },
    );
  });

  it('HPACK: integers and string lengths near 2^32 and beyond fail without allocating', () => {
    const decoder = (): HpackDecoder => new HpackDecoder();
    // Literal, new name, string length 2^32 (varint), then nothing.
    expect(() => decoder().decode(fromHex('40 7f ffffffff0f'))).toThrow(RemoteProtocolError);
    // Indexed field with an index of 2^53.
    expect(() => decoder().decode(fromHex('ff ffffffffffffffff7f'))).toThrow(RemoteProtocolError);
    fuzzSync(
      'HpackDecoder (huge varints)',
      fc.tuple(fc.constantFrom(0x40, 0x00, 0x10, 0x80, 0x20), fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 12 }), fc.nat({ max: 0x7f }), fc.uint8Array({ maxLength: 16 })),
      ([first, continuation, last, tail]) => new HpackDecoder().decode(concatBytes(Uint8Array.of(first | 0x0f, 0x7f), Uint8Array.from(continuation), Uint8Array.of(last), tail)),
      { numRuns: runs(1000), sizeOf: ([, c, , t]) => c.length + t.length + 3 },
    );
  });

  it('response-head and trailer validation over decoded header lists', () => {
    const fieldArb = fc.oneof(
      fc.tuple(fc.constantFrom(':status', ':path', ':method', 'content-length', 'connection', 'te', 'x-a', 'Upper', ''), fc.oneof(fc.constantFrom('200', '101', '099', '1000', '20', '5', '05', '5,5', '5, 6', '', 'a\r\nb', 'a\0'), fc.string({ maxLength: 12 }))),
      fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })),
    );
    fuzzSync('parseResponseHead / parseTrailers', fc.tuple(fc.array(fieldArb, { maxLength: 8 }), fc.boolean()), ([fields, trailers]) => (trailers ? parseTrailers(fields) : parseResponseHead(fields)), {
      numRuns: runs(2000),
      alsoAccept: acceptStreamError,
    });
  });

  it('Http2Session: a request answered by a mutated server stream, cut anywhere', async () => {
    const arb = fc.record({ bytes: mutatedArb(serverStreams, 4), cuts: cutsArb, firefox: fc.boolean(), requests: fc.integer({ min: 1, max: 3 }) });
    await fuzzAsync(
      'Http2Session (mutated server streams)',
      arb,
      async ({ bytes, cuts, firefox, requests }) => {
        const socket = scriptedSocket(chunked(bytes, cuts));
        const session = new Http2Session(socket, { profile: firefox ? firefox153 : chrome156, settingsTimeoutMs: 1000, closeGraceMs: 100 });
        try {
          const results = await Promise.allSettled(
            Array.from({ length: requests }, async (_, i) => {
              const response = await session.request(get(['/', '/trailers', '/redirect'][i]!));
              let n = 0;
              for await (const chunk of response.body) n += chunk.length;
              return n;
            }),
          );
          const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
          if (failed) throw failed.reason;
          return results.length;
        } finally {
          session.destroy();
          socket.destroy();
        }
      },
      { numRuns: runs(1500), sizeOf: (c) => c.bytes.length },
    );
  });
});

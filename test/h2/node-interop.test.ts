/**
 * Our codec against Node's own HTTP/2 (nghttp2), over a real socket to an h2c server:
 * our HPACK encoder and frames → Node's decoder, and Node's encoder → our FrameReader and decoder.
 */
import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_PREFACE,
  FrameReader,
  HpackDecoder,
  HpackEncoder,
  SettingsId,
  encodeFrame,
  type DecodedField,
  type EncodingPolicy,
  type FieldEncoding,
  type Frame,
  type HeaderField,
} from '../../src/http/h2/index.js';
import { concat } from './support.js';

interface Seen {
  rawHeaders: string[];
  sensitive: string[];
}

/** Our table size setting: lower than Node's 4096, so Node's encoder must shrink and say so. */
const OUR_TABLE_SIZE = 256;

let server: http2.Http2Server;
let port = 0;
const seen = new Map<string, Seen>();

/**
 * What the server answers to a request whose `x-test` is `name`: many fields first (they overflow
 * a 256-octet table), small stable ones last (they survive in it, so the next answer, which for
 * "third" has no filler, can send them as dynamic indices).
 */
function responseFor(name: string): http2.OutgoingHttpHeaders {
  const many: Record<string, string> = {};
  for (let i = 0; i < (name === 'third' ? 0 : 30); i++) many[`x-resp-${i}`] = `${name}-value-${i}`.repeat(1 + (i % 3));
  return {
    ':status': 200,
    ...many,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-latin1': 'caf\u00e9 \u00ff',
    'x-secret': `token-${name}`,
    'set-cookie': ['a=1; Path=/', `b=${name}; HttpOnly`],
    [http2.sensitiveHeaders]: ['x-secret'],
  };
}

beforeAll(async () => {
  server = http2.createServer({ maxHeaderListPairs: 4000, settings: { maxHeaderListSize: 1 << 20 } });
  server.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, _flags: number, rawHeaders: string[]) => {
    const name = String(headers['x-test']);
    const sensitive = (headers as Record<symbol, unknown>)[http2.sensitiveHeaders];
    seen.set(name, { rawHeaders, sensitive: Array.isArray(sensitive) ? sensitive.map(String) : [] });
    stream.respond(responseFor(name));
    stream.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/**
 * Every octet nghttp2 accepts in a field value: HTAB, SP..~ and obs-text (it is stricter than
 * RFC 9113 §8.2.1 and silently drops a field with other controls). The Huffman codes of the
 * remaining controls are checked against Appendix B in huffman.test.ts.
 */
const ALL_OCTETS = 'x' + Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).filter((c) => c === '\t' || (c >= ' ' && c <= '~') || c >= '\u0080').join('') + 'x';

interface Request {
  streamId: number;
  fields: HeaderField[];
  /** The never-indexed names this request carries (Node reports them as sensitive). */
  never: string[];
}

/** A request exercising every representation and Huffman choice, keyed by the `x-rep` header. */
function request(streamId: number, name: string, extra: HeaderField[] = []): Request {
  const fields: HeaderField[] = [
    [':method', 'GET'],
    [':scheme', 'http'],
    [':authority', `127.0.0.1:${port}`],
    [':path', `/${name}?q=${streamId}`],
    ['x-test', name],
    ['x-inc-huff', 'incremental huffman'],
    ['x-inc-raw', 'incremental raw'],
    ['x-without-huff', 'without huffman'],
    ['x-without-raw', 'without raw'],
    ['x-never-huff', 'never huffman'],
    ['x-never-raw', 'never raw'],
    ['user-agent', 'tls-requests-test/1.0'],
    ['accept-encoding', 'gzip, deflate'],
    ['x-all-octets-huff', ALL_OCTETS],
    ['x-all-octets-raw', ALL_OCTETS],
    ...extra,
    ['x-dup', 'same'], // inserted, then sent again as dynamic index 62
    ['x-dup', 'same'],
  ];
  return { streamId, fields, never: ['x-never-huff', 'x-never-raw'] };
}

/** Per-header choices: the name says what to do. */
const policy: EncodingPolicy = (name): FieldEncoding => {
  const huffman = name.endsWith('-raw') ? false : name.endsWith('-huff') ? true : 'shorter';
  if (name.startsWith('x-never')) return { indexing: 'never', huffman };
  if (name.startsWith('x-without') || name === ':path') return { indexing: 'without', huffman };
  if (name.startsWith('x-fill')) return { indexing: 'incremental', huffman, nameReference: 'literal' };
  return { indexing: 'incremental', huffman };
};

interface Exchange {
  /** The header blocks we sent, in order. */
  sent: Uint8Array[];
  responses: Map<number, DecodedField[]>;
  updates: number[][];
  frames: Frame[];
}

/** Opens a connection, sends the requests (with a size change before the later ones), and collects the responses. */
function exchange(requests: Request[]): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const reader = new FrameReader();
    const decoder = new HpackDecoder();
    // Node's limit is its default 4096; we choose 256 so many headers force evictions.
    const encoder = new HpackEncoder({ policy });
    const result: Exchange = { sent: [], responses: new Map(), updates: [], frames: [] };
    const open = new Map<number, Uint8Array[]>();
    let ended = 0;

    socket.on('connect', () => {
      const blocks = requests.map((r, i) => {
        if (i === 0) encoder.setTableSize(256);
        if (i === 1) {
          encoder.setTableSize(0); // empties Node's table too: it must see 0 then 200
          encoder.setTableSize(200);
        }
        const headerBlock = encoder.encode(r.fields);
        result.sent.push(headerBlock);
        return encodeFrame({ type: 'HEADERS', streamId: r.streamId, endStream: true, endHeaders: true, headerBlock });
      });
      socket.write(concat(CLIENT_PREFACE, encodeFrame({ type: 'SETTINGS', streamId: 0, ack: false, settings: [
        { id: SettingsId.HEADER_TABLE_SIZE, value: OUR_TABLE_SIZE },
        { id: SettingsId.ENABLE_PUSH, value: 0 },
      ] }), ...blocks));
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of reader.push(chunk)) {
          result.frames.push(frame);
          if (frame.type === 'SETTINGS' && !frame.ack) socket.write(encodeFrame({ type: 'SETTINGS', streamId: 0, ack: true, settings: [] }));
          if (frame.type === 'SETTINGS' && frame.ack) decoder.setTableSizeLimit(OUR_TABLE_SIZE);
          if (frame.type === 'HEADERS' || frame.type === 'CONTINUATION') {
            const parts = open.get(frame.streamId) ?? [];
            parts.push(frame.headerBlock);
            open.set(frame.streamId, parts);
            if (frame.endHeaders) {
              const block = decoder.decode(concat(...parts));
              result.responses.set(frame.streamId, block.fields);
              result.updates.push(block.tableSizeUpdates);
              open.delete(frame.streamId);
            }
          }
          if ((frame.type === 'DATA' || frame.type === 'HEADERS') && frame.endStream && ++ended === requests.length) {
            socket.end(encodeFrame({ type: 'GOAWAY', streamId: 0, lastStreamId: 0, errorCode: 0, debugData: new Uint8Array(0) }));
            resolve(result);
          }
          if (frame.type === 'GOAWAY' || frame.type === 'RST_STREAM') reject(new Error(`server sent ${JSON.stringify(frame)}`));
        }
      } catch (error) {
        reject(error);
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => reject(new Error('timed out')));
  });
}

describe('our encoder → Node (nghttp2) decoder, and Node encoder → our decoder', () => {
  const fill = (n: number, tag: string): HeaderField[] => Array.from({ length: n }, (_, i) => [`x-fill-${tag}-${i}`, `value ${i} `.repeat(1 + (i % 4)) + tag]);
  let result: Exchange;
  let requests: Request[];

  beforeAll(async () => {
    requests = [
      request(1, 'first', fill(40, 'a')), // a 256-octet table: these evict each other
      request(3, 'second', fill(10, 'b')), // after the 0-then-200 size update
      request(5, 'third', fill(40, 'a')), // same names and values again: some are now indexed
    ];
    result = await exchange(requests);
  });

  it('what we sent covers every representation, Huffman on and off, size updates and evictions', () => {
    const mirror = new HpackDecoder();
    const seenKinds = new Set<string>();
    const updates: number[][] = [];
    for (const block of result.sent) {
      const decoded = mirror.decode(block);
      updates.push(decoded.tableSizeUpdates);
      for (const f of decoded.fields) {
        const where = f.representation === 'indexed' ? (f.index > 61 ? 'dynamic' : 'static') : `huffman=${f.valueHuffman}`;
        seenKinds.add(`${f.representation} ${where}`);
      }
    }
    expect([...seenKinds].sort()).toEqual([
      'incremental huffman=false',
      'incremental huffman=true',
      'indexed dynamic',
      'indexed static',
      'never huffman=false',
      'never huffman=true',
      'without huffman=false',
      'without huffman=true',
    ]);
    expect(updates).toEqual([[256], [0, 200], []]);
    expect(mirror.tableSize).toBeLessThanOrEqual(200);
  });

  it('Node sees exactly the header lists we encoded, in order', () => {
    for (const r of requests) {
      const name = r.fields.find(([n]) => n === 'x-test')![1];
      const got = seen.get(name)!;
      const pairs: [string, string][] = [];
      for (let i = 0; i < got.rawHeaders.length; i += 2) pairs.push([got.rawHeaders[i]!, got.rawHeaders[i + 1]!]);
      expect(pairs).toEqual(r.fields);
    }
  });

  it('Node marks exactly our never-indexed fields as sensitive', () => {
    for (const r of requests) {
      const name = r.fields.find(([n]) => n === 'x-test')![1];
      expect([...seen.get(name)!.sensitive].sort()).toEqual([...r.never].sort());
    }
  });

  it('we decode Node\'s responses: same fields, never-indexed kept, table shrunk on request', () => {
    expect(result.responses.size).toBe(3);
    for (const [streamId, fields] of result.responses) {
      const name = requests.find((r) => r.streamId === streamId)!.fields.find(([n]) => n === 'x-test')![1];
      const want: [string, string][] = [];
      for (const [key, value] of Object.entries(responseFor(name))) {
        for (const v of Array.isArray(value) ? value : [value]) want.push([key, String(v)]);
      }
      expect(fields.filter((f) => f.name !== 'date').map((f) => [f.name, f.value])).toEqual(want);
      expect(fields.find((f) => f.name === 'x-secret')!.representation).toBe('never');
    }
    expect(result.responses.get(1)!.some((f) => f.representation === 'incremental')).toBe(true);
    // After our SETTINGS_HEADER_TABLE_SIZE of 256, Node's first block must open with an update to it.
    expect(result.updates[0]).toEqual([OUR_TABLE_SIZE]);
    // Later responses reuse Node's dynamic table entries.
    expect(result.responses.get(5)!.some((f) => f.representation === 'indexed' && f.index > 61)).toBe(true);
  });

  it('read Node\'s SETTINGS, its ACK of ours, and the DATA with our FrameReader', () => {
    const types = result.frames.map((f) => f.type);
    expect(types).toEqual(expect.arrayContaining(['SETTINGS', 'HEADERS', 'DATA']));
    expect(result.frames.some((f) => f.type === 'SETTINGS' && f.ack)).toBe(true);
    const body = result.frames.flatMap((f) => (f.type === 'DATA' && f.streamId === 1 ? [Buffer.from(f.data).toString()] : [])).join('');
    expect(body).toBe('ok');
  });
});

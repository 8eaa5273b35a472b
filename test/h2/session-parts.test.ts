/**
 * The session's parts on their own: windows (Chrome's replenishing rule), the opening bytes,
 * request field lists and HEADERS/CONTINUATION splitting, response-head checks, the outbound body
 * chunking and the response body's release accounting.
 */
import { describe, expect, it } from 'vitest';
import { RemoteProtocolError, RequestError } from '../../src/errors.js';
import { CLIENT_PREFACE, FrameReader, HpackDecoder, HpackEncoder, type Frame } from '../../src/http/h2/index.js';
import { ReceiveWindow, SendWindow } from '../../src/http/h2/flow-control.js';
import { localSettings } from '../../src/http/h2/local-settings.js';
import { openingBytes } from '../../src/http/h2/opening.js';
import { applyPeerSettings, defaultPeerSettings } from '../../src/http/h2/peer-settings.js';
import { OutboundBody } from '../../src/http/h2/request-body.js';
import { headerBlockFrames, requestFields } from '../../src/http/h2/request-headers.js';
import { H2ResponseBody } from '../../src/http/h2/response-body.js';
import { parseResponseHead, parseTrailers } from '../../src/http/h2/response-head.js';
import { StreamError } from '../../src/http/h2/stream-error.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { hpackPolicy } from '../../src/profiles/hpack-policy.js';
import type { Http2Profile } from '../../src/profiles/types.js';
import { concat } from './support.js';

function frames(bytes: Uint8Array, preface = false): Frame[] {
  const reader = new FrameReader({ expectPreface: preface, maxFrameSize: 16_777_215 });
  const out = reader.push(bytes);
  reader.end();
  return out;
}

describe('ReceiveWindow (Chrome: update once more than half the window is consumed)', () => {
  it('holds small consumption back and then gives all of it back at once', () => {
    const w = new ReceiveWindow(100);
    expect(w.receive(60)).toBe(true);
    expect(w.consumed(30)).toBe(0);
    expect(w.consumed(20)).toBe(0); // 50 is not more than half
    expect(w.consumed(1)).toBe(51);
    expect(w.available).toBe(91);
  });

  it('refuses octets beyond the window', () => {
    const w = new ReceiveWindow(10);
    expect(w.receive(10)).toBe(true);
    expect(w.receive(1)).toBe(false);
  });

  it('sends a small update after the idle interval (Chrome: 5 s on the session)', () => {
    let now = 0;
    const w = new ReceiveWindow(1_000, 5_000, () => now);
    w.receive(10);
    expect(w.consumed(5)).toBe(0);
    now = 5_000;
    expect(w.consumed(5)).toBe(10);
  });
});

describe('SendWindow', () => {
  it('goes negative on a SETTINGS shrink and refuses to pass 2^31-1', () => {
    const w = new SendWindow(100);
    w.consume(80);
    expect(w.grow(-50)).toBe(true);
    expect(w.available).toBe(0);
    expect(w.grow(30)).toBe(true);
    expect(w.available).toBe(0);
    expect(w.grow(1)).toBe(true);
    expect(w.available).toBe(1);
    expect(w.grow(0x7fff_ffff)).toBe(false);
  });
});

describe('applyPeerSettings', () => {
  it('starts from the defaults (100 streams assumed) and applies values in order', () => {
    const peer = defaultPeerSettings();
    expect(peer).toEqual({ headerTableSize: 4_096, maxConcurrentStreams: 100, initialWindowSize: 65_535, maxFrameSize: 16_384, maxHeaderListSize: Infinity, enableConnectProtocol: false });
    const change = applyPeerSettings(peer, [
      { id: 4, value: 1_000 },
      { id: 1, value: 0 },
      { id: 4, value: 2_000 },
      { id: 3, value: 7 },
      { id: 5, value: 32_768 },
      { id: 0x99, value: 5 },
    ]);
    expect(change).toEqual({ headerTableSizes: [0], windowDelta: 2_000 - 65_535 });
    expect(peer).toMatchObject({ headerTableSize: 0, initialWindowSize: 2_000, maxConcurrentStreams: 7, maxFrameSize: 32_768 });
  });

  it('SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 §3): 1 allows extended CONNECT', () => {
    const peer = defaultPeerSettings();
    applyPeerSettings(peer, [{ id: 8, value: 1 }]);
    expect(peer.enableConnectProtocol).toBe(true);
  });

  it('refuses SETTINGS_ENABLE_PUSH=1 from a server, accepts 0', () => {
    expect(() => applyPeerSettings(defaultPeerSettings(), [{ id: 2, value: 1 }])).toThrow(RemoteProtocolError);
    expect(applyPeerSettings(defaultPeerSettings(), [{ id: 2, value: 0 }]).windowDelta).toBe(0);
  });
});

describe('openingBytes and localSettings', () => {
  it('Chrome: preface, SETTINGS 1,2,4,6 in order, WINDOW_UPDATE 15663105', () => {
    const out = frames(openingBytes(chrome156.http2), true);
    expect(out).toEqual([
      {
        type: 'SETTINGS',
        streamId: 0,
        flags: 0,
        ack: false,
        settings: [
          { id: 1, value: 65_536 },
          { id: 2, value: 0 },
          { id: 4, value: 6_291_456 },
          { id: 6, value: 262_144 },
        ],
      },
      { type: 'WINDOW_UPDATE', streamId: 0, flags: 0, increment: 15_663_105 },
    ]);
    expect(new Uint8Array(openingBytes(chrome156.http2).subarray(0, 24))).toEqual(CLIENT_PREFACE);
    expect(localSettings(chrome156.http2)).toMatchObject({ initialWindowSize: 6_291_456, connectionWindow: 15_728_640, streamWindow: 6_291_456, pushEnabled: false, maxFrameSize: 16_384 });
    expect(localSettings(firefox153.http2)).toMatchObject({ connectionWindow: 12_582_912, streamWindow: 12_582_912 });
  });

  it('PRIORITY frames (older Firefox) follow the WINDOW_UPDATE, in order', () => {
    const oldFirefox: Http2Profile = {
      ...firefox153.http2,
      priorityFrames: [
        { streamId: 3, exclusive: false, dependsOn: 0, weight: 201 },
        { streamId: 5, exclusive: false, dependsOn: 0, weight: 101 },
        { streamId: 7, exclusive: false, dependsOn: 0, weight: 1 },
        { streamId: 9, exclusive: false, dependsOn: 7, weight: 1 },
        { streamId: 11, exclusive: false, dependsOn: 3, weight: 1 },
        { streamId: 13, exclusive: false, dependsOn: 0, weight: 241 },
      ],
    };
    const out = frames(openingBytes(oldFirefox), true);
    expect(out.map((f) => f.type)).toEqual(['SETTINGS', 'WINDOW_UPDATE', 'PRIORITY', 'PRIORITY', 'PRIORITY', 'PRIORITY', 'PRIORITY', 'PRIORITY']);
    expect(out[5]).toMatchObject({ streamId: 9, priority: { exclusive: false, dependsOn: 7, weight: 1 } });
  });

  it('no WINDOW_UPDATE when the profile has none', () => {
    const out = frames(openingBytes({ ...chrome156.http2, connectionWindowUpdate: null }), true);
    expect(out.map((f) => f.type)).toEqual(['SETTINGS']);
  });
});

describe('requestFields', () => {
  const line = { method: 'GET', scheme: 'https', authority: 'example.com', path: '/a?b' };

  it('puts the pseudo-headers in the profile order, then the fields as given, lower-cased', () => {
    expect(requestFields(line, [['User-Agent', 'x'], ['Accept', '*/*']], [':method', ':path', ':authority', ':scheme'])).toEqual([
      [':method', 'GET'],
      [':path', '/a?b'],
      [':authority', 'example.com'],
      [':scheme', 'https'],
      ['user-agent', 'x'],
      ['accept', '*/*'],
    ]);
  });

  it('drops connection-specific fields and te other than trailers', () => {
    const fields = requestFields(line, [['Connection', 'keep-alive'], ['Transfer-Encoding', 'chunked'], ['te', 'gzip'], ['te', 'trailers'], ['x', '1']], chrome156.http2.pseudoHeaderOrder);
    expect(fields.slice(4)).toEqual([
      ['te', 'trailers'],
      ['x', '1'],
    ]);
  });

  it('CONNECT carries :method and :authority only; missing pseudo-headers go last in RFC order', () => {
    expect(requestFields({ ...line, method: 'CONNECT', authority: 'example.com:443' }, [], chrome156.http2.pseudoHeaderOrder).map(([n]) => n)).toEqual([':method', ':authority']);
    expect(requestFields(line, [], [':path']).map(([n]) => n)).toEqual([':path', ':method', ':scheme', ':authority']);
  });

  it('refuses a field that cannot be sent', () => {
    expect(() => requestFields(line, [['x', 'a\r\nb']], [])).toThrow(RequestError);
    expect(() => requestFields(line, [['bad name', 'a']], [])).toThrow(RequestError);
  });
});

describe('headerBlockFrames', () => {
  it('one HEADERS frame when the block fits, with the priority block', () => {
    const out = frames(headerBlockFrames(1, new Uint8Array(100), { endStream: true, priority: { exclusive: true, dependsOn: 0, weight: 256 }, maxFrameSize: 16_384 }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'HEADERS', flags: 0x25, endStream: true, endHeaders: true, priority: { exclusive: true, dependsOn: 0, weight: 256 } });
  });

  it('HEADERS + CONTINUATIONs when it does not, END_STREAM on HEADERS, END_HEADERS on the last', () => {
    const block = new Uint8Array(40_000).map((_, i) => i & 0xff);
    const out = frames(headerBlockFrames(5, block, { endStream: false, priority: { exclusive: false, dependsOn: 0, weight: 42 }, maxFrameSize: 16_384 }));
    expect(out.map((f) => f.type)).toEqual(['HEADERS', 'CONTINUATION', 'CONTINUATION']);
    expect(out.map((f) => f.flags)).toEqual([0x20, 0x00, 0x04]);
    const parts = out.map((f) => (f.type === 'HEADERS' || f.type === 'CONTINUATION' ? f.headerBlock : new Uint8Array()));
    expect(parts.map((p) => p.length)).toEqual([16_379, 16_384, 40_000 - 16_379 - 16_384]);
    expect(concat(...parts)).toEqual(block);
  });
});

describe('parseResponseHead / parseTrailers', () => {
  it('splits status and fields, keeps order and duplicates', () => {
    expect(parseResponseHead([[':status', '200'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['content-length', '5']])).toEqual({
      status: 200,
      headers: [
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
        ['content-length', '5'],
      ],
      contentLength: 5,
    });
  });

  it.each([
    ['no :status', [['content-type', 'x']]],
    ['a request pseudo-header', [[':status', '200'], [':path', '/']]],
    ['a pseudo-header after a field', [['a', 'b'], [':status', '200']]],
    ['two :status', [[':status', '200'], [':status', '200']]],
    ['a bad :status', [[':status', '20x']]],
    ['status 101', [[':status', '101']]],
    ['an upper-case name', [[':status', '200'], ['Content-Type', 'x']]],
    ['a CR in a value', [[':status', '200'], ['x', 'a\rb']]],
    ['connection', [[':status', '200'], ['connection', 'close']]],
    ['keep-alive', [[':status', '200'], ['keep-alive', 'timeout=5']]],
    ['conflicting content-length', [[':status', '200'], ['content-length', '1'], ['content-length', '2']]],
  ] as [string, [string, string][]][])('refuses %s (stream PROTOCOL_ERROR)', (_what, fields) => {
    let error: unknown;
    try {
      parseResponseHead(fields);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).code).toBe('PROTOCOL_ERROR');
  });

  it('accepts repeated equal content-length values', () => {
    expect(parseResponseHead([[':status', '200'], ['content-length', '7, 7'], ['content-length', '7']]).contentLength).toBe(7);
  });

  it('trailers carry no pseudo-headers', () => {
    expect(parseTrailers([['x-sum', '1']])).toEqual([['x-sum', '1']]);
    expect(() => parseTrailers([[':status', '200']])).toThrow(StreamError);
  });
});

describe('OutboundBody', () => {
  it('cuts a buffered body at the limit, END_STREAM on the last piece', () => {
    const body = new OutboundBody(new Uint8Array(40_000), () => {}, () => {});
    const sizes: [number, boolean][] = [];
    for (let c = body.take(16_375); c; c = body.take(16_375)) sizes.push([c.data.length, c.endStream]);
    expect(sizes).toEqual([
      [16_375, false],
      [16_375, false],
      [7_250, true],
    ]);
  });

  it('an empty body is one bare END_STREAM, which needs no window', () => {
    const body = new OutboundBody(new Uint8Array(0), () => {}, () => {});
    expect(body.take(0)).toEqual({ data: new Uint8Array(0), endStream: true });
    expect(body.take(100)).toBeNull();
  });

  it('reads an async source ahead; END_STREAM on the last piece or, when the end comes later, bare', async () => {
    let readable = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10);
      yield new Uint8Array(20);
    }
    const body = new OutboundBody(source(), () => readable++, () => {});
    const got: [number, boolean][] = [];
    for (let i = 0; i < 20 && !body.ended; i++) {
      const c = body.take(15);
      if (c) got.push([c.data.length, c.endStream]);
      else await new Promise((resolve) => setImmediate(resolve));
    }
    // Frames follow the source's chunks (10, then 20 cut at 15); whether END_STREAM rides on the
    // last piece or on an empty frame depends on whether the source had ended when it was taken.
    expect(got.slice(0, 2)).toEqual([
      [10, false],
      [15, false],
    ]);
    expect(got.slice(2)).toContainEqual(expect.arrayContaining([5]));
    expect(got.at(-1)![1]).toBe(true);
    expect(got.reduce((n, [len]) => n + len, 0)).toBe(30);
    expect(readable).toBeGreaterThan(0);
  });

  it('reports a failing source', async () => {
    let failure: Error | undefined;
    async function* source(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(1);
      throw new Error('disk on fire');
    }
    const body = new OutboundBody(source(), () => body.take(100), (e) => (failure = e));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(failure?.message).toBe('disk on fire');
  });
});

describe('H2ResponseBody', () => {
  function make() {
    const log = { released: 0, cancelled: [] as Error[], done: 0 };
    const body = new H2ResponseBody({
      onRelease: (n) => (log.released += n),
      onCancel: (e) => log.cancelled.push(e),
      onDone: () => log.done++,
    });
    return { body, log };
  }

  it('releases octets as they are read, and ends', async () => {
    const { body, log } = make();
    body.push(new Uint8Array(5));
    body.push(new Uint8Array(7));
    body.end();
    expect(log.released).toBe(0);
    const sizes: number[] = [];
    for await (const chunk of body) sizes.push(chunk.length);
    expect(sizes).toEqual([5, 7]);
    expect(log.released).toBe(12);
    expect(log.done).toBe(1);
  });

  it('cancel() releases what was never read and tells the session once', () => {
    const { body, log } = make();
    body.push(new Uint8Array(100));
    body.cancel(new Error('no thanks'));
    body.cancel();
    expect(log.released).toBe(100);
    expect(log.cancelled.map((e) => e.message)).toEqual(['no thanks']);
    body.push(new Uint8Array(9));
    expect(log.released).toBe(109);
  });

  it('breaking out of for-await cancels the rest', async () => {
    const { body, log } = make();
    body.push(new Uint8Array(1));
    body.push(new Uint8Array(2));
    for await (const _chunk of body) break;
    expect(log.cancelled).toHaveLength(1);
    expect(log.released).toBe(3);
  });

  it('a failure reaches the reader after what was already read', async () => {
    const { body } = make();
    const iterator = body[Symbol.asyncIterator]();
    const pending = iterator.next();
    body.fail(new Error('reset'));
    await expect(pending).rejects.toThrow('reset');
    expect(() => body[Symbol.asyncIterator]()).toThrow(TypeError);
  });
});

describe('HPACK sanity for the request blocks', () => {
  it('Chrome policy from the profile data: :authority indexed, other pseudo-headers not', () => {
    const encoder = new HpackEncoder({ policy: hpackPolicy(chrome156.http2.hpack) });
    const decoder = new HpackDecoder();
    const block = encoder.encode(requestFields({ method: 'GET', scheme: 'https', authority: 'a.example', path: '/x' }, [['accept', '*/*']], chrome156.http2.pseudoHeaderOrder));
    const decoded = decoder.decode(block).fields;
    expect(decoded.map((f) => [f.name, f.representation])).toEqual([
      [':method', 'indexed'],
      [':authority', 'incremental'],
      [':scheme', 'indexed'],
      [':path', 'without'],
      ['accept', 'incremental'],
    ]);
  });
});

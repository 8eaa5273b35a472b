/**
 * Legal but unusual server behaviour, from a raw TLS server writing frames by hand: header blocks
 * split over CONTINUATION (both ways), padding, a server that shrinks its header table or its
 * windows mid-upload, RST_STREAM NO_ERROR after a complete response, graceful GOAWAY, PING,
 * unknown frame types. None of it may fail a request.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeFrameRaw, type Frame } from '../../src/http/h2/index.js';
import { isReplayable } from '../../src/http/session.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { NGINX_PREFACE, get, openSession, readBody, readText, responseHeaders, startRawH2Server, waitFor, withBody } from './session-harness.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('header blocks and padding', () => {
  it('a response head split over HEADERS + CONTINUATION, padded HEADERS and DATA', async () => {
    await using server = await startRawH2Server(pki, (conn) => {
      conn.send(...NGINX_PREFACE);
      conn.onFrame = (f) => {
        if (f.type !== 'HEADERS') return;
        conn.decoder.decode(f.headerBlock);
        const fields: [string, string][] = [[':status', '200']];
        for (let i = 0; i < 50; i++) fields.push([`x-h${i}`, `value-${i}`]);
        const block = conn.encoder.encode(fields);
        const a = block.subarray(0, 10);
        const b = block.subarray(10, 200);
        const c = block.subarray(200);
        conn.send(
          { type: 'HEADERS', streamId: f.streamId, endStream: false, endHeaders: false, padLength: 17, headerBlock: a },
          { type: 'CONTINUATION', streamId: f.streamId, endHeaders: false, headerBlock: b },
          { type: 'CONTINUATION', streamId: f.streamId, endHeaders: true, headerBlock: c },
          { type: 'DATA', streamId: f.streamId, endStream: false, padLength: 200, data: text('padded ') },
          { type: 'DATA', streamId: f.streamId, endStream: true, padLength: 0, data: text('body') },
        );
      };
    });
    const { session } = await openSession(pki, server.port);
    try {
      const response = await session.request(get('/'));
      expect(response.headers).toHaveLength(50);
      expect(response.headers[49]).toEqual(['x-h49', 'value-49']);
      expect(await readText(response)).toBe('padded body');
    } finally {
      session.close();
    }
  });

  it('a request header block larger than a frame goes out as HEADERS + CONTINUATION', async () => {
    let decoded: [string, string][] = [];
    await using server = await startRawH2Server(pki, (conn) => {
      conn.send(...NGINX_PREFACE);
      const parts: Uint8Array[] = [];
      conn.onFrame = (f) => {
        if (f.type === 'HEADERS' || f.type === 'CONTINUATION') {
          parts.push(f.headerBlock);
          if (!f.endHeaders) return;
          decoded = conn.decoder.decode(new Uint8Array(Buffer.concat(parts))).fields.map((x) => [x.name, x.value]);
          conn.send(responseHeaders(conn, f.streamId, [[':status', '204']], true));
        }
      };
    });
    const { session } = await openSession(pki, server.port);
    try {
      const big = 'c'.repeat(40_000);
      expect((await session.request(get('/', [['cookie', big], ['x-after', '1']]))).status).toBe(204);
      expect(decoded).toContainEqual(['cookie', big]);
      expect(decoded.at(-1)).toEqual(['x-after', '1']);
      const types = server.connections[0]!.frames.map((f) => f.type);
      expect(types.filter((t) => t === 'CONTINUATION').length).toBeGreaterThanOrEqual(1);
    } finally {
      session.close();
    }
  });

  it('SETTINGS_HEADER_TABLE_SIZE=0 from the server: our next block opens with a size update to 0', async () => {
    await using server = await startRawH2Server(pki, (conn) => {
      conn.send({ type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 1, value: 0 }] });
      conn.decoder.setTableSizeLimit(0);
      conn.onFrame = (f) => {
        if (f.type !== 'HEADERS') return;
        conn.decoder.decode(f.headerBlock);
        conn.send(responseHeaders(conn, f.streamId, [[':status', '204']], true));
      };
    });
    // Firefox waits for the server's SETTINGS, so its very first block already carries the update.
    const { session } = await openSession(pki, server.port, firefox153);
    try {
      expect((await session.request(get('/one', [['x-a', '1']]))).status).toBe(204);
      expect((await session.request(get('/two', [['x-a', '1']]))).status).toBe(204);
      const blocks = server.connections[0]!.frames.flatMap((f) => (f.type === 'HEADERS' ? [f.headerBlock] : []));
      expect(blocks[0]![0]).toBe(0x20);
      expect(blocks[1]![0]).not.toBe(0x20);
      expect(server.connections[0]!.decoder.tableSize).toBe(0);
    } finally {
      session.close();
    }
  });
});

describe('flow control under a changing server window', () => {
  it('an upload respects a window the server shrinks mid-way (SETTINGS_INITIAL_WINDOW_SIZE) and reopens', async () => {
    const body = new Uint8Array(100_000).map((_, i) => i & 0xff);
    let window = 16_384;
    let lowest = Infinity;
    let received = 0;
    let shrunk = false;
    await using server = await startRawH2Server(pki, (conn) => {
      conn.send({ type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 4, value: 16_384 }] }, { type: 'WINDOW_UPDATE', streamId: 0, increment: 1_000_000 });
      conn.onFrame = (f) => {
        if (f.type === 'HEADERS') conn.decoder.decode(f.headerBlock);
        if (f.type !== 'DATA') return;
        window -= f.data.length;
        received += f.data.length;
        lowest = Math.min(lowest, window);
        if (window === 0 && !shrunk) {
          // The client is blocked now: shrink its window below zero (16384 → 4096: -12288)...
          shrunk = true;
          window += 4_096 - 16_384;
          conn.send({ type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 4, value: 4_096 }] });
          // ...then give back 20,480: the window is 8,192.
          window += 20_480;
          conn.send({ type: 'WINDOW_UPDATE', streamId: f.streamId, increment: 20_480 });
        } else if (window === 0) {
          window += 30_000;
          conn.send({ type: 'WINDOW_UPDATE', streamId: f.streamId, increment: 30_000 });
        }
        if (f.endStream) conn.send(responseHeaders(conn, f.streamId, [[':status', '200'], ['x-received', String(received)]], true));
      };
    });
    // Firefox's session waits for the server's SETTINGS, so the 16 KiB window binds from the first
    // octet (Chrome's first stream may use the default 65,535 until the SETTINGS arrive, rightly).
    const { session } = await openSession(pki, server.port, firefox153);
    try {
      const response = await session.request(withBody('POST', '/upload', body));
      expect(response.headers).toContainEqual(['x-received', '100000']);
      expect(shrunk).toBe(true);
      expect(lowest).toBeGreaterThanOrEqual(0);
      // After the shrink the window was 8,192: no DATA frame may have been bigger.
      const data = server.connections[0]!.frames.filter((f): f is Extract<Frame, { type: 'DATA' }> => f.type === 'DATA');
      expect(data.slice(0, 2).map((f) => f.data.length)).toEqual([16_000, 384]);
      expect(data[2]!.data.length).toBe(8_192);
    } finally {
      session.close();
    }
  });

  it('RST_STREAM NO_ERROR after a complete response stops the upload; the response stands', async () => {
    await using server = await startRawH2Server(pki, (conn) => {
      // A small window: the upload blocks after 16 KiB, the server answers and says "stop".
      conn.send({ type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 4, value: 16_384 }] });
      conn.onFrame = (f) => {
        if (f.type === 'HEADERS') {
          conn.decoder.decode(f.headerBlock);
          if (f.streamId !== 3) {
            conn.send(responseHeaders(conn, f.streamId, [[':status', '204']], true));
            return;
          }
          conn.send(
            responseHeaders(conn, f.streamId, [[':status', '413'], ['content-length', '8']], false),
            { type: 'DATA', streamId: f.streamId, endStream: true, data: text('too big!') },
            { type: 'RST_STREAM', streamId: f.streamId, errorCode: 0 },
          );
        }
      };
    });
    const { session } = await openSession(pki, server.port, firefox153);
    try {
      const response = await session.request(withBody('POST', '/upload', new Uint8Array(1_000_000)));
      expect(response.status).toBe(413);
      expect(await readText(response)).toBe('too big!');
      await waitFor(() => session.activeStreams === 0, 2_000, 'the stream to end');
      expect((await session.request(get('/after'))).status).toBe(204);
      const sent = server.connections[0]!.frames.filter((f) => f.type === 'DATA' && f.streamId === 3);
      expect(sent.reduce((n, f) => n + (f.type === 'DATA' ? f.data.length : 0), 0)).toBeLessThanOrEqual(16_384);
    } finally {
      session.close();
    }
  });
});

describe('control frames', () => {
  it('answers PING with the same data, ignores unknown frame types and PRIORITY', async () => {
    const ping = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    await using server = await startRawH2Server(pki, (conn) => {
      conn.send(...NGINX_PREFACE, { type: 'PING', streamId: 0, ack: false, data: ping });
      conn.onFrame = (f) => {
        if (f.type !== 'HEADERS') return;
        conn.decoder.decode(f.headerBlock);
        conn.send(
          encodeFrameRaw(0xfa, 0xff, 0, text('ignore me')),
          { type: 'PRIORITY', streamId: 7, priority: { exclusive: false, dependsOn: 0, weight: 16 } },
          responseHeaders(conn, f.streamId, [[':status', '200']], true),
        );
      };
    });
    const { session } = await openSession(pki, server.port);
    try {
      expect((await session.request(get('/'))).status).toBe(200);
      const ack = await server.connections[0]!.waitForFrame((f) => f.type === 'PING' && f.ack);
      expect(ack.type === 'PING' && Array.from(ack.data)).toEqual(Array.from(ping));
      expect(session.closed).toBe(false);
    } finally {
      session.close();
    }
  });

  it('a graceful GOAWAY lets open streams finish, then the session winds down', async () => {
    await using server = await startRawH2Server(pki, (conn) => {
      conn.send(...NGINX_PREFACE);
      conn.onFrame = (f) => {
        if (f.type !== 'HEADERS') return;
        conn.decoder.decode(f.headerBlock);
        conn.send({ type: 'GOAWAY', streamId: 0, lastStreamId: f.streamId, errorCode: 0, debugData: new Uint8Array() });
        setTimeout(() => conn.send(responseHeaders(conn, f.streamId, [[':status', '200']], false), { type: 'DATA', streamId: f.streamId, endStream: true, data: text('last') }), 30);
      };
    });
    const states: boolean[] = [];
    const { session, conn } = await openSession(pki, server.port, chrome156, { onStateChange: () => states.push(session.closed) });
    const response = await session.request(get('/'));
    expect(await readText(response)).toBe('last');
    expect(session.closed).toBe(true);
    expect(states).toContain(true);
    await waitFor(() => conn.destroyed || conn.writableEnded, 2_000, 'the transport to end');
    const late = await session.request(get('/late')).then(() => null, (e: unknown) => e);
    expect(isReplayable(late)).toBe(true);
    expect(server.connections[0]!.frames.some((f) => f.type === 'GOAWAY')).toBe(false);
    await readBody(response.body).catch(() => {});
  });
});

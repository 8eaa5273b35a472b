/**
 * A hostile HTTP/2 server (a raw TLS server in this test, writing frames by hand) breaking the
 * protocol in every way a client must survive: flow-control overruns, bad HPACK, frames on idle
 * or closed streams, malformed responses, push despite ENABLE_PUSH=0, oversized frames, endless
 * CONTINUATION, silence, a connection cut mid-body. Each time the caller gets a typed
 * RemoteProtocolError in bounded time, and the server gets the GOAWAY or RST_STREAM with the
 * RFC 9113 error code that names its fault.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RemoteProtocolError } from '../../src/errors.js';
import { ErrorCode, encodeFrameRaw, type Frame, type HeadersFrame } from '../../src/http/h2/index.js';
import type { Http2Session, Http2SessionOptions } from '../../src/http/h2/session.js';
import { isReplayable } from '../../src/http/session.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { NGINX_PREFACE, get, openSession, readBody, responseHeaders, startRawH2Server, type RawConnection, type RawH2Server, type SessionProfile } from './session-harness.js';

/** Every failure here must surface well within this. */
const BOUND_MS = 2_000;

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

/** Chrome's opening with 65,535-octet windows (no connection WINDOW_UPDATE): easy to overrun. */
const smallWindows: SessionProfile = {
  http2: { ...chrome156.http2, settings: [[1, 65_536], [2, 0], [4, 65_535], [6, 262_144]], connectionWindowUpdate: null },
};
/** Small stream windows inside a large connection window: a stream overrun, not a connection one. */
const smallStreamWindow: SessionProfile = {
  http2: { ...chrome156.http2, settings: [[1, 65_536], [2, 0], [4, 65_535], [6, 262_144]], connectionWindowUpdate: 10_000_000 },
};

interface Hostile {
  server: RawH2Server;
  session: Http2Session;
  conn(): RawConnection;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A server that sends nginx's preface (unless `silent`), decodes each request's HEADERS, and
 * hands it to `onRequest` to misbehave.
 */
async function hostile(
  onRequest: (conn: RawConnection, frame: HeadersFrame) => void,
  options: { profile?: SessionProfile; silent?: boolean; preface?: (Frame | Uint8Array)[]; session?: Partial<Http2SessionOptions> } = {},
): Promise<Hostile> {
  const server = await startRawH2Server(
    pki,
    (conn) => {
      if (!options.silent) conn.send(...(options.preface ?? NGINX_PREFACE));
      conn.onFrame = (frame) => {
        if (frame.type !== 'HEADERS') return;
        conn.decoder.decode(frame.headerBlock);
        onRequest(conn, frame);
      };
    },
    // A silent server does not even ACK our SETTINGS (an ACK would be its first frame).
    { autoAck: !options.silent },
  );
  const { session } = await openSession(pki, server.port, options.profile ?? chrome156, options.session ?? {});
  return {
    server,
    session,
    conn: () => server.connections[0]!,
    async [Symbol.asyncDispose]() {
      session.destroy();
      await server.stop();
    },
  };
}

/** The request's outcome, whether it fails before the head or while the body is read. */
async function outcome(promise: Promise<{ body: AsyncIterable<Uint8Array> }>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await promise.then((r) => readBody(r.body)).then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

function expectCode(error: unknown, code: string): void {
  expect(error).toBeInstanceOf(RemoteProtocolError);
  expect((error as RemoteProtocolError).code).toBe(code);
}

async function goawayCode(conn: RawConnection): Promise<number> {
  const frame = await conn.waitForFrame((f) => f.type === 'GOAWAY', BOUND_MS);
  return frame.type === 'GOAWAY' ? frame.errorCode : -1;
}

async function resetCode(conn: RawConnection, streamId: number): Promise<number> {
  const frame = await conn.waitForFrame((f) => f.type === 'RST_STREAM' && f.streamId === streamId, BOUND_MS);
  return frame.type === 'RST_STREAM' ? frame.errorCode : -1;
}

const ok200 = (conn: RawConnection, streamId: number, endStream: boolean): Frame =>
  responseHeaders(conn, streamId, [[':status', '200']], endStream);

describe('connection errors: GOAWAY with the right code, every pending request fails', () => {
  it('DATA beyond the connection window → FLOW_CONTROL_ERROR', async () => {
    await using h = await hostile(
      (conn, f) => {
        conn.send(ok200(conn, f.streamId, false));
        // Four 16 KiB frames: 65,536 octets into a 65,535-octet window.
        for (let i = 0; i < 4; i++) conn.send({ type: 'DATA', streamId: f.streamId, endStream: false, data: new Uint8Array(16_384) });
      },
      { profile: smallWindows },
    );
    // The body is not read until the error: reading would give window back and hide the overrun.
    const started = performance.now();
    const response = await h.session.request(get('/'));
    expect(await goawayCode(h.conn())).toBe(ErrorCode.FLOW_CONTROL_ERROR);
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expectCode(await readBody(response.body).then(() => null, (e: unknown) => e), 'FLOW_CONTROL_ERROR');
    expect(h.session.closed).toBe(true);
  });

  it('a bad HPACK index → COMPRESSION_ERROR', async () => {
    await using h = await hostile((conn, f) => {
      // Index 62 names the first dynamic entry; the table is empty.
      conn.send({ type: 'HEADERS', streamId: f.streamId, endStream: true, endHeaders: true, headerBlock: Uint8Array.of(0xbe) });
    });
    const { error, ms } = await outcome(h.session.request(get('/')));
    expectCode(error, 'COMPRESSION_ERROR');
    expect(ms).toBeLessThan(BOUND_MS);
    expect(await goawayCode(h.conn())).toBe(ErrorCode.COMPRESSION_ERROR);
  });

  it('DATA on an idle stream → PROTOCOL_ERROR', async () => {
    await using h = await hostile((conn) => {
      conn.send({ type: 'DATA', streamId: 99, endStream: false, data: new Uint8Array(10) });
    });
    const { error, ms } = await outcome(h.session.request(get('/')));
    expectCode(error, 'PROTOCOL_ERROR');
    expect(ms).toBeLessThan(BOUND_MS);
    expect(await goawayCode(h.conn())).toBe(ErrorCode.PROTOCOL_ERROR);
  });

  it('HEADERS on a server-initiated stream nobody promised → PROTOCOL_ERROR', async () => {
    await using h = await hostile((conn) => conn.send(ok200(conn, 2, true)));
    const { error } = await outcome(h.session.request(get('/')));
    expectCode(error, 'PROTOCOL_ERROR');
    expect(await goawayCode(h.conn())).toBe(ErrorCode.PROTOCOL_ERROR);
  });

  it('DATA on a stream the server already ended → STREAM_CLOSED, the other request fails too', async () => {
    await using h = await hostile((conn, f) => {
      if (f.streamId === 1) conn.send(ok200(conn, 1, true));
      else conn.send({ type: 'DATA', streamId: 1, endStream: false, data: new Uint8Array(5) });
    });
    const first = await h.session.request(get('/first'));
    expect(first.status).toBe(200);
    await readBody(first.body);
    const { error, ms } = await outcome(h.session.request(get('/second')));
    expectCode(error, 'STREAM_CLOSED');
    expect(ms).toBeLessThan(BOUND_MS);
    expect(await goawayCode(h.conn())).toBe(ErrorCode.STREAM_CLOSED);
  });

  it('PUSH_PROMISE although we sent ENABLE_PUSH=0 → PROTOCOL_ERROR', async () => {
    await using h = await hostile((conn, f) => {
      conn.send({ type: 'PUSH_PROMISE', streamId: f.streamId, endHeaders: true, promisedStreamId: 2, headerBlock: conn.encoder.encode([[':method', 'GET'], [':scheme', 'https'], [':authority', 'localhost'], [':path', '/pushed']]) });
    });
    const { error } = await outcome(h.session.request(get('/')));
    expectCode(error, 'PROTOCOL_ERROR');
    expect(await goawayCode(h.conn())).toBe(ErrorCode.PROTOCOL_ERROR);
  });

  it('a frame larger than our SETTINGS_MAX_FRAME_SIZE → FRAME_SIZE_ERROR', async () => {
    await using h = await hostile((conn, f) => {
      conn.send(ok200(conn, f.streamId, false), encodeFrameRaw(0x0, 0, f.streamId, new Uint8Array(20_000)));
    });
    const { error } = await outcome(h.session.request(get('/')));
    expectCode(error, 'FRAME_SIZE_ERROR');
    expect(await goawayCode(h.conn())).toBe(ErrorCode.FRAME_SIZE_ERROR);
  });

  it('an endless CONTINUATION chain is cut off at 1 MiB → ENHANCE_YOUR_CALM', async () => {
    await using h = await hostile((conn, f) => {
      conn.send({ type: 'HEADERS', streamId: f.streamId, endStream: true, endHeaders: false, headerBlock: Uint8Array.of(0x88) });
      const filler = new Uint8Array(16_384).fill(0x40);
      for (let i = 0; i < 100; i++) conn.send({ type: 'CONTINUATION', streamId: f.streamId, endHeaders: false, headerBlock: filler });
    });
    const { error, ms } = await outcome(h.session.request(get('/')));
    expectCode(error, 'ENHANCE_YOUR_CALM');
    expect(ms).toBeLessThan(BOUND_MS);
    expect(await goawayCode(h.conn())).toBe(ErrorCode.ENHANCE_YOUR_CALM);
  });

  it('a WINDOW_UPDATE past 2^31-1 → FLOW_CONTROL_ERROR', async () => {
    // nginx's preface already takes the connection window to 2^31-1.
    await using h = await hostile((conn) => conn.send({ type: 'WINDOW_UPDATE', streamId: 0, increment: 1 }));
    const { error } = await outcome(h.session.request(get('/')));
    expectCode(error, 'FLOW_CONTROL_ERROR');
    expect(await goawayCode(h.conn())).toBe(ErrorCode.FLOW_CONTROL_ERROR);
  });

  it('a server claiming SETTINGS_ENABLE_PUSH=1 → PROTOCOL_ERROR', async () => {
    await using h = await hostile(() => {}, { preface: [{ type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 2, value: 1 }] }] });
    const { error, ms } = await outcome(h.session.request(get('/')));
    expectCode(error, 'PROTOCOL_ERROR');
    expect(ms).toBeLessThan(BOUND_MS);
    expect(await goawayCode(h.conn())).toBe(ErrorCode.PROTOCOL_ERROR);
  });

  it('a first frame other than SETTINGS → PROTOCOL_ERROR', async () => {
    await using h = await hostile(() => {}, { preface: [{ type: 'PING', streamId: 0, ack: false, data: new Uint8Array(8) }] });
    const { error } = await outcome(h.session.request(get('/')));
    expectCode(error, 'PROTOCOL_ERROR');
    expect(await goawayCode(h.conn())).toBe(ErrorCode.PROTOCOL_ERROR);
  });

  it('HTTP/1.1 bytes instead of frames → FRAME_SIZE_ERROR, at once', async () => {
    await using h = await hostile(() => {}, { preface: [new TextEncoder().encode('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')] });
    const { error, ms } = await outcome(h.session.request(get('/')));
    expectCode(error, 'FRAME_SIZE_ERROR');
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('no SETTINGS at all → SETTINGS_TIMEOUT after the configured wait', async () => {
    await using h = await hostile(() => {}, { silent: true, session: { settingsTimeoutMs: 300 } });
    const { error, ms } = await outcome(h.session.request(get('/')));
    expectCode(error, 'SETTINGS_TIMEOUT');
    expect(ms).toBeLessThan(BOUND_MS);
    expect(await goawayCode(h.conn())).toBe(ErrorCode.SETTINGS_TIMEOUT);
  });

  it('the connection cut mid-body → CONNECTION_CLOSED', async () => {
    await using h = await hostile((conn, f) => {
      conn.send(responseHeaders(conn, f.streamId, [[':status', '200'], ['content-length', '1000']], false));
      conn.send({ type: 'DATA', streamId: f.streamId, endStream: false, data: new Uint8Array(10) });
      setTimeout(() => conn.socket.end(), 20);
    });
    const { error, ms } = await outcome(h.session.request(get('/')));
    expectCode(error, 'CONNECTION_CLOSED');
    expect(ms).toBeLessThan(BOUND_MS);
    expect(h.session.closed).toBe(true);
  });
});

describe('stream errors: RST_STREAM for that stream, the connection lives on', () => {
  /** Misbehaves on the first request only; answers the next one properly. */
  function onFirst(bad: (conn: RawConnection, f: HeadersFrame) => void) {
    return (conn: RawConnection, f: HeadersFrame): void => {
      if (f.streamId === 1) bad(conn, f);
      else conn.send(ok200(conn, f.streamId, true));
    };
  }

  async function expectStreamError(h: Hostile, code: keyof typeof ErrorCode): Promise<void> {
    const { error, ms } = await outcome(h.session.request(get('/bad')));
    expectCode(error, code);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(await resetCode(h.conn(), 1)).toBe(ErrorCode[code]);
    const next = await h.session.request(get('/next'));
    expect(next.status).toBe(200);
    expect(h.session.closed).toBe(false);
    expect(h.conn().frames.some((f) => f.type === 'GOAWAY')).toBe(false);
  }

  it('DATA beyond the stream window → FLOW_CONTROL_ERROR', async () => {
    await using h = await hostile(
      onFirst((conn, f) => {
        conn.send(ok200(conn, f.streamId, false));
        for (let i = 0; i < 4; i++) conn.send({ type: 'DATA', streamId: f.streamId, endStream: false, data: new Uint8Array(16_384) });
      }),
      { profile: smallStreamWindow },
    );
    // Unread, as above, so no WINDOW_UPDATE can make room.
    const response = await h.session.request(get('/bad'));
    expect(await resetCode(h.conn(), 1)).toBe(ErrorCode.FLOW_CONTROL_ERROR);
    expectCode(await readBody(response.body).then(() => null, (e: unknown) => e), 'FLOW_CONTROL_ERROR');
    expect((await h.session.request(get('/next'))).status).toBe(200);
    expect(h.session.closed).toBe(false);
    expect(h.conn().frames.some((f) => f.type === 'GOAWAY')).toBe(false);
  });

  it('a response without :status → PROTOCOL_ERROR', async () => {
    await using h = await hostile(onFirst((conn, f) => conn.send(responseHeaders(conn, f.streamId, [['content-type', 'text/plain']], true))));
    await expectStreamError(h, 'PROTOCOL_ERROR');
  });

  it('a connection-specific field (transfer-encoding) → PROTOCOL_ERROR', async () => {
    await using h = await hostile(onFirst((conn, f) => conn.send(responseHeaders(conn, f.streamId, [[':status', '200'], ['transfer-encoding', 'chunked']], true))));
    await expectStreamError(h, 'PROTOCOL_ERROR');
  });

  it('a body longer than its content-length → PROTOCOL_ERROR', async () => {
    await using h = await hostile(
      onFirst((conn, f) => {
        conn.send(responseHeaders(conn, f.streamId, [[':status', '200'], ['content-length', '3']], false));
        conn.send({ type: 'DATA', streamId: f.streamId, endStream: true, data: new TextEncoder().encode('too long') });
      }),
    );
    await expectStreamError(h, 'PROTOCOL_ERROR');
  });

  it('DATA before the response HEADERS → PROTOCOL_ERROR', async () => {
    await using h = await hostile(onFirst((conn, f) => conn.send({ type: 'DATA', streamId: f.streamId, endStream: true, data: new Uint8Array(3) })));
    await expectStreamError(h, 'PROTOCOL_ERROR');
  });

  it('REFUSED_STREAM: the request is sent again on a new stream of the same connection', async () => {
    await using h = await hostile((conn, f) => {
      if (f.streamId === 1) conn.send({ type: 'RST_STREAM', streamId: 1, errorCode: ErrorCode.REFUSED_STREAM });
      else conn.send(responseHeaders(conn, f.streamId, [[':status', '200'], ['x-stream', String(f.streamId)]], true));
    });
    const response = await h.session.request(get('/retry-me'));
    expect(response.headers).toContainEqual(['x-stream', '3']);
    const streams = h.conn().frames.filter((f) => f.type === 'HEADERS').map((f) => f.streamId);
    expect(streams).toEqual([1, 3]);
  });

  it('REFUSED_STREAM every time: after 3 resends the request fails, retryable', async () => {
    await using h = await hostile((conn, f) => conn.send({ type: 'RST_STREAM', streamId: f.streamId, errorCode: ErrorCode.REFUSED_STREAM }));
    const { error } = await outcome(h.session.request(get('/never')));
    expectCode(error, 'REFUSED_STREAM');
    expect(isReplayable(error)).toBe(true);
    expect(h.conn().frames.filter((f) => f.type === 'HEADERS').length).toBe(4);
  });
});

/**
 * The CONTINUATION flood (CVE-2024-27316 class) from a real TLS server on 127.0.0.1: a HEADERS
 * without END_HEADERS followed by CONTINUATIONs that never end, empty (9 octets each, which a
 * size-only cap never counted) or full. The session takes nghttp2's rule (8 CONTINUATIONs per
 * block, the 9th ends the connection with GOAWAY ENHANCE_YOUR_CALM) and counts frame headers
 * against the header-block cap. Each case asserts the typed error, a bound on time and, for the
 * endless flood, a bound on heap growth.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RemoteProtocolError } from '../../src/errors.js';
import { ErrorCode, encodeFrameRaw, FrameType, type HeadersFrame } from '../../src/http/h2/index.js';
import { MAX_CONTINUATIONS } from '../../src/http/h2/header-block-assembler.js';
import type { Http2SessionOptions } from '../../src/http/h2/session.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { NGINX_PREFACE, get, openSession, readBody, startRawH2Server, type RawConnection } from './session-harness.js';

const BOUND_MS = 2_000;
const END_HEADERS = 0x4;

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

async function attack(onRequest: (conn: RawConnection, frame: HeadersFrame) => void, session: Partial<Http2SessionOptions> = {}) {
  const server = await startRawH2Server(pki, (conn) => {
    conn.send(...NGINX_PREFACE);
    conn.onFrame = (frame) => {
      if (frame.type !== 'HEADERS') return;
      conn.decoder.decode(frame.headerBlock);
      onRequest(conn, frame);
    };
  });
  const opened = await openSession(pki, server.port, undefined, session);
  return {
    session: opened.session,
    conn: () => server.connections[0]!,
    async [Symbol.asyncDispose]() {
      opened.session.destroy();
      await server.stop();
    },
  };
}

async function outcome(promise: Promise<{ body: AsyncIterable<Uint8Array> }>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await promise.then((r) => readBody(r.body)).then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

/** `:status: 200` (static index 8), the opening fragment of each block here. */
const STATUS_200 = Uint8Array.of(0x88);

function continuation(streamId: number, fragment: Uint8Array, endHeaders: boolean): Uint8Array {
  return encodeFrameRaw(FrameType.CONTINUATION, endHeaders ? END_HEADERS : 0, streamId, fragment);
}

describe('CONTINUATION flood', () => {
  it('endless empty CONTINUATIONs: ENHANCE_YOUR_CALM at the 9th, in bounded time and heap', async () => {
    let framesSent = 0;
    const floodFrames = 2_000_000; // 18 MB of 9-octet frames: ~390 MB of heap at ~195 B each if retained
    await using h = await attack((conn, f) => {
      conn.send({ type: 'HEADERS', streamId: f.streamId, endStream: true, endHeaders: false, headerBlock: STATUS_200 });
      const one = continuation(f.streamId, new Uint8Array(0), false);
      const batch = Buffer.concat(Array.from({ length: 4096 }, () => one));
      const pump = (): void => {
        while (framesSent < floodFrames && !conn.socket.destroyed && !conn.socket.writableEnded) {
          framesSent += 4096;
          if (!conn.socket.write(batch)) {
            conn.socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const { error, ms } = await outcome(h.session.request(get('/')));
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as RemoteProtocolError).code).toBe('ENHANCE_YOUR_CALM');
    expect((error as Error).message).toMatch(/more than 8 CONTINUATION/);
    expect(ms).toBeLessThan(BOUND_MS);
    const goaway = await h.conn().waitForFrame((fr) => fr.type === 'GOAWAY', BOUND_MS);
    expect(goaway.type === 'GOAWAY' && goaway.errorCode).toBe(ErrorCode.ENHANCE_YOUR_CALM);
    // The connection ended long before the flood did.
    expect(framesSent).toBeLessThan(floodFrames);
    // Transient parse garbage is allowed; a retained chain (hundreds of MB) is not.
    expect(heapGrowth).toBeLessThan(64 * 1024 * 1024);
  });

  it(`a block split over ${MAX_CONTINUATIONS} CONTINUATIONs is accepted; one more ends the connection`, async () => {
    // :status 200 then a literal `x-a: b` field, one octet per frame.
    const block = Uint8Array.of(0x88, 0x40, 0x03, 0x78, 0x2d, 0x61, 0x01, 0x62);
    const send = (conn: RawConnection, streamId: number, continuations: number): void => {
      const first = block.subarray(0, block.length - continuations);
      const rest = block.subarray(block.length - continuations);
      conn.send({ type: 'HEADERS', streamId, endStream: true, endHeaders: false, headerBlock: first });
      for (let i = 0; i < continuations; i++) conn.send(continuation(streamId, rest.subarray(i, i + 1), i === continuations - 1));
    };
    {
      await using h = await attack((conn, f) => send(conn, f.streamId, MAX_CONTINUATIONS));
      const response = await h.session.request(get('/'));
      expect(response.status).toBe(200);
      expect(response.headers).toContainEqual(['x-a', 'b']);
      await readBody(response.body);
    }
    {
      await using h = await attack((conn, f) => send(conn, f.streamId, MAX_CONTINUATIONS + 1));
      const { error, ms } = await outcome(h.session.request(get('/')));
      expect(error).toBeInstanceOf(RemoteProtocolError);
      expect((error as RemoteProtocolError).code).toBe('ENHANCE_YOUR_CALM');
      expect(ms).toBeLessThan(BOUND_MS);
    }
  });

  it('frame headers count against the header-block cap, so empty frames are not free', async () => {
    // 1 octet of HPACK in 8 frames: 8 × 9 + 1 = 73 octets read, over a 64-octet cap.
    await using h = await attack(
      (conn, f) => {
        conn.send({ type: 'HEADERS', streamId: f.streamId, endStream: true, endHeaders: false, headerBlock: STATUS_200 });
        for (let i = 0; i < 7; i++) conn.send(continuation(f.streamId, new Uint8Array(0), i === 6));
      },
      { maxHeaderBlockSize: 64 },
    );
    const { error, ms } = await outcome(h.session.request(get('/')));
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as RemoteProtocolError).code).toBe('ENHANCE_YOUR_CALM');
    expect((error as Error).message).toMatch(/more than 64 octets/);
    expect(ms).toBeLessThan(BOUND_MS);
  });
});

/**
 * One worker thread (WorkerPool `workers: 1`), several hostile origins attacking it at once, and
 * an honest origin asked at the same time: the honest request answers in bounded time, the worker
 * survives (no PoolError anywhere) and each attack ends in its own typed error. Before the bounds
 * of issue 16, the CONTINUATION flood killed the worker (and every request on it) in about a
 * second and the 2,000-layer gzip chain held it for about a minute.
 *
 * The attacks, each from a real server on 127.0.0.1:
 * - an endless flood of empty HTTP/2 CONTINUATION frames (TLS, ALPN h2);
 * - a gzip bomb (4 GiB of zeros in 4 MiB) on a buffered request;
 * - a Content-Encoding chain of 2,000 gzip layers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodingError, PoolError, RemoteProtocolError } from '../../src/errors.js';
import { FrameType, encodeFrameRaw } from '../../src/http/h2/index.js';
import { WorkerPool } from '../../src/pool/index.js';
import { chrome156 } from '../../src/profiles/index.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { NGINX_PREFACE, startRawH2Server, type RawH2Server } from '../h2/session-harness.js';
import { fakeRequest, text } from './helpers.js';

const MiB = 1024 * 1024;
let pki: Pki;
let flood: RawH2Server;
let bombs: http.Server;
let honest: http.Server;
let bombsOrigin: string;
let honestOrigin: string;
const pool = new WorkerPool({ workers: 1 });

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  pki = await makePki();
  flood = await startRawH2Server(pki, (conn) => {
    conn.send(...NGINX_PREFACE);
    conn.onFrame = (frame) => {
      if (frame.type !== 'HEADERS') return;
      conn.send({ type: 'HEADERS', streamId: frame.streamId, endStream: true, endHeaders: false, headerBlock: Uint8Array.of(0x88) });
      const batch = Buffer.concat(Array.from({ length: 4096 }, () => encodeFrameRaw(FrameType.CONTINUATION, 0, frame.streamId, new Uint8Array(0))));
      const pump = (): void => {
        while (!conn.socket.destroyed && !conn.socket.writableEnded) if (!conn.socket.write(batch)) return void conn.socket.once('drain', pump);
      };
      pump();
    };
  });
  const member = zlib.gzipSync(Buffer.alloc(MiB));
  const bomb = Buffer.concat(Array.from({ length: 4096 }, () => member));
  let deep = zlib.gzipSync(Buffer.from('deep'));
  for (let i = 0; i < 20; i++) deep = zlib.gzipSync(deep);
  const thousand = Array(1000).fill('gzip').join(',');
  bombs = http.createServer((req, res) => {
    if (req.url === '/bomb') res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': bomb.length }).end(bomb);
    else res.writeHead(200, { 'Content-Encoding': [thousand, thousand], 'Content-Length': deep.length }).end(deep);
  });
  honest = http.createServer((req, res) => res.end(`fine ${req.url}`));
  bombsOrigin = await listen(bombs);
  honestOrigin = await listen(honest);
});

afterAll(async () => {
  await pool.close();
  await flood.stop();
  for (const server of [bombs, honest]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = performance.now();
  try {
    return { value: await promise, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

describe('one worker under attack', () => {
  it('an honest origin on the same worker answers in bounded time; each attack gets its typed error', async () => {
    const request = { profile: chrome156, timeout: 20_000 };
    const floodRequest = fakeRequest(`https://localhost:${flood.port}/`, { ...request, ca: [pki.ca], resolve: { localhost: '127.0.0.1' } });
    // The worker is started and its modules (TLS, HTTP/2, decoding) loaded before the clock matters.
    expect(text(await pool.request(fakeRequest(`${honestOrigin}/warm`, request)))).toBe('fine /warm');
    await settle(pool.request(floodRequest));
    await settle(pool.request(fakeRequest(`${bombsOrigin}/chain`, request)));
    const attacks = [
      settle(pool.request(floodRequest)),
      settle(pool.request(fakeRequest(`${bombsOrigin}/bomb`, request))),
      settle(pool.request(fakeRequest(`${bombsOrigin}/chain`, request))),
    ];
    const honestRequests = [0, 1, 2].map((i) => settle(pool.request(fakeRequest(`${honestOrigin}/${i}`, request))));
    const honestOutcomes = await Promise.all(honestRequests);
    for (const { value, error, ms } of honestOutcomes) {
      expect(error).toBeUndefined();
      expect(text(value!)).toMatch(/^fine \//);
      expect(ms).toBeLessThan(1_000);
    }
    const [continuation, bomb, chain] = await Promise.all(attacks);
    // The honest requests were answered while the bomb was still being decoded.
    for (const { ms } of honestOutcomes) expect(ms).toBeLessThan(bomb!.ms);
    for (const outcome of [continuation, bomb, chain]) expect(outcome!.error).not.toBeInstanceOf(PoolError);
    expect(continuation!.error).toBeInstanceOf(RemoteProtocolError);
    expect((continuation!.error as RemoteProtocolError).code).toBe('ENHANCE_YOUR_CALM');
    expect(continuation!.ms).toBeLessThan(3_000);
    expect(bomb!.error).toBeInstanceOf(DecodingError);
    expect(bomb!.ms).toBeLessThan(10_000);
    expect(chain!.error).toBeInstanceOf(DecodingError);
    expect(chain!.ms).toBeLessThan(3_000);
    // The worker is the same one, alive: it still serves.
    const after = await pool.request(fakeRequest(`${honestOrigin}/after`, request));
    expect(text(after)).toBe('fine /after');
  });
});

/**
 * Our HTTP/2 session over our TLS against Node's own HTTP/2 server (nghttp2 inside): methods,
 * multiplexing, flow control both ways with bodies far beyond the initial windows, trailers,
 * informational responses, server resets and GOAWAY, aborts, PING and the server's SETTINGS.
 */
import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, RemoteProtocolError } from '../../src/errors.js';
import type { H2ResponseBody } from '../../src/http/h2/response-body.js';
import { isReplayable, type ExchangeResponse } from '../../src/http/session.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { makePki, type Pki } from '../helpers/pki.js';
import {
  get,
  openSession,
  pseudoRandomBytes,
  readBody,
  readText,
  sha256,
  startNodeH2Server,
  waitFor,
  withBody,
  type NodeH2Server,
  type SessionProfile,
} from './session-harness.js';

const BIG_DOWNLOAD = pseudoRandomBytes(20 * 1024 * 1024, 'download');
const BIG_UPLOAD = pseudoRandomBytes(5 * 1024 * 1024, 'upload');

let pki: Pki;
let server: NodeH2Server;
/** Streams the server is holding without an answer, by path. */
const held = new Map<string, http2.ServerHttp2Stream[]>();
/** RST codes of server streams that closed, by path. */
const rstCodes = new Map<string, number[]>();

function hold(path: string, stream: http2.ServerHttp2Stream): void {
  held.set(path, [...(held.get(path) ?? []), stream]);
}

/** Reads the request body, then answers with what it saw. */
function echo(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    const body = Buffer.concat(chunks);
    const reply = JSON.stringify({ method: headers[':method'], path: headers[':path'], length: body.length, sha256: sha256(body), headers });
    stream.respond({ ':status': 200, 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
    stream.end(reply);
  });
}

function route(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
  const path = String(headers[':path']).split('?')[0]!;
  stream.on('close', () => rstCodes.set(path, [...(rstCodes.get(path) ?? []), stream.rstCode]));
  switch (path) {
    case '/big':
      stream.respond({ ':status': 200, 'content-length': BIG_DOWNLOAD.length });
      stream.end(BIG_DOWNLOAD);
      return;
    case '/trailers':
      stream.respond({ ':status': 200 }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'x-checksum': 'abc123', 'x-count': '2' }));
      stream.end('body before trailers');
      return;
    case '/early-hints':
      stream.additionalHeaders({ ':status': 103, link: '</style.css>; rel=preload' });
      stream.respond({ ':status': 200 });
      stream.end('after 103');
      return;
    case '/reset':
      stream.close(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
      return;
    case '/refuse':
      stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      return;
    case '/hold':
    case '/hold-abort':
      hold(path, stream);
      return;
    case '/no-content':
      stream.respond({ ':status': 204 });
      stream.end();
      return;
    default:
      echo(stream, headers);
  }
}

beforeAll(async () => {
  pki = await makePki();
  // Node refuses new streams with ENHANCE_YOUR_CALM once a session buffers more than
  // maxSessionMemory (10 MB by default): an aborted 20 MiB response stays queued on its side.
  server = await startNodeH2Server(pki, route, { maxSessionMemory: 200 });
});

afterAll(async () => {
  await server?.stop();
});

async function json(response: ExchangeResponse): Promise<{ method: string; path: string; length: number; sha256: string; headers: Record<string, string> }> {
  return JSON.parse(await readText(response)) as { method: string; path: string; length: number; sha256: string; headers: Record<string, string> };
}

describe.each([
  ['chrome_156', chrome156],
  ['firefox_153', firefox153],
] as [string, SessionProfile][])('Http2Session (%s) against node:http2', (_name, profile) => {
  it('GET, POST, PUT, DELETE and HEAD on one connection', async () => {
    const before = server.sessions.length;
    const { session } = await openSession(pki, server.port, profile);
    try {
      const getResponse = await session.request(get('/echo?x=1', [['x-test', 'get']]));
      expect(getResponse.status).toBe(200);
      expect(getResponse.reason).toBe('OK');
      expect(getResponse.httpVersion).toBe('HTTP/2');
      expect(getResponse.headers).toContainEqual(['content-type', 'application/json']);
      const seenGet = await json(getResponse);
      expect(seenGet).toMatchObject({ method: 'GET', path: '/echo?x=1', length: 0 });
      expect(seenGet.headers['x-test']).toBe('get');
      expect(seenGet.headers[':authority']).toBe('localhost');

      for (const method of ['POST', 'PUT', 'DELETE']) {
        const body = new TextEncoder().encode(`${method} body`);
        const response = await session.request(withBody(method, '/echo', body, [['content-type', 'text/plain']]));
        expect(await json(response)).toMatchObject({ method, length: body.length, sha256: sha256(body) });
      }
      const empty = await session.request(withBody('POST', '/echo', new Uint8Array(0)));
      expect(await json(empty)).toMatchObject({ method: 'POST', length: 0 });

      const head = await session.request({ ...get('/echo'), method: 'HEAD' });
      expect(head.status).toBe(200);
      expect((await readBody(head.body)).length).toBe(0);

      const noContent = await session.request(get('/no-content'));
      expect(noContent.status).toBe(204);
      expect((await readBody(noContent.body)).length).toBe(0);
      expect(server.sessions.length - before).toBe(1);
    } finally {
      session.close();
    }
  });

  it('multiplexes 100 concurrent requests over one connection', async () => {
    const before = server.sessions.length;
    const { session } = await openSession(pki, server.port, profile);
    try {
      const started = performance.now();
      const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => session.request(get(`/echo?i=${i}`)).then(json)));
      const ms = performance.now() - started;
      console.log(`[h2 ${_name}] 100 concurrent requests: ${ms.toFixed(0)} ms`);
      expect(responses.map((r) => r.path)).toEqual(Array.from({ length: 100 }, (_, i) => `/echo?i=${i}`));
      expect(server.sessions.length - before).toBe(1);
    } finally {
      session.close();
    }
  });

  it('downloads 20 MiB through the flow-control windows (sha256 checked)', async () => {
    const { session } = await openSession(pki, server.port, profile);
    try {
      const started = performance.now();
      const response = await session.request(get('/big'));
      const body = await readBody(response.body);
      const ms = performance.now() - started;
      console.log(`[h2 ${_name}] 20 MiB download: ${ms.toFixed(0)} ms (${((20 / ms) * 1000).toFixed(1)} MiB/s)`);
      expect(body.length).toBe(BIG_DOWNLOAD.length);
      expect(sha256(body)).toBe(sha256(BIG_DOWNLOAD));
    } finally {
      session.close();
    }
  });

  it('uploads 5 MiB through the server windows (sha256 checked), buffered and streamed', async () => {
    const { session } = await openSession(pki, server.port, profile);
    try {
      const started = performance.now();
      const seen = await json(await session.request(withBody('POST', '/echo', BIG_UPLOAD)));
      console.log(`[h2 ${_name}] 5 MiB upload: ${(performance.now() - started).toFixed(0)} ms`);
      expect(seen).toMatchObject({ length: BIG_UPLOAD.length, sha256: sha256(BIG_UPLOAD) });

      async function* pieces(): AsyncGenerator<Uint8Array> {
        for (let at = 0; at < BIG_UPLOAD.length; at += 100_000) {
          await new Promise((resolve) => setImmediate(resolve));
          yield BIG_UPLOAD.subarray(at, at + 100_000);
        }
      }
      const streamed = await json(await session.request(withBody('PUT', '/echo', pieces())));
      expect(streamed).toMatchObject({ method: 'PUT', length: BIG_UPLOAD.length, sha256: sha256(BIG_UPLOAD) });
    } finally {
      session.close();
    }
  });

  it('delivers trailers after the body, and skips a 103 informational response', async () => {
    const { session } = await openSession(pki, server.port, profile);
    try {
      const response = await session.request(get('/trailers'));
      expect(response.trailers).toEqual([]);
      expect(await readText(response)).toBe('body before trailers');
      expect(response.trailers).toEqual([
        ['x-checksum', 'abc123'],
        ['x-count', '2'],
      ]);
      const hinted = await session.request(get('/early-hints'));
      expect(hinted.status).toBe(200);
      expect(await readText(hinted)).toBe('after 103');
    } finally {
      session.close();
    }
  });
});

describe('Http2Session against node:http2: errors and control', () => {
  it('a server RST_STREAM fails that request only (REFUSED_STREAM is retryable)', async () => {
    const { session } = await openSession(pki, server.port);
    try {
      const reset = session.request(get('/reset'));
      const refused = session.request(get('/refuse'));
      const fine = session.request(get('/echo'));
      const resetError = await reset.then(() => null, (e: unknown) => e);
      expect(resetError).toBeInstanceOf(RemoteProtocolError);
      expect((resetError as RemoteProtocolError).code).toBe('ENHANCE_YOUR_CALM');
      expect(isReplayable(resetError)).toBe(false);
      const refusedError = await refused.then(() => null, (e: unknown) => e);
      expect((refusedError as RemoteProtocolError).code).toBe('REFUSED_STREAM');
      expect(isReplayable(refusedError)).toBe(true);
      expect((await fine).status).toBe(200);
      expect(session.closed).toBe(false);
    } finally {
      session.close();
    }
  });

  it('GOAWAY mid-flight: streams above last-stream-id fail retryable, the others complete', async () => {
    held.delete('/hold');
    const { session } = await openSession(pki, server.port);
    const serverSession = () => server.sessions[server.sessions.length - 1]!;
    const requests = [1, 2, 3, 4].map((i) => session.request(get(`/hold?n=${i}`)));
    await waitFor(() => (held.get('/hold')?.length ?? 0) === 4, 5_000, 'the server to see 4 streams');
    const streams = held.get('/hold')!;
    expect(streams.map((s) => s.id)).toEqual([1, 3, 5, 7]);
    serverSession().goaway(http2.constants.NGHTTP2_NO_ERROR, 3);
    const outcomes = await Promise.allSettled(requests.slice(2));
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason as RemoteProtocolError;
      expect(error).toBeInstanceOf(RemoteProtocolError);
      expect(error.code).toBe('REFUSED_STREAM');
      expect(isReplayable(error)).toBe(true);
    }
    expect(session.closed).toBe(true);
    expect(session.available).toBe(false);
    const late = await session.request(get('/echo')).then(() => null, (e: unknown) => e);
    expect(isReplayable(late)).toBe(true);
    for (const s of streams.slice(0, 2)) {
      s.respond({ ':status': 200 });
      s.end(`done ${s.id}`);
    }
    const done = await Promise.all(requests.slice(0, 2).map((p) => p.then(readText)));
    expect(done).toEqual(['done 1', 'done 3']);
  });

  it('aborting one stream sends RST_STREAM CANCEL; the others are unaffected', async () => {
    held.delete('/hold-abort');
    rstCodes.delete('/hold-abort');
    const { session } = await openSession(pki, server.port);
    try {
      const controller = new AbortController();
      const aborted = session.request(get('/hold-abort?n=1'), controller.signal);
      const kept = session.request(get('/hold-abort?n=2'));
      await waitFor(() => (held.get('/hold-abort')?.length ?? 0) === 2, 5_000, 'two held streams');
      controller.abort(new AbortError('caller gave up'));
      const error = await aborted.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(AbortError);
      expect((error as Error).message).toBe('caller gave up');
      await waitFor(() => (rstCodes.get('/hold-abort') ?? []).includes(http2.constants.NGHTTP2_CANCEL), 5_000, 'the server to see CANCEL');
      const other = held.get('/hold-abort')![1]!;
      other.respond({ ':status': 200 });
      other.end('still here');
      expect(await readText(await kept)).toBe('still here');
      expect(session.activeStreams).toBe(0);
    } finally {
      session.close();
    }
  });

  it('an already-aborted signal never opens a stream; aborting a body mid-read fails the reader', async () => {
    const { session } = await openSession(pki, server.port);
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(session.request(get('/echo'), controller.signal)).rejects.toThrow();
      expect(session.activeStreams).toBe(0);

      const midway = new AbortController();
      const response = await session.request(get('/big'), midway.signal);
      const iterator = response.body[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      midway.abort(new AbortError('enough'));
      await expect(iterator.next()).rejects.toThrow('enough');
      // The connection lives on.
      expect((await session.request(get('/echo'))).status).toBe(200);
    } finally {
      session.close();
    }
  });

  it('backpressure: an unread body stops the server at the stream window', async () => {
    const { session } = await openSession(pki, server.port);
    try {
      const response = await session.request(get('/big'));
      const body = response.body as H2ResponseBody;
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Chrome's stream window is 6 MiB: that much may be in flight, not the 20 MiB.
      expect(body.bufferedOctets).toBeLessThanOrEqual(6 * 1024 * 1024);
      expect(body.bufferedOctets).toBeGreaterThan(0);
      const all = await readBody(body);
      expect(sha256(all)).toBe(sha256(BIG_DOWNLOAD));
    } finally {
      session.close();
    }
  });

  it('answers the server PING and measures its own', async () => {
    const { session } = await openSession(pki, server.port);
    try {
      expect((await session.request(get('/echo'))).status).toBe(200);
      const serverSession = server.sessions[server.sessions.length - 1]!;
      const rtt = await new Promise<number>((resolve, reject) =>
        serverSession.ping((error, duration) => (error ? reject(error) : resolve(duration))),
      );
      expect(rtt).toBeGreaterThanOrEqual(0);
      expect(await session.ping()).toBeGreaterThanOrEqual(0);
    } finally {
      session.close();
    }
  });

  it('close() sends GOAWAY (Firefox; issue 17 item 5) and fails what is still open', async () => {
    held.delete('/hold');
    const { session, conn } = await openSession(pki, server.port, firefox153);
    const pending = session.request(get('/hold?close')).then(() => null, (e: unknown) => e);
    await waitFor(() => (held.get('/hold')?.length ?? 0) === 1, 5_000, 'the held stream');
    const serverSession = server.sessions[server.sessions.length - 1]!;
    const goaway = new Promise<number>((resolve) => serverSession.once('goaway', (code: number) => resolve(code)));
    session.close();
    expect(await goaway).toBe(http2.constants.NGHTTP2_NO_ERROR);
    expect(await pending).toBeInstanceOf(AbortError);
    expect(session.closed).toBe(true);
    await waitFor(() => conn.destroyed, 3_000, 'the transport to close');
  });

  it('close() as Chrome sends no GOAWAY (SpdySession::DoDrainSession), fails what is still open and closes', async () => {
    held.delete('/hold');
    const { session, conn } = await openSession(pki, server.port, chrome156);
    const pending = session.request(get('/hold?close')).then(() => null, (e: unknown) => e);
    await waitFor(() => (held.get('/hold')?.length ?? 0) === 1, 5_000, 'the held stream');
    const serverSession = server.sessions[server.sessions.length - 1]!;
    let goaways = 0;
    serverSession.on('goaway', () => goaways++);
    const closed = new Promise<void>((resolve) => serverSession.once('close', () => resolve()));
    session.close();
    expect(await pending).toBeInstanceOf(AbortError);
    await closed;
    expect(goaways).toBe(0);
    await waitFor(() => conn.destroyed, 3_000, 'the transport to close');
  });
});

describe('Http2Session against node:http2 with small server limits', () => {
  let limited: NodeH2Server;
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    limited = await startNodeH2Server(
      pki,
      (stream, headers) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        stream.on('close', () => inFlight--);
        if (headers[':path'] === '/big') {
          stream.respond({ ':status': 200 });
          stream.end(BIG_DOWNLOAD.subarray(0, 3 * 1024 * 1024));
          return;
        }
        setTimeout(() => echo(stream, headers), 5);
      },
      // A tiny header table and window, a big frame size, few streams: every SETTINGS path.
      { settings: { maxConcurrentStreams: 5, initialWindowSize: 10_000, maxFrameSize: 32_768, headerTableSize: 256 } },
    );
  });

  afterAll(async () => {
    await limited?.stop();
  });

  it('queues beyond MAX_CONCURRENT_STREAMS and honours the server windows and table size', async () => {
    const { session } = await openSession(pki, limited.port);
    try {
      // Sent before the server's SETTINGS arrive, 30 streams overshoot its limit of 5 (we assume
      // 100 until told, as Chrome does): the refused ones are sent again on this connection.
      const body = pseudoRandomBytes(300_000, 'small-window');
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          session.request(withBody('POST', `/echo?i=${i}`, body, [['x-index', String(i)], ['x-long', 'v'.repeat(200)]])).then(json),
        ),
      );
      expect(results.every((r) => r.length === body.length && r.sha256 === sha256(body))).toBe(true);
      expect(results.map((r) => r.headers['x-index'])).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
      expect(maxInFlight).toBeLessThanOrEqual(5);
      expect(session.peerSettings.maxConcurrentStreams).toBe(5);
      expect(session.peerSettings.maxFrameSize).toBe(32_768);
      const big = await readBody((await session.request(get('/big'))).body);
      expect(big.length).toBe(3 * 1024 * 1024);
    } finally {
      session.close();
    }
  });
});

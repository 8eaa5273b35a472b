/**
 * The HTTP/2 side of the pool and the dispatcher, before the real session exists: a server whose
 * ALPN picks h2 (a real TLS handshake through our stack), and a scripted H2Session plugged in with
 * the pool's `createH2Session` option. Checks one connection per origin, queueing at the stream limit, retry
 * after a refused stream, and the H2Request the session receives.
 */
import net from 'node:net';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectError, HTTPError } from '../../src/errors.js';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool, DEFAULT_POOL_LIMITS } from '../../src/http/origin-pool.js';
import { markReplayable, type ExchangeResponse, type H2Request, type H2Session, type H2SessionOptions } from '../../src/http/session.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { makeRequest, text } from './request.js';

let pki: Pki;
let server: tls.Server;
let port: number;
let handshakes = 0;
const sockets = new Set<tls.TLSSocket>();

beforeAll(async () => {
  pki = await makePki();
  const leaf = pki.leaves.ecdsaP256;
  server = tls.createServer({ key: leaf.keyPem, cert: leaf.chainPem, ALPNProtocols: ['h2', 'http/1.1'] }, (socket) => {
    handshakes++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function body(chunks: Uint8Array[]): ExchangeResponse['body'] {
  return {
    async *[Symbol.asyncIterator]() {
      yield* chunks;
    },
    cancel: () => {},
  };
}

/**
 * A session that answers every request itself after `delayMs`, at most `maxStreams` at once, the
 * rest waiting inside it (the contract: the session queues past MAX_CONCURRENT_STREAMS).
 */
class ScriptedSession implements H2Session {
  static opened: ScriptedSession[] = [];
  readonly requests: H2Request[] = [];
  active = 0;
  maxSeen = 0;
  closed = false;
  refuseNext = false;
  private readonly queue: Array<() => void> = [];

  constructor(
    private readonly options: H2SessionOptions,
    private readonly maxStreams: number,
    private readonly delayMs: number,
  ) {
    ScriptedSession.opened.push(this);
  }

  get available(): boolean {
    return !this.closed && this.active < this.maxStreams;
  }

  async request(request: H2Request): Promise<ExchangeResponse> {
    this.requests.push(request);
    if (this.refuseNext) {
      // A GOAWAY whose last-stream-id excludes this stream: the server never saw it.
      this.closed = true;
      this.options.onStateChange();
      throw markReplayable(new ConnectError('GOAWAY: stream not processed', 'REFUSED_STREAM'));
    }
    if (this.active >= this.maxStreams) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    this.maxSeen = Math.max(this.maxSeen, this.active);
    await new Promise((r) => setTimeout(r, this.delayMs));
    this.active--;
    this.queue.shift()?.();
    return {
      status: 200,
      reason: '',
      httpVersion: 'HTTP/2',
      headers: [
        ['content-type', 'text/plain'],
        ['content-encoding', 'gzip'],
      ],
      body: body([zlib.gzipSync(`${request.method} ${request.path}`)]),
      trailers: [],
    };
  }

  close(): void {
    this.closed = true;
    this.options.transport.stream.destroy();
  }
}

const url = (path: string): string => `https://localhost:${port}${path}`;

describe('HTTP/2 through the pool (scripted session)', () => {
  it('sends every concurrent request of an origin to one connection', async () => {
    ScriptedSession.opened = [];
    const pool = new ConnectionPool(DEFAULT_POOL_LIMITS, { createH2Session: (options) => new ScriptedSession(options, 5, 30) });
    // The server counts a handshake once it has our Finished, a moment after we have moved on.
    await new Promise((r) => setTimeout(r, 100));
    const before = handshakes;
    try {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => performRequest(makeRequest(url(`/${i}`), { ca: [pki.ca] }), { pool })));
      expect(responses.map((r) => text(r.body))).toEqual(Array.from({ length: 20 }, (_, i) => `GET /${i}`));
      expect(responses.every((r) => r.httpVersion === 'HTTP/2' && r.tls!.alpn === 'h2')).toBe(true);
      expect(responses.filter((r) => !r.connectionReused)).toHaveLength(1);
      expect(ScriptedSession.opened).toHaveLength(1);
      expect(ScriptedSession.opened[0]!.maxSeen).toBe(5);
      expect(handshakes - before).toBe(1);
    } finally {
      pool.close();
    }
  });

  it('retries a request the server refused (GOAWAY) on a new connection', async () => {
    ScriptedSession.opened = [];
    const pool = new ConnectionPool(DEFAULT_POOL_LIMITS, {
      createH2Session: (options) => {
        const session = new ScriptedSession(options, 100, 1);
        session.refuseNext = ScriptedSession.opened.length === 1;
        return session;
      },
    });
    try {
      const response = await performRequest(makeRequest(url('/retry'), { ca: [pki.ca] }), { pool });
      expect(text(response.body)).toBe('GET /retry');
      expect(ScriptedSession.opened).toHaveLength(2);
    } finally {
      pool.close();
    }
  });

  it('hands the session lower-case fields in the profile order, without connection-specific ones', async () => {
    ScriptedSession.opened = [];
    const pool = new ConnectionPool(DEFAULT_POOL_LIMITS, { createH2Session: (options) => new ScriptedSession(options, 100, 1) });
    try {
      const defaults = makeRequest('https://x/').headers;
      await performRequest(
        makeRequest(url('/post?q=1'), {
          method: 'POST',
          body: new TextEncoder().encode('{"a":1}'),
          ca: [pki.ca],
          headers: [['Cookie', 'c=1'], ['Connection', 'keep-alive'], ['Host', 'example.test'], ['Content-Type', 'application/json'], ['Origin', 'https://x'], ...defaults],
        }),
        { pool },
      );
      const sent = ScriptedSession.opened[0]!.requests[0]!;
      expect(sent).toMatchObject({ method: 'POST', scheme: 'https', authority: 'example.test', path: '/post?q=1' });
      expect(sent.headers.map(([n]) => n)).toEqual([
        'content-length',
        'sec-ch-ua',
        'sec-ch-ua-mobile',
        'sec-ch-ua-platform',
        'origin',
        'content-type',
        'upgrade-insecure-requests',
        'user-agent',
        'accept',
        'sec-fetch-site',
        'sec-fetch-mode',
        'sec-fetch-user',
        'sec-fetch-dest',
        'accept-encoding',
        'accept-language',
        'cookie',
        'priority',
      ]);
      expect(sent.headers[0]).toEqual(['content-length', '7']);
    } finally {
      pool.close();
    }
  });
});

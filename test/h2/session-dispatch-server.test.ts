/**
 * The session wired into the real dispatcher and origin pool (its `createH2Session` option), against
 * Node's HTTP/2 server: what `performRequest` gets through `http2SessionFactory`, one connection
 * for many requests, and a GOAWAY-refused request retried by the pool on a new connection.
 */
import http2 from 'node:http2';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { performRequest } from '../../src/http/dispatch.js';
import { http2SessionFactory } from '../../src/http/h2/session-factory.js';
import { ConnectionPool, DEFAULT_POOL_LIMITS } from '../../src/http/origin-pool.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { makeRequest, text } from '../http/request.js';
import { startNodeH2Server, type NodeH2Server } from './session-harness.js';

let pki: Pki;
let server: NodeH2Server;
/** Server sessions told to GOAWAY on their next stream. */
let goawayNext = false;
const seen: { session: number; headers: http2.IncomingHttpHeaders; raw: string[] }[] = [];

beforeAll(async () => {
  pki = await makePki();
  server = await startNodeH2Server(pki, (stream, headers) => {
    const session = server.sessions.indexOf(stream.session as http2.ServerHttp2Session);
    if (goawayNext) {
      goawayNext = false;
      // last-stream-id below this stream: it was never processed. (Node turns 0 into "the last
      // stream processed", which would be this one.)
      stream.session?.goaway(http2.constants.NGHTTP2_NO_ERROR, (stream.id ?? 1) - 2);
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      seen.push({ session, headers, raw: [] });
      const reply = zlib.gzipSync(`${headers[':method']} ${headers[':path']} ${Buffer.concat(chunks).length}`);
      stream.respond({ ':status': 200, 'content-encoding': 'gzip', 'content-type': 'text/plain' });
      stream.end(reply);
    });
  });
});

afterAll(async () => {
  await server?.stop();
});

afterEach(() => {
  goawayNext = false;
});

const url = (path: string): string => `https://localhost:${server.port}${path}`;
const base = () => ({ ca: [pki.ca], resolve: { localhost: '127.0.0.1' } });

describe('performRequest over Http2Session', () => {
  it('GET and POST go out over HTTP/2, gzip undone, on one connection', async () => {
    const pool = new ConnectionPool(DEFAULT_POOL_LIMITS, { createH2Session: http2SessionFactory });
    try {
      const before = server.sessions.length;
      const get = await performRequest(makeRequest(url('/a?x=1'), base()), { pool });
      expect(get.httpVersion).toBe('HTTP/2');
      expect(get.status).toBe(200);
      expect(text(get.body)).toBe('GET /a?x=1 0');
      const post = await performRequest(makeRequest(url('/b'), { ...base(), method: 'POST', body: new TextEncoder().encode('12345') }), { pool });
      expect(text(post.body)).toBe('POST /b 5');
      expect(post.connectionReused).toBe(true);
      const many = await Promise.all(Array.from({ length: 50 }, (_, i) => performRequest(makeRequest(url(`/m${i}`), base()), { pool })));
      expect(many.map((r) => text(r.body))).toEqual(Array.from({ length: 50 }, (_, i) => `GET /m${i} 0`));
      expect(server.sessions.length - before).toBe(1);
      // The profile's headers arrive as sent: the default Chrome navigation headers, lower case.
      const last = seen.at(-1)!.headers;
      expect(last['user-agent']).toMatch(/Chrome\//);
      expect(last[':authority']).toBe(`localhost:${server.port}`);
    } finally {
      pool.close();
    }
  });

  it('a request refused by GOAWAY is sent again by the pool on a new connection', async () => {
    const pool = new ConnectionPool(DEFAULT_POOL_LIMITS, { createH2Session: http2SessionFactory });
    try {
      await performRequest(makeRequest(url('/warm'), base()), { pool });
      const before = server.sessions.length;
      goawayNext = true;
      const response = await performRequest(makeRequest(url('/again'), base()), { pool });
      expect(text(response.body)).toBe('GET /again 0');
      expect(server.sessions.length - before).toBe(1);
    } finally {
      pool.close();
    }
  });
});

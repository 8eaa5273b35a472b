/**
 * Fuzzing the HTTP/1.1 response parser (src/http/h1: status line, fields, framing, chunked
 * bodies, trailers, interim responses, keep-alive) through H1Connection over a socket stand-in,
 * fed real responses recorded from Node's http server (and a few odd ones written by hand),
 * mutated and cut at random places. The body is read to its end and content-decoded, as the
 * dispatcher does. Property: a response or a typed error, in bounded time and memory.
 */
import http from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteProtocolError } from '../../src/errors.js';
import { codingsToUndo, decodeContent, limitSize } from '../../src/http/decoding.js';
import { H1Connection } from '../../src/http/h1/connection.js';
import { bytesArb, chunked, cutsArb, fuzzAsync, runs, summaryTable } from './harness.js';
import { scriptedSocket } from './stream.js';

let responses: Uint8Array[] = [];
afterAll(() => console.log(summaryTable('HTTP/1.1 response parser')));

/** Requests whose answers, as Node's http server writes them, become the seeds. */
const PATHS = ['/plain', '/chunked', '/trailers', '/gzip', '/empty', '/304', '/early-hints', '/continue', '/close', '/big-header', '/keepalive'];

beforeAll(async () => {
  const server = http.createServer((req, res) => {
    switch (req.url) {
      case '/plain':
        res.setHeader('Content-Length', 5);
        res.end('hello');
        return;
      case '/chunked':
        res.write('first chunk;');
        res.write('second');
        res.end();
        return;
      case '/trailers':
        res.writeHead(200, { Trailer: 'X-Checksum', 'Transfer-Encoding': 'chunked' });
        res.write('body');
        res.addTrailers({ 'X-Checksum': 'abc123' });
        res.end();
        return;
      case '/gzip': {
        const body = gzipSync('compressed body '.repeat(20));
        res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': body.length });
        res.end(body);
        return;
      }
      case '/empty':
        res.writeHead(204);
        res.end();
        return;
      case '/304':
        res.writeHead(304, { ETag: '"x"' });
        res.end();
        return;
      case '/early-hints':
        res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
        res.end('after hints');
        return;
      case '/continue':
        res.writeContinue();
        res.end('after continue');
        return;
      case '/close':
        res.setHeader('Connection', 'close');
        res.useChunkedEncodingByDefault = false;
        res.end('until close');
        return;
      case '/big-header':
        res.setHeader('X-Long', 'v'.repeat(3000));
        res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; HttpOnly']);
        res.end('ok');
        return;
      default:
        res.end('keep');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    for (const path of PATHS) responses.push(await rawExchange(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    // Two responses on one kept-alive connection, back to back.
    responses.push(await rawExchange(port, 'GET /plain HTTP/1.1\r\nHost: x\r\n\r\nGET /chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
  responses.push(
    latin1('HTTP/1.0 200 OK\nContent-Type: text/plain\n\nbare LF, HTTP/1.0, to the close'),
    latin1('HTTP/1.1 200 OK\r\nX-Folded: a\r\n  continued\r\nContent-Length: 2\r\n\r\nok'),
    latin1('HTTP/1.1 200\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n'),
    latin1('\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc'),
  );
}, 60_000);

function rawExchange(port: number, request: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = netConnect({ host: '127.0.0.1', port }, () => socket.write(request));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    socket.on('error', reject);
  });
}

interface H1Case {
  bytes: Uint8Array;
  cuts: number[];
  method: 'GET' | 'HEAD' | 'POST';
  decode: boolean;
}

/** Runs up to three exchanges on one connection, reading each body to its end (decoded). */
async function exchange(c: H1Case): Promise<number> {
  const stream = scriptedSocket(chunked(c.bytes, c.cuts));
  const connection = new H1Connection({ stream, tls: null, alpn: null, socket: null }, { onIdle: () => {}, onClose: () => {} });
  const signal = new AbortController().signal;
  let total = 0;
  try {
    for (let i = 0; i < 3 && connection.available; i++) {
      const body = c.method === 'POST' ? new TextEncoder().encode('posted') : null;
      const response = await connection.request({ method: c.method, target: '/', headers: [['Host', 'x']], body }, signal);
      expect(response.status).toBeGreaterThanOrEqual(100);
      const codings = c.decode ? codingsToUndo(response.headers) : [];
      const decoded = limitSize(decodeContent(response.body, codings ?? []), 4 * 1024 * 1024);
      for await (const chunk of decoded) total += chunk.length;
      // Let the connection settle (release or close) before asking whether it is available.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return total;
  } finally {
    connection.close();
  }
}

describe('HTTP/1.1 response parser', () => {
  it('the recorded responses parse as they are', async () => {
    expect(responses.length).toBe(PATHS.length + 5);
    // The hand-written ones are odd on purpose (one uses a transfer coding we refuse).
    for (const bytes of responses.slice(0, PATHS.length + 1)) {
      await expect(exchange({ bytes, cuts: [], method: 'GET', decode: true })).resolves.toBeGreaterThanOrEqual(0);
    }
  });

  it('H1Connection over mutated and random responses, cut anywhere', async () => {
    const arb = fc.record({
      bytes: bytesArb(responses, { randomWeight: 1, mutatedWeight: 6, maxLength: 1024 }),
      cuts: cutsArb,
      method: fc.constantFrom<'GET' | 'HEAD' | 'POST'>('GET', 'GET', 'HEAD', 'POST'),
      decode: fc.boolean(),
    });
    await fuzzAsync('H1Connection (response head, framing, body)', arb, exchange, { numRuns: runs(4000), sizeOf: (c) => c.bytes.length });
  });

  it('a head that never ends, or a chunk size of 2^52, is refused without buffering it', async () => {
    // 70 KiB of header lines: over the 64 KiB head budget.
    const longHead = new TextEncoder().encode(`HTTP/1.1 200 OK\r\n${'X-A: aaaaaaaaaaaaaaaa\r\n'.repeat(3500)}`);
    await expect(exchange({ bytes: longHead, cuts: [1000, 30_000], method: 'GET', decode: false })).rejects.toBeInstanceOf(RemoteProtocolError);
    // A chunk that claims 2^52 bytes and then the connection ends: an incomplete message, no allocation.
    const hugeChunk = new TextEncoder().encode('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffff\r\nabc');
    await expect(exchange({ bytes: hugeChunk, cuts: [], method: 'GET', decode: false })).rejects.toBeInstanceOf(RemoteProtocolError);
  });
});

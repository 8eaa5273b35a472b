/**
 * The echo server's HTTP/1.1 request reader: header lines kept exactly as sent, bodies framed
 * and counted (Content-Length, chunked), pipelined requests and any cut of the stream, and a
 * status for what it cannot frame.
 */
import { describe, expect, it } from 'vitest';
import { Http1ParseError, Http1RequestParser, type Http1Request } from '../../src/fingerprint/echo/h1-parser.js';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/** Feeds the text whole, then byte by byte: both must give the same requests. */
function parseBothWays(text: string): Http1Request[] {
  const whole = new Http1RequestParser().push(bytes(text));
  const parser = new Http1RequestParser();
  const split = [...bytes(text)].flatMap((b) => parser.push(new Uint8Array([b])));
  expect(split).toEqual(whole);
  return whole;
}

function statusOf(text: string): number {
  try {
    new Http1RequestParser().push(bytes(text));
  } catch (error) {
    if (error instanceof Http1ParseError) return error.status;
    throw error;
  }
  return 0;
}

describe('Http1RequestParser', () => {
  it('keeps header lines as sent, in order, and reads pipelined requests', () => {
    const [a, b] = parseBothWays(
      'GET /a?x=1 HTTP/1.1\r\nHost: localhost:8443\r\nuser-agent:  spaced  \r\nX-Dup: 1\r\nX-Dup: 2\r\n\r\n' +
        'HEAD /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n',
    );
    expect(a).toEqual({
      method: 'GET',
      target: '/a?x=1',
      version: 'HTTP/1.1',
      requestLine: 'GET /a?x=1 HTTP/1.1',
      headerLines: ['Host: localhost:8443', 'user-agent:  spaced  ', 'X-Dup: 1', 'X-Dup: 2'],
      headers: [
        ['host', 'localhost:8443'],
        ['user-agent', 'spaced'],
        ['x-dup', '1'],
        ['x-dup', '2'],
      ],
      bodyLength: 0,
      body: new Uint8Array(0),
      keepAlive: true,
    });
    expect(b).toMatchObject({ method: 'HEAD', target: '/b', keepAlive: false });
  });

  it('counts Content-Length and chunked bodies (extensions, trailers), and skips a stray CRLF between requests', () => {
    const requests = parseBothWays(
      'POST /1 HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world\r\n' +
        'POST /2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n' +
        'GET /3 HTTP/1.0\r\n\r\n',
    );
    expect(requests.map((r) => [r.target, r.bodyLength, r.keepAlive, Buffer.from(r.body).toString()])).toEqual([
      ['/1', 11, true, 'hello world'],
      ['/2', 15, true, 'hello0123456789'],
      ['/3', 0, false, ''],
    ]);
  });

  it('keeps an HTTP/1.0 connection only when asked to', () => {
    expect(parseBothWays('GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n')[0]!.keepAlive).toBe(true);
    expect(parseBothWays('GET / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n')[0]!.keepAlive).toBe(false);
  });

  it('refuses what it cannot frame, with the status to answer', () => {
    expect(statusOf('\x16\x03\x01 garbage\r\n\r\n')).toBe(400);
    expect(statusOf('GET /\r\n\r\n')).toBe(400);
    expect(statusOf('GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n')).toBe(400);
    expect(statusOf('GET / HTTP/1.1\r\nbad header\r\n\r\n')).toBe(400);
    expect(statusOf('POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n')).toBe(400);
    expect(statusOf('POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n')).toBe(501);
    expect(statusOf('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).toBe(400);
    expect(statusOf(`GET / HTTP/1.1\r\nX: ${'a'.repeat(70_000)}`)).toBe(431);
    // The same Content-Length twice is one length (RFC 9110 §8.6).
    expect(statusOf('POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok')).toBe(0);
  });
});

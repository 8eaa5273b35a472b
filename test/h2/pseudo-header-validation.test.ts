/**
 * HTTP/2 request pseudo-headers are validated like an HTTP/1.1 request line (the h2→h1 smuggling
 * class): against a real TLS server on 127.0.0.1 that records every frame, a bad `:method`,
 * `:authority`, `:scheme` or `:path` is a RequestError before anything is sent (the server sees no
 * HEADERS for it), and the session goes on serving good requests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RequestError } from '../../src/errors.js';
import type { Http2Request } from '../../src/http/h2/session.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { NGINX_PREFACE, get, openSession, readBody, responseHeaders, startRawH2Server } from './session-harness.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

const bad: [string, Partial<Http2Request>][] = [
  ['CR LF in :path', { path: '/a\r\nx-injected: 1' }],
  ['NUL in :path', { path: '/a\0b' }],
  ['space in :path', { path: '/a b HTTP/1.1' }],
  ['a :path that is not rooted', { path: 'a' }],
  ['an empty :path', { path: '' }],
  ['CR LF in :method', { method: 'GET\r\nHost: evil' }],
  ['a space in :method', { method: 'GET /x' }],
  ['an empty :method', { method: '' }],
  ['CR LF in :authority', { authority: 'localhost\r\nx: y' }],
  ['NUL in :authority', { authority: 'local\0host' }],
  ['userinfo in :authority', { authority: 'user:pw@localhost' }],
  ['a path in :authority', { authority: 'localhost/x' }],
  ['a port that is not a number', { authority: 'localhost:8a' }],
  ['a port above 65535', { authority: 'localhost:65536' }],
  ['an unclosed IP literal', { authority: '[::1' }],
  ['a bad :scheme', { scheme: 'ht tp' }],
];

describe('HTTP/2 pseudo-header validation', () => {
  it('refuses each bad pseudo-header before sending; the session keeps serving', async () => {
    let served = 0;
    await using server = await startRawH2Server(pki, (conn) => {
      conn.send(...NGINX_PREFACE);
      conn.onFrame = (frame) => {
        if (frame.type !== 'HEADERS') return;
        conn.decoder.decode(frame.headerBlock);
        served++;
        conn.send(responseHeaders(conn, frame.streamId, [[':status', '204']], true));
      };
    });
    const { session } = await openSession(pki, server.port);
    try {
      for (const [what, change] of bad) {
        const error = await session.request({ ...get('/'), ...change }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, what).toBeInstanceOf(RequestError);
        expect((error as Error).message, what).toMatch(/invalid HTTP\/2 :(method|authority|path|scheme)/);
      }
      // Good requests, including the forms the RFC allows, still go out on the same session.
      for (const good of [get('/'), { ...get('/'), authority: 'localhost:8443' }, { ...get('/'), authority: '[::1]:443' }, { ...get('*'), method: 'OPTIONS' }]) {
        const response = await session.request(good);
        expect(response.status).toBe(204);
        await readBody(response.body);
      }
      expect(served).toBe(4);
      // Not one HEADERS frame carried a refused request.
      const conn = server.connections[0]!;
      expect(conn.frames.filter((f) => f.type === 'HEADERS')).toHaveLength(4);
      expect(conn.received().includes('x-injected')).toBe(false);
    } finally {
      session.destroy();
    }
  });

  it('CONNECT needs host:port and sends no :path', async () => {
    await using server = await startRawH2Server(pki, (conn) => conn.send(...NGINX_PREFACE));
    const { session } = await openSession(pki, server.port);
    try {
      const error = await session.request({ ...get(''), method: 'CONNECT', authority: 'example.com' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RequestError);
      expect((error as Error).message).toMatch(/CONNECT needs host:port/);
    } finally {
      session.destroy();
    }
  });
});

/**
 * Redirects from hostile or sloppy servers, through AsyncClient and its worker pool against raw
 * TCP servers on 127.0.0.1 that write their answers byte by byte:
 * - a Location of raw UTF-8 octets is percent-encoded once (/café → /caf%C3%A9), as Chrome does;
 * - two different Location fields are ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION, not joined with ", ";
 * - a cross-origin hop drops Authorization, Proxy-Authorization and per-request cookies (a
 *   same-origin hop keeps them);
 * - a streamed 3xx whose body trickles forever does not hold `client.stream()`: the hop's body is
 *   dropped unread.
 */
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, RemoteProtocolError } from '../../src/index.js';
import { startRawServer, type RawServer } from '../http/servers.js';

let a: RawServer;
let b: RawServer;
const trickles: NodeJS.Timeout[] = [];

function answer(socket: net.Socket, head: string[], body = ''): void {
  socket.end(Buffer.from([...head, `Content-Length: ${Buffer.byteLength(body, 'latin1')}`, 'Connection: close', '', body].join('\r\n'), 'latin1'));
}

function path(head: string): string {
  return head.split(' ')[1] ?? '';
}

beforeAll(async () => {
  b = await startRawServer((socket, head) => answer(socket, ['HTTP/1.1 200 OK', 'Content-Type: text/plain'], `b saw ${path(head)}`));
  a = await startRawServer((socket, head) => {
    const p = path(head);
    // Raw octets: 'é' is C3 A9 on the wire (latin1 text of the UTF-8 bytes).
    if (p === '/utf8') return answer(socket, ['HTTP/1.1 302 Found', 'Location: /caf\xc3\xa9?q=\xe2\x9c\x93']);
    if (p === '/two') return answer(socket, ['HTTP/1.1 302 Found', 'Location: /one', 'Location: /other']);
    if (p === '/same-twice') return answer(socket, ['HTTP/1.1 302 Found', 'Location: /landed', 'Location: /landed']);
    if (p === '/cross') return answer(socket, ['HTTP/1.1 302 Found', `Location: ${b.url}/landed`]);
    if (p === '/same') return answer(socket, ['HTTP/1.1 302 Found', 'Location: /landed']);
    if (p === '/trickle') {
      socket.write('HTTP/1.1 302 Found\r\nLocation: /landed\r\nContent-Length: 1000000\r\n\r\n');
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('x')), 50);
      trickles.push(timer);
      return;
    }
    return answer(socket, ['HTTP/1.1 200 OK', 'Content-Type: text/plain'], `a saw ${p}`);
  });
});

afterAll(async () => {
  for (const t of trickles) clearInterval(t);
  await a.close();
  await b.close();
});

/** The head of the last request a server received. */
function lastHead(server: RawServer): string {
  return server.received[server.received.length - 1] ?? '';
}

describe('Location', () => {
  it('raw UTF-8 octets are percent-encoded once, as Chrome does', async () => {
    await using client = new AsyncClient({ timeout: 5_000 });
    const response = await client.get(`${a.url}/utf8`);
    expect(response.url).toBe(`${a.url}/caf%C3%A9?q=%E2%9C%93`);
    expect(response.text).toBe('a saw /caf%C3%A9?q=%E2%9C%93');
  });

  it('two different Location fields are an error (ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION)', async () => {
    await using client = new AsyncClient({ timeout: 5_000 });
    const error = await client.get(`${a.url}/two`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as RemoteProtocolError).code).toBe('MULTIPLE_LOCATION');
    expect((error as Error).message).toMatch(/ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION/);
  });

  it('the same Location twice is followed (Chrome only refuses different values)', async () => {
    await using client = new AsyncClient({ timeout: 5_000 });
    expect((await client.get(`${a.url}/same-twice`)).text).toBe('a saw /landed');
  });
});

describe('credentials on a cross-origin redirect', () => {
  const credentials = { headers: { Authorization: 'Bearer secret', 'Proxy-Authorization': 'Basic cHJveHk6cHc=' }, cookies: { session: 's3cret' } };

  it('another origin gets no Authorization, Proxy-Authorization or per-request cookie', async () => {
    await using client = new AsyncClient({ timeout: 5_000 });
    const response = await client.get(`${a.url}/cross`, credentials);
    expect(response.text).toBe('b saw /landed');
    const head = lastHead(b).toLowerCase();
    expect(head).not.toContain('authorization');
    expect(head).not.toContain('s3cret');
    // The first request had them all.
    const first = a.received.find((h) => h.startsWith('GET /cross'))!.toLowerCase();
    expect(first).toContain('proxy-authorization: basic');
    expect(first).toContain('session=s3cret');
  });

  it('the same origin keeps them', async () => {
    await using client = new AsyncClient({ timeout: 5_000 });
    const response = await client.get(`${a.url}/same`, credentials);
    expect(response.text).toBe('a saw /landed');
    const head = lastHead(a).toLowerCase();
    expect(head).toContain('authorization: bearer secret');
    expect(head).toContain('session=s3cret');
  });
});

describe('a redirect body in stream()', () => {
  it('a 302 whose body trickles forever does not hold stream(): its body is dropped unread', async () => {
    await using client = new AsyncClient({ timeout: 2_000 });
    const started = performance.now();
    await using response = await client.stream('GET', `${a.url}/trickle`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.read()).toString()).toBe('a saw /landed');
    expect(response.history.map((r) => r.status)).toEqual([302]);
  });
});

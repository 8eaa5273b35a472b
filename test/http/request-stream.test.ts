/**
 * Streamed request bodies in the dispatcher: chunked on the wire when no length is given, the
 * caller's Content-Length otherwise, and never sent twice by the retry-once rule.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { RequestError } from '../../src/errors.js';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { makeRequest, text } from './request.js';

async function* parts(...chunks: string[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield new TextEncoder().encode(chunk);
}

/** A raw server: `answer(index, request so far)` returns a response once the request is complete, or null to wait. */
async function rawServer(answer: (connection: number, received: string) => string | 'drop' | null) {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const received: string[] = [];
  const raw = net.createServer((socket) => {
    const index = connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      const reply = answer(index, buffered);
      if (reply === 'drop') socket.destroy();
      else if (reply !== null) {
        received.push(buffered);
        buffered = '';
        socket.write(reply);
      }
    });
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(raw.address() as net.AddressInfo).port}`,
    received,
    connections: () => connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    },
  };
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

describe('streamed request bodies over HTTP/1.1', () => {
  it('goes chunked without a Content-Length, and as is with one', async () => {
    const server = await rawServer((_, got) => (got.endsWith('0\r\n\r\n') || /Content-Length: 5\r\n[\s\S]*\r\n\r\nhello$/i.test(got) ? OK : null));
    const pool = new ConnectionPool();
    try {
      const chunked = await performRequest(makeRequest(`${server.url}/`, { method: 'POST', bodyStream: parts('hel', 'lo') }), { pool });
      expect(text(chunked.body)).toBe('ok');
      expect(server.received[0]).toMatch(/\r\nTransfer-Encoding: chunked\r\n/i);
      expect(server.received[0]).not.toMatch(/content-length/i);
      expect(server.received[0]!.endsWith('\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n')).toBe(true);

      const headers = [...makeRequest(server.url).headers, ['Content-Length', '5'] as [string, string]];
      const sized = await performRequest(makeRequest(`${server.url}/`, { method: 'POST', headers, bodyStream: parts('hel', 'lo') }), { pool });
      expect(text(sized.body)).toBe('ok');
      expect(server.received[1]).not.toMatch(/transfer-encoding/i);

      const wrong = makeRequest(`${server.url}/`, { method: 'POST', headers, bodyStream: parts('hello!') });
      await expect(performRequest(wrong, { pool })).rejects.toThrow(RequestError);
    } finally {
      pool.close();
      await server.close();
    }
  });

  it('is not sent again when a reused connection drops it unanswered', async () => {
    let heads = 0;
    const server = await rawServer((index, got) => {
      if (!got.includes('\r\n\r\n')) return null;
      heads++;
      // The first connection answers once, then drops the next request (a keep-alive race).
      return index === 0 && heads === 2 ? 'drop' : OK;
    });
    const pool = new ConnectionPool();
    try {
      await performRequest(makeRequest(`${server.url}/`), { pool });
      const outcome = await performRequest(makeRequest(`${server.url}/`, { method: 'POST', bodyStream: parts('once') }), { pool }).catch((e: unknown) => e);
      expect(outcome).toBeInstanceOf(RequestError);
      expect((outcome as Error).message).toMatch(/streamed body cannot be resent/);
      expect(server.connections()).toBe(1);
    } finally {
      pool.close();
      await server.close();
    }
  });
});

/**
 * HTTP/1.1 against a raw TCP server that writes exactly the bytes each test scripts: malformed and
 * hostile responses must end in a typed error in bounded time (never a hang or a crash), and the
 * odd-but-legal ones must parse.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectError, RemoteProtocolError, TimeoutError } from '../../src/errors.js';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { makeRequest, text } from './request.js';
import { startRawServer, type RawServer } from './servers.js';

let pool: ConnectionPool;
let server: RawServer | null = null;

beforeAll(() => {
  pool = new ConnectionPool();
});
afterAll(() => pool.close());
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Serves `bytes` (then closes the connection when `close`), and performs one GET against it. */
async function fetchRaw(bytes: string | Buffer, close = true, timeout = 5_000, within = timeout): Promise<unknown> {
  server = await startRawServer((socket) => {
    socket.write(bytes);
    if (close) socket.end();
  });
  const started = Date.now();
  const outcome = await performRequest(makeRequest(`${server.url}/`, { timeout }), { pool }).catch((e: unknown) => e);
  // A hostile response is refused at once; the 5 s deadline only catches a hang.
  expect(Date.now() - started).toBeLessThan(within);
  return outcome;
}

async function expectProtocolError(bytes: string | Buffer, close = true, code?: string): Promise<RemoteProtocolError> {
  const outcome = await fetchRaw(bytes, close);
  expect(outcome).toBeInstanceOf(RemoteProtocolError);
  if (code) expect((outcome as RemoteProtocolError).code).toBe(code);
  return outcome as RemoteProtocolError;
}

describe('malformed responses', () => {
  it('a bad status line', async () => {
    await expectProtocolError('HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n', false, 'BAD_STATUS_LINE');
    await expectProtocolError('garbage\r\n\r\n', false, 'BAD_STATUS_LINE');
    await expectProtocolError('HTTP/2.0 200 OK\r\n\r\n', false, 'BAD_STATUS_LINE');
  });

  it('a header block over 64 KiB, sent without end', async () => {
    server = await startRawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      const line = `X-Filler: ${'a'.repeat(1000)}\r\n`;
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        socket.write(line.repeat(16));
      }, 1);
      socket.once('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const error = await performRequest(makeRequest(`${server.url}/`, { timeout: 5_000 }), { pool }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as RemoteProtocolError).code).toBe('HEADER_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a line over 8 KiB', async () => {
    await expectProtocolError(`HTTP/1.1 200 OK\r\nX-Long: ${'b'.repeat(9000)}\r\n\r\n`, false, 'LINE_TOO_LONG');
  });

  it('Content-Length with Transfer-Encoding', async () => {
    await expectProtocolError('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n', false, 'CONFLICTING_FRAMING');
  });

  it('conflicting or invalid Content-Length values', async () => {
    await expectProtocolError('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!', false, 'BAD_CONTENT_LENGTH');
    await expectProtocolError('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', false, 'BAD_CONTENT_LENGTH');
    await expectProtocolError('HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n', false, 'BAD_CONTENT_LENGTH');
  });

  it('a truncated chunked body', async () => {
    await expectProtocolError('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc', true, 'INCOMPLETE_MESSAGE');
    await expectProtocolError('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n', true, 'INCOMPLETE_MESSAGE');
  });

  it('a truncated Content-Length body', async () => {
    await expectProtocolError('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort', true, 'INCOMPLETE_MESSAGE');
  });

  it('bad chunk framing', async () => {
    await expectProtocolError('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', false, 'BAD_CHUNK');
    await expectProtocolError('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n', false, 'BAD_CHUNK');
    await expectProtocolError(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'f'.repeat(20)}\r\n`, false, 'BAD_CHUNK');
  });

  it('invalid header lines', async () => {
    await expectProtocolError('HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', false);
    await expectProtocolError('HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n', false);
    await expectProtocolError('HTTP/1.1 200 OK\r\nX-Nul: a\0b\r\n\r\n', false);
  });

  it('a connection closed in the middle of the head', async () => {
    await expectProtocolError('HTTP/1.1 200 OK\r\nContent-Le', true, 'INCOMPLETE_MESSAGE');
  });

  it('101 Switching Protocols we never asked for', async () => {
    await expectProtocolError('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n', false, 'UNEXPECTED_UPGRADE');
  });

  it('endless 1xx responses', async () => {
    await expectProtocolError('HTTP/1.1 103 Early Hints\r\n\r\n'.repeat(40), false);
  });

  it('no response at all on a new connection is a ConnectError', async () => {
    const outcome = await fetchRaw('', true);
    expect(outcome).toBeInstanceOf(ConnectError);
  });

  it('a server that stalls mid-body hits the deadline, as TimeoutError', async () => {
    const outcome = await fetchRaw('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nstart', false, 700, 2_000);
    expect(outcome).toBeInstanceOf(TimeoutError);
  });
});

describe('odd but legal responses', () => {
  it('a close-delimited body', async () => {
    const response = await fetchRaw('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end', true);
    expect(text((response as { body: Uint8Array }).body)).toBe('until the end');
  });

  it('HTTP/1.0 without keep-alive, bare LF line ends, obs-fold, no reason phrase', async () => {
    const response = (await fetchRaw('HTTP/1.0 200\nX-Folded: one\n  two\nX-Space : yes\nContent-Length: 2\n\nhi', true)) as {
      status: number;
      reason: string;
      headers: [string, string][];
      body: Uint8Array;
    };
    expect(response.status).toBe(200);
    expect(response.reason).toBe('');
    expect(response.headers).toEqual([
      ['X-Folded', 'one two'],
      ['X-Space', 'yes'],
      ['Content-Length', '2'],
    ]);
    expect(text(response.body)).toBe('hi');
  });

  it('chunk extensions are ignored, trailers kept', async () => {
    const response = (await fetchRaw(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value;x="y"\r\nhello\r\n6 ; ext\r\n world\r\n0\r\nX-Trailer: t\r\nX-Other: o\r\n\r\n',
      false,
    )) as { body: Uint8Array; trailers: [string, string][] };
    expect(text(response.body)).toBe('hello world');
    expect(response.trailers).toEqual([
      ['X-Trailer', 't'],
      ['X-Other', 'o'],
    ]);
  });

  it('Transfer-Encoding other than chunked last reads to the close', async () => {
    const response = (await fetchRaw('HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\nraw bytes', true)) as { body: Uint8Array };
    expect(text(response.body)).toBe('raw bytes');
  });
});

describe('kept-alive connections the server drops', () => {
  it('a request on a reused connection that the server closes unanswered is sent again on a new one', async () => {
    let connections = 0;
    const sockets = new Set<net.Socket>();
    const raw = net.createServer((socket) => {
      const index = connections++;
      sockets.add(socket);
      socket.on('error', () => {});
      let heads = 0;
      let buffered = '';
      socket.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('latin1');
        while (buffered.includes('\r\n\r\n')) {
          buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4);
          heads++;
          // The first connection answers once, then drops the next request (a keep-alive race).
          if (index === 0 && heads === 2) socket.destroy();
          else socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n${index}${heads}`);
        }
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', () => resolve()));
    const port = (raw.address() as net.AddressInfo).port;
    const own = new ConnectionPool();
    try {
      const first = await performRequest(makeRequest(`http://127.0.0.1:${port}/`), { pool: own });
      expect(text(first.body)).toBe('01');
      const second = await performRequest(makeRequest(`http://127.0.0.1:${port}/`), { pool: own });
      expect(text(second.body)).toBe('11');
      expect(second.connectionReused).toBe(false);
      expect(connections).toBe(2);
    } finally {
      own.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });

  it('a response with Connection: close is not reused', async () => {
    server = await startRawServer((socket, _head, index) => {
      socket.write(`HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n${index}`);
    });
    const own = new ConnectionPool();
    try {
      const a = await performRequest(makeRequest(`${server.url}/`), { pool: own });
      const b = await performRequest(makeRequest(`${server.url}/`), { pool: own });
      expect([text(a.body), text(b.body)]).toEqual(['0', '1']);
      expect(b.connectionReused).toBe(false);
    } finally {
      own.close();
    }
  });
});

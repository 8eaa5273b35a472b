/**
 * Issue 14 item 3. A response without Content-Length or chunked framing (HTTP/1.0, or
 * `Connection: close`) ends where the server closes: at close_notify or FIN, and whatever the
 * socket does after that (a reset answering our close_notify, as openssl s_server and gnutls-serv
 * do) the body is complete. A body cut short of its Content-Length or of its last chunk is a
 * RemoteProtocolError (INCOMPLETE_MESSAGE), never a retryable ConnectError. Real peers only:
 * openssl s_server -www, gnutls-serv --http, and Node TCP and TLS servers scripted to close, reset
 * or truncate.
 */
import { randomBytes } from 'node:crypto';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectError, RemoteProtocolError } from '../../src/errors.js';
import { performRequest, type HttpResponse, type PerformOptions } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { isReplayable } from '../../src/http/session.js';
import type { RequestMessage } from '../../src/pool/messages.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startGnutlsServer, startOpensslServer } from '../helpers/servers.js';
import { makeRequest, text } from './request.js';
import { startRawServer, type RawServer } from './servers.js';
import { startTlsScriptServer, type TlsScriptServer } from './tls-script-server.js';

let pki: Pki;
const pools: ConnectionPool[] = [];

beforeAll(async () => {
  pki = await makePki();
});

afterAll(() => {
  for (const pool of pools) pool.close();
});

/** One request on a pool of its own (no connection carries over between cases). */
function get(url: string, overrides: Partial<RequestMessage> = {}, options: PerformOptions = {}): Promise<HttpResponse> {
  const pool = new ConnectionPool();
  pools.push(pool);
  return performRequest(makeRequest(url, { ca: [pki.ca], timeout: 30_000, ...overrides }), { pool, ...options });
}

/** The failure of a body cut short: typed as the server's fault, and not sent again. */
async function expectIncomplete(pending: Promise<unknown>): Promise<void> {
  const error = await pending.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteProtocolError);
  expect(error).not.toBeInstanceOf(ConnectError);
  expect((error as RemoteProtocolError).code).toBe('INCOMPLETE_MESSAGE');
  expect(isReplayable(error)).toBe(false);
}

function http10(body: Uint8Array, extra = ''): Buffer {
  return Buffer.concat([Buffer.from(`HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n${extra}\r\n`), body]);
}

// The -www status page ends with this, after the session's details.
const STATUS_PAGE_END = '</BODY></HTML>\r\n\r\n';

describe('TLS servers that end an HTTP/1.0 body with close_notify and reset the connection', () => {
  for (const version of ['-tls1_3', '-tls1_2']) {
    it(`openssl s_server -www ${version}: the whole status page, no error`, async () => {
      const leaf = pki.leaves.ecdsaP256;
      await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: [version] });
      const response = await get(`https://localhost:${server.port}/`);
      expect(response.status).toBe(200);
      // The version the server answered with, as curl -i shows it.
      expect(response.httpVersion).toBe('HTTP/1.0');
      expect(text(response.body)).toContain(version === '-tls1_3' ? 'TLSv1.3' : 'TLSv1.2');
      expect(text(response.body).endsWith(STATUS_PAGE_END)).toBe(true);
    });
  }

  it('gnutls-serv --http: the whole status page, no error', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startGnutlsServer({ cert: leaf.chainPem, key: leaf.keyPem, args: ['-a'] });
    const response = await get(`https://localhost:${server.port}/`);
    expect(response.status).toBe(200);
    expect(text(response.body)).toMatch(/<\/HTML>\s*$/i);
  });

  describe('a Node TLS server', () => {
    let server: TlsScriptServer;
    // A reset throws away what the server has not sent yet: the body that is reset at once is
    // small enough to be on the wire by then (one record, one loopback segment).
    const bodies = { 'at-once': randomBytes(8_000), 'after-ours': randomBytes(100_000) };
    beforeAll(async () => {
      server = await startTlsScriptServer(pki, (secure, raw, head) => {
        const when = /GET \/(\S+)/.exec(head)?.[1] === 'at-once' ? 'at-once' : 'after-ours';
        // close_notify and FIN go out with the body; the reset follows at once, or answers ours.
        secure.end(http10(bodies[when]));
        if (when === 'at-once') secure.once('finish', () => raw.resetAndDestroy());
        else secure.once('end', () => raw.resetAndDestroy());
      });
    });
    afterAll(() => server.close());

    for (const when of ['at-once', 'after-ours'] as const) {
      it(`close_notify then a reset (${when}): the body is complete`, async () => {
        const response = await get(`${server.url}/${when}`);
        expect(response.status).toBe(200);
        expect(Buffer.from(response.body!).equals(bodies[when])).toBe(true);
      });
    }
  });
});

describe('plain TCP: the body runs to the close', () => {
  let server: RawServer;
  const big = randomBytes(3 * 1024 * 1024);
  const small = randomBytes(50_000);
  /** Resolves when the server has handed the whole response to the kernel (FIN included). */
  let written: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    server = await startRawServer((socket, head) => {
      const path = /^GET (\S+)/.exec(head)?.[1];
      if (path === '/slow-reader') {
        written = new Promise((resolve) => socket.end(http10(big), resolve));
      } else if (path === '/fin-then-reset') {
        socket.end(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n'), small]), () => socket.resetAndDestroy());
      } else if (path === '/reset') {
        socket.write(http10(small), () => socket.resetAndDestroy());
      }
    });
  });
  afterAll(() => server.close());

  it('HTTP/1.0 with a FIN: a slow reader gets every byte that came before it', async () => {
    const chunks: Uint8Array[] = [];
    await get(`${server.url}/slow-reader`, {}, {
      onChunk: async (chunk) => {
        // The reader holds the first chunk until the server has written everything and its FIN:
        // the rest of the body and the end of the stream wait in our buffers and the kernel's.
        if (chunks.length === 0) await written;
        chunks.push(chunk.slice());
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    const got = Buffer.concat(chunks);
    expect(got.length).toBe(big.length);
    expect(got.equals(big)).toBe(true);
  });

  it('Connection: close without a length, FIN then a reset: the body is complete', async () => {
    const response = await get(`${server.url}/fin-then-reset`);
    expect(response.status).toBe(200);
    expect(response.httpVersion).toBe('HTTP/1.1');
    expect(Buffer.from(response.body!).equals(small)).toBe(true);
  });

  it('HTTP/1.0 ended by a reset alone: the close is the only delimiter, so the body is complete', async () => {
    const response = await get(`${server.url}/reset`);
    expect(Buffer.from(response.body!).equals(small)).toBe(true);
  });
});

describe('bodies cut short of their framing', () => {
  let server: RawServer;
  let tlsServer: TlsScriptServer;
  const partial = randomBytes(400);

  /** The response a path asks for, cut off: by Content-Length, or before the last chunk. */
  function truncated(path: string): Buffer {
    if (path.startsWith('/length')) return Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'), partial]);
    return Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n'), partial]);
  }

  function finish(socket: net.Socket, path: string): void {
    if (path.endsWith('-reset')) socket.write(truncated(path), () => socket.resetAndDestroy());
    else socket.end(truncated(path));
  }

  beforeAll(async () => {
    server = await startRawServer((socket, head) => finish(socket, /^GET (\S+)/.exec(head)?.[1] ?? ''));
    tlsServer = await startTlsScriptServer(pki, (secure, raw, head) => {
      secure.end(truncated(/^GET (\S+)/.exec(head)?.[1] ?? ''));
      secure.once('finish', () => raw.resetAndDestroy());
    });
  });
  afterAll(async () => {
    await server.close();
    await tlsServer.close();
  });

  for (const path of ['/length-fin', '/length-reset', '/chunked-fin', '/chunked-reset']) {
    it(`plain TCP ${path}: RemoteProtocolError INCOMPLETE_MESSAGE`, async () => {
      await expectIncomplete(get(`${server.url}${path}`));
    });
  }

  for (const path of ['/length', '/chunked']) {
    it(`TLS ${path}, close_notify then a reset: RemoteProtocolError INCOMPLETE_MESSAGE`, async () => {
      await expectIncomplete(get(`${tlsServer.url}${path}`));
    });
  }
});

/** HTTP/1.1 over our TLS stack against Node's https server (OpenSSL 3.0), verifying against the test PKI. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateError, TimeoutError } from '../../src/errors.js';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { makeRequest, text } from './request.js';
import { startHttpsServer, type CountingServer } from './servers.js';

let pki: Pki;
let server: CountingServer;

beforeAll(async () => {
  pki = await makePki();
  server = await startHttpsServer(pki, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/chunked') {
      res.write('one,');
      res.write('two');
      res.end();
      return;
    }
    res.end(`${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`);
  });
});

afterAll(async () => {
  await server?.close();
});

describe('https, HTTP/1.1', () => {
  it('GET, POST, PUT, DELETE, HEAD over one kept-alive TLS connection', async () => {
    const pool = new ConnectionPool();
    const before = server.sockets;
    try {
      const request = (method: string, body: string | null = null) =>
        performRequest(makeRequest(`${server.url}/x`, { method, body: body === null ? null : new TextEncoder().encode(body), ca: [pki.ca] }), { pool });
      const get = await request('GET');
      expect(text(get.body)).toBe('GET /x ');
      expect(get.tls).toMatchObject({ version: 'TLSv1.3', resumed: false });
      expect(get.tls!.cipher).toMatch(/^TLS_/);
      expect(get.connectionReused).toBe(false);
      expect(text((await request('POST', 'posted')).body)).toBe('POST /x posted');
      expect(text((await request('PUT', 'put')).body)).toBe('PUT /x put');
      expect(text((await request('DELETE')).body)).toBe('DELETE /x ');
      const head = await request('HEAD');
      expect(head.body!.length).toBe(0);
      expect(head.connectionReused).toBe(true);
      expect(server.sockets - before).toBe(1);
    } finally {
      pool.close();
    }
  });

  it('a chunked body over TLS', async () => {
    const pool = new ConnectionPool();
    try {
      expect(text((await performRequest(makeRequest(`${server.url}/chunked`, { ca: [pki.ca] }), { pool })).body)).toBe('one,two');
    } finally {
      pool.close();
    }
  });

  it('offers only http/1.1 in ALPN when HTTP/2 is refused, and the profile list otherwise', async () => {
    const tls = await import('node:tls');
    const offered: string[][] = [];
    const leaf = pki.leaves.ecdsaP256;
    const alpnServer = tls.createServer({
      key: leaf.keyPem,
      cert: leaf.chainPem,
      ALPNCallback: ({ protocols }) => {
        offered.push(protocols);
        return 'http/1.1';
      },
    });
    alpnServer.on('secureConnection', (socket) => {
      socket.on('error', () => {});
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
    });
    await new Promise<void>((resolve) => alpnServer.listen(0, '127.0.0.1', () => resolve()));
    const port = (alpnServer.address() as net.AddressInfo).port;
    const pool = new ConnectionPool();
    try {
      const forced = await performRequest(makeRequest(`https://localhost:${port}/`, { ca: [pki.ca], http2: 'http1' }), { pool });
      expect(forced.tls!.alpn).toBe('http/1.1');
      const auto = await performRequest(makeRequest(`https://localhost:${port}/`, { ca: [pki.ca] }), { pool });
      expect(text(auto.body)).toBe('ok');
      expect(offered).toEqual([['http/1.1'], ['h2', 'http/1.1']]);
    } finally {
      pool.close();
      await new Promise<void>((resolve) => alpnServer.close(() => resolve()));
    }
  });

  it('verifies the certificate: without the test CA the chain is refused', async () => {
    const pool = new ConnectionPool();
    try {
      await expect(performRequest(makeRequest(`${server.url}/`), { pool })).rejects.toBeInstanceOf(CertificateError);
    } finally {
      pool.close();
    }
  });

  it('a server that never completes the handshake times out in the handshake phase', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as net.AddressInfo).port;
    const pool = new ConnectionPool();
    try {
      const started = Date.now();
      const error = await performRequest(makeRequest(`https://localhost:${port}/`, { ca: [pki.ca], timeout: 400 }), { pool }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).phase).toBe('handshake');
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      pool.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('six TLS connections at most, then reuse', async () => {
    const pool = new ConnectionPool();
    const before = server.sockets;
    try {
      const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => performRequest(makeRequest(`${server.url}/${i}`, { ca: [pki.ca] }), { pool })));
      expect(responses.map((r) => text(r.body))).toEqual(Array.from({ length: 10 }, (_, i) => `GET /${i} `));
      expect(server.sockets - before).toBeLessThanOrEqual(6);
    } finally {
      pool.close();
    }
  });
});

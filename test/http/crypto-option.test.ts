// `crypto: 'noble'` reaches the TLS layer: the request completes on the pure-TypeScript provider,
// over its own connection (a native connection to the same origin is not reused for it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { makeRequest, text } from './request.js';
import { startHttpsServer, type CountingServer } from './servers.js';

let pki: Pki;
let server: CountingServer;

beforeAll(async () => {
  pki = await makePki();
  server = await startHttpsServer(pki, (req, res) => {
    res.end(`${req.method} ${req.url}`);
  });
});

afterAll(async () => {
  await server?.close();
});

describe('the crypto option', () => {
  it('noble and native each complete, on separate connections', async () => {
    const pool = new ConnectionPool();
    const before = server.sockets;
    try {
      const native = await performRequest(makeRequest(`${server.url}/native`, { ca: [pki.ca] }), { pool });
      const again = await performRequest(makeRequest(`${server.url}/native-again`, { ca: [pki.ca] }), { pool });
      const noble = await performRequest(makeRequest(`${server.url}/noble`, { ca: [pki.ca], crypto: 'noble' }), { pool });
      expect([text(native.body), text(again.body), text(noble.body)]).toEqual(['GET /native', 'GET /native-again', 'GET /noble']);
      expect(again.connectionReused).toBe(true);
      expect(noble.connectionReused).toBe(false);
      expect(server.sockets - before).toBe(2);
    } finally {
      pool.close();
    }
  });
});

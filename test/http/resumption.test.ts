// A worker keeps TLS sessions per origin and profile, as a browser's session cache does: the next
// connection to the same server resumes (the server says so), another profile does not.
import { beforeAll, describe, expect, it } from 'vitest';
import { performRequest } from '../../src/http/dispatch.js';
import { ConnectionPool } from '../../src/http/origin-pool.js';
import { getProfile } from '../../src/profiles/index.js';
import { MemorySession12Cache } from '../../src/tls/session12.js';
import { MemoryTicketStore13 } from '../../src/tls/session13.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startNodeTlsServer } from '../helpers/servers.js';
import { makeRequest } from './request.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

describe('session resumption through the dispatcher', () => {
  for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
    it(`resumes ${maxVersion} on the next connection to the same origin, for the same profile only`, async () => {
      const leaf = pki.leaves.ecdsaP256;
      // The test server answers once per connection and closes, so every request opens a new one.
      await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, maxVersion, ALPNProtocols: ['http/1.1'] });
      const caches = { session12Cache: new MemorySession12Cache(), ticketStore: new MemoryTicketStore13() };
      const send = async (profile: string): Promise<void> => {
        const pool = new ConnectionPool();
        try {
          const response = await performRequest(makeRequest(`https://localhost:${server.port}/`, { ca: [pki.ca], profile: getProfile(profile) }), { pool, ...caches });
          expect(response.status).toBe(200);
        } finally {
          pool.close();
        }
        // TLS 1.3 tickets arrive after the handshake: give the last one a moment.
        await new Promise((r) => setTimeout(r, 50));
      };
      await send('chrome');
      await send('chrome');
      await send('firefox');
      await server.waitForHandshakes(3);
      expect(server.connections.map((c) => c.sessionReused)).toEqual([false, true, false]);
    });
  }
});

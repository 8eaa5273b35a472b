// One socket write per flight, as browsers send them: the ClientHello, then the second flight
// (ChangeCipherSpec, Finished) together; nothing else until the application writes.
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../src/profiles/index.js';
import { connect } from '../../src/tls/connect.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startNodeTlsServer } from '../helpers/servers.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

describe('flights', () => {
  for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
    it(`${maxVersion}: one write for the ClientHello and one for our second flight`, async () => {
      const leaf = pki.leaves.ecdsaP256;
      await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, maxVersion });
      const socket = net.connect({ host: '127.0.0.1', port: server.port });
      await new Promise((resolve) => socket.once('connect', resolve));
      const writes: number[] = [];
      const write = socket.write.bind(socket);
      socket.write = ((chunk: Uint8Array, ...rest: never[]) => {
        writes.push(chunk.length);
        return write(chunk, ...rest);
      }) as typeof socket.write;
      const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, socket, alpn: ['http/1.1'], hello: getProfile('chrome').tls });
      expect(conn.version).toBe(maxVersion);
      expect(writes.length).toBe(2);
      // The first write is exactly the ClientHello record(s); the second carries several records.
      expect(writes[0]).toBeGreaterThan(512);
      conn.destroy();
      socket.destroy();
    });
  }
});

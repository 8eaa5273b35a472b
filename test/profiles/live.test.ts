// Live: each profile's ClientHello, with everything it offers (ECH GREASE, ALPS, certificate
// compression, trust anchors, ML-KEM and ML-DSA), completes a handshake with real servers that
// ignore or refuse those offers: Node 20 (OpenSSL 3.0) and Node 26 (OpenSSL 3.5).
import { beforeAll, describe, expect, it } from 'vitest';
import { listProfiles } from '../../src/profiles/registry.js';
import { connect } from '../../src/tls/connect.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { DEFAULT_BODY, startNode26TlsServer, startNodeTlsServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

const profiles = listProfiles().map((p) => [p.id, p] as const);

describe.each(profiles)('%s against Node 20 (OpenSSL 3.0)', (_id, profile) => {
  it('completes TLS 1.3 over HTTP/1.1 and GETs', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, ALPNProtocols: ['http/1.1'] });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: profile.tls, alpn: ['http/1.1'] });
    expect(conn.version).toBe('TLSv1.3');
    expect(conn.alpnProtocol).toBe('http/1.1');
    const response = await getOver(conn);
    expect(response.endsWith(DEFAULT_BODY)).toBe(true);
    expect(server.connections[0]!.servername).toBe('localhost');
  });
});

describe.each(profiles)('%s against Node 26 (OpenSSL 3.5)', (_id, profile) => {
  it('completes TLS 1.3 with X25519MLKEM768 and GETs', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNode26TlsServer({ key: leaf.keyPem, cert: leaf.certPem, chain: leaf.chainPem, alpn: ['http/1.1'], ecdhCurve: 'X25519MLKEM768' });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: profile.tls, alpn: ['http/1.1'] });
    expect(conn.version).toBe('TLSv1.3');
    const response = await getOver(conn);
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });
});

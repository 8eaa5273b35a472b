// Live: each profile's ClientHello, with everything it offers (ECH GREASE, ALPS, certificate
// compression, trust anchors, ML-KEM and ML-DSA), completes a handshake with real servers that
// ignore or refuse those offers: Node 20 (OpenSSL 3.0) and Node 26 (OpenSSL 3.5).
import { beforeAll, describe, expect, it } from 'vitest';
import { listProfiles } from '../../src/profiles/registry.js';
import type { Profile } from '../../src/profiles/types.js';
import type { ExtensionSpec } from '../../src/vocabulary/hello-spec.js';
import { connect } from '../../src/tls/connect.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { DEFAULT_BODY, startNode26TlsServer, startNodeTlsServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

const profiles = listProfiles().map((p) => [p.id, p] as const);

function offers(profile: Profile, type: ExtensionSpec['type']): boolean {
  return profile.tls.extensions.some((e) => e.type === type);
}

function offersTls13(profile: Profile): boolean {
  return profile.tls.extensions.some((e) => e.type === 'supported_versions' && e.versions.includes(0x0304));
}

describe.each(profiles)('%s against Node 20 (OpenSSL 3.0)', (_id, profile) => {
  it('completes its newest TLS version over HTTP/1.1 and GETs', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, ALPNProtocols: ['http/1.1'] });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: profile.tls, alpn: ['http/1.1'] });
    try {
      expect(conn.version).toBe(offersTls13(profile) ? 'TLSv1.3' : 'TLSv1.2');
      // Old app stacks send no ALPN at all: then none is negotiated.
      expect(conn.alpnProtocol).toBe(offers(profile, 'alpn') ? 'http/1.1' : false);
      const response = await getOver(conn);
      expect(response.endsWith(DEFAULT_BODY)).toBe(true);
      expect(server.connections[0]!.servername).toBe('localhost');
    } finally {
      conn.destroy();
    }
  });
});

/** Node 26 is set to accept X25519MLKEM768 alone, so only the profiles that offer it can meet it. */
const mlkemProfiles = profiles.filter(([, p]) => p.tls.extensions.some((e) => e.type === 'supported_groups' && e.groups.includes(0x11ec)));

describe.each(mlkemProfiles)('%s against Node 26 (OpenSSL 3.5)', (_id, profile) => {
  it('completes TLS 1.3 with X25519MLKEM768 and GETs', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNode26TlsServer({ key: leaf.keyPem, cert: leaf.certPem, chain: leaf.chainPem, alpn: ['http/1.1'], ecdhCurve: 'X25519MLKEM768' });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: profile.tls, alpn: ['http/1.1'] });
    expect(conn.version).toBe('TLSv1.3');
    const response = await getOver(conn);
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });
});

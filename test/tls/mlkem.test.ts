// X25519MLKEM768 against a real server that supports it: Node 26's OpenSSL 3.5, configured to
// accept nothing but the hybrid group (an OpenSSL 3.0 client is refused there).
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/tls/connect.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startNode26TlsServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

describe('X25519MLKEM768', () => {
  it('completes a handshake with the hybrid group against Node 26 / OpenSSL 3.5', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNode26TlsServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, ecdhCurve: 'X25519MLKEM768', trace: true });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'] });
    expect(conn.group).toBe(Group.x25519mlkem768);
    expect(conn.helloRetried).toBe(false);
    expect(await getOver(conn)).toContain('hello from the node 26 test server');
    expect(server.groups()).toEqual(['X25519MLKEM768']);
  });

  it('reaches the hybrid group through a HelloRetryRequest when the first shares are classical', async () => {
    const leaf = pki.leaves.ed25519;
    await using server = await startNode26TlsServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, ecdhCurve: 'X25519MLKEM768', trace: true });
    const { defaultHelloSpec } = await import('../../src/tls/hello/default.js');
    const spec = structuredClone(defaultHelloSpec);
    const keyShare = spec.extensions.find((e) => e.type === 'key_share');
    if (keyShare?.type === 'key_share') keyShare.groups = [Group.x25519];
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: spec });
    expect(conn.helloRetried).toBe(true);
    expect(conn.group).toBe(Group.x25519mlkem768);
    expect(await getOver(conn)).toContain('200 OK');
  });
});

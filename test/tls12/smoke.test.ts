import { beforeAll, expect, it } from 'vitest';
import { connect } from '../../src/tls/connect.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startOpensslServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

for (const [suite, leafName] of [['ECDHE-ECDSA-AES128-GCM-SHA256', 'ecdsaP256'], ['ECDHE-RSA-AES128-SHA', 'rsa2048'], ['AES256-SHA', 'rsa2048'], ['ECDHE-RSA-CHACHA20-POLY1305', 'rsa2048']] as const) {
  it(suite, async () => {
    const leaf = pki.leaves[leafName];
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', '-cipher', suite] });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', alpn: ['http/1.1'], ca: pki.ca });
    expect(conn.version).toBe('TLSv1.2');
    const response = await getOver(conn);
    expect(response).toContain(`Cipher is ${suite}`);
  });
}

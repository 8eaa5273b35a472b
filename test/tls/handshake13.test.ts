// Full TLS 1.3 handshakes with our engine against real servers: Node's own TLS (OpenSSL 3.0) and
// `openssl s_server` processes, for each group, each AEAD, HelloRetryRequest and each key type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/tls/connect.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { nobleProvider } from '../../src/tls/crypto/noble.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { DEFAULT_BODY, startNodeTlsServer, startOpensslServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

const base = { host: '127.0.0.1', servername: 'localhost', alpn: ['http/1.1'] } as const;

describe('TLS 1.3 against Node tls.createServer', () => {
  for (const name of ['rsa2048', 'ecdsaP256', 'ecdsaP384', 'ed25519', 'rsaPss'] as const) {
    it(`completes with a ${name} leaf issued through an intermediate, and GETs`, async () => {
      const leaf = pki.leaves[name];
      await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, minVersion: 'TLSv1.3', ALPNProtocols: ['http/1.1'] });
      const conn = await connect({ ...base, port: server.port, ca: pki.ca, caOnly: true });
      expect(conn.version).toBe('TLSv1.3');
      expect(conn.alpnProtocol).toBe('http/1.1');
      expect(conn.peerCertificates.length).toBe(2);
      const response = await getOver(conn);
      expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(response.endsWith(DEFAULT_BODY)).toBe(true);
      expect(server.connections[0]!.protocol).toBe('TLSv1.3');
      expect(server.connections[0]!.servername).toBe('localhost');
    });
  }
});

describe('TLS 1.3 against openssl s_server', () => {
  const groups: [string, number, boolean][] = [
    ['X25519', Group.x25519, false],
    ['P-256', Group.secp256r1, true],
    ['P-384', Group.secp384r1, true],
  ];
  for (const [opensslName, code, retry] of groups) {
    it(`negotiates ${opensslName}${retry ? ' after a HelloRetryRequest' : ''}`, async () => {
      const leaf = pki.leaves.ecdsaP256;
      await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_3', '-groups', opensslName] });
      const conn = await connect({ ...base, port: server.port, ca: pki.ca });
      expect(conn.group).toBe(code);
      expect(conn.helloRetried).toBe(retry);
      const response = await getOver(conn);
      expect(response).toContain('200 ok');
      expect(response).toContain('TLSv1.3');
    });
  }

  for (const suite of ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']) {
    it(`completes with ${suite}`, async () => {
      const leaf = pki.leaves.rsa2048;
      await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_3', '-ciphersuites', suite] });
      const conn = await connect({ ...base, port: server.port, ca: pki.ca });
      expect(conn.cipher.name).toBe(suite);
      const response = await getOver(conn);
      expect(response).toContain(`Cipher is ${suite}`);
    });
  }

  it('completes on the pure-TypeScript (noble) provider too, ML-KEM share included', async () => {
    const leaf = pki.leaves.rsaPss;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_3', '-ciphersuites', 'TLS_CHACHA20_POLY1305_SHA256'] });
    const conn = await connect({ ...base, port: server.port, ca: pki.ca, provider: nobleProvider });
    expect(conn.cipher.name).toBe('TLS_CHACHA20_POLY1305_SHA256');
    expect(await getOver(conn)).toContain('200 ok');
  });

  it('answers a stateless HelloRetryRequest carrying a cookie', async () => {
    const leaf = pki.leaves.ecdsaP384;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_3', '-stateless', '-groups', 'P-384'] });
    const conn = await connect({ ...base, port: server.port, ca: pki.ca });
    expect(conn.helloRetried).toBe(true);
    expect(conn.group).toBe(Group.secp384r1);
    expect(await getOver(conn)).toContain('200 ok');
  });

  it('answers an optional CertificateRequest with an empty Certificate', async () => {
    const leaf = pki.leaves.ed25519;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_3', '-verify', '1'] });
    const conn = await connect({ ...base, port: server.port, ca: pki.ca });
    expect(await getOver(conn)).toContain('200 ok');
  });

  it('reads a KeyUpdate from the server and keeps decrypting', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, mode: 'echo', args: ['-tls1_3'] });
    const conn = await connect({ ...base, port: server.port, ca: pki.ca });
    conn.write('ping-1\n');
    await server.waitFor('ping-1');
    // s_server stdin: "K" sends a KeyUpdate that requests one back, so both directions rekey.
    server.process.stdin.write('K\n');
    await new Promise((r) => setTimeout(r, 100));
    server.process.stdin.write('hello after key update\n');
    const got = await new Promise<string>((resolve, reject) => {
      let text = '';
      conn.on('data', (c: Buffer) => {
        text += c.toString();
        if (text.includes('after key update')) resolve(text);
      });
      conn.on('error', reject);
    });
    expect(got).toContain('hello after key update');
    conn.write('ping-2\n');
    await server.waitFor('ping-2');
    conn.destroy();
  });
});

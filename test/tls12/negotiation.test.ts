// What a TLS 1.2 server may choose beyond the suite: the ECDHE group, the ServerKeyExchange
// signature scheme (PKCS#1, PSS, ECDSA on either curve, Ed25519), DHE, a CertificateRequest, a
// stapled OCSP response and SCTs. The proxy shows the ServerKeyExchange the server really signed.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/tls/connect.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { parseEcdheServerKeyExchange } from '../../src/tls/messages/server-key-exchange.js';
import { SignatureScheme as S } from '../../src/tls/signature-schemes.js';
import { makePki, type LeafEntry, type Pki } from '../helpers/pki.js';
import { startOpensslServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';
import { serverHandshakeMessages, serverHelloExtensions, startRecordProxy } from './record-proxy.js';
import { helloWithSuites } from './support.js';

const run = promisify(execFile);

let pki: Pki;
let dir: string;
beforeAll(async () => {
  pki = await makePki();
  dir = await mkdtemp(join(tmpdir(), 'tls-requests-tls12-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = { host: '127.0.0.1', servername: 'localhost', alpn: ['http/1.1'] } as const;

async function handshakeThrough(leaf: LeafEntry, args: string[], hello?: ReturnType<typeof helloWithSuites>) {
  await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', ...args] });
  await using proxy = await startRecordProxy(server.port);
  const conn = await connect({ ...base, port: proxy.port, ca: pki.ca, caOnly: true, ...(hello ? { hello } : {}) });
  const response = await getOver(conn);
  const messages = serverHandshakeMessages(proxy.records);
  const ske = messages.find((m) => m.type === 12);
  return { conn, response, messages, ske, serverHelloExtensions: serverHelloExtensions(proxy.records) };
}

describe('ServerKeyExchange signatures', () => {
  const cases: [string, () => LeafEntry, string, string, number][] = [
    ['RSA PKCS#1 SHA-256', () => pki.leaves.rsa2048, 'ECDHE-RSA-AES128-GCM-SHA256', 'RSA+SHA256', S.rsa_pkcs1_sha256],
    ['RSA PKCS#1 SHA-384', () => pki.leaves.rsa2048, 'ECDHE-RSA-AES256-GCM-SHA384', 'RSA+SHA384', S.rsa_pkcs1_sha384],
    ['RSA PKCS#1 SHA-512', () => pki.leaves.rsa2048, 'ECDHE-RSA-AES128-SHA', 'RSA+SHA512', S.rsa_pkcs1_sha512],
    ['RSA-PSS (rsaEncryption key) SHA-256', () => pki.leaves.rsa2048, 'ECDHE-RSA-AES128-GCM-SHA256', 'RSA-PSS+SHA256', S.rsa_pss_rsae_sha256],
    ['RSA-PSS (rsaEncryption key) SHA-512', () => pki.leaves.rsa2048, 'ECDHE-RSA-CHACHA20-POLY1305', 'RSA-PSS+SHA512', S.rsa_pss_rsae_sha512],
    ['RSA-PSS (id-RSASSA-PSS key)', () => pki.leaves.rsaPss, 'ECDHE-RSA-AES128-GCM-SHA256', 'rsa_pss_pss_sha256', S.rsa_pss_pss_sha256],
    ['ECDSA P-256 SHA-256', () => pki.leaves.ecdsaP256, 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDSA+SHA256', S.ecdsa_secp256r1_sha256],
    ['ECDSA P-384 SHA-384', () => pki.leaves.ecdsaP384, 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDSA+SHA384', S.ecdsa_secp384r1_sha384],
    // TLS 1.2 does not tie the hash to the curve (RFC 8422 §5.4): a P-384 key may sign with SHA-256.
    ['ECDSA P-384 key with SHA-256', () => pki.leaves.ecdsaP384, 'ECDHE-ECDSA-AES128-SHA', 'ECDSA+SHA256', S.ecdsa_secp256r1_sha256],
    ['Ed25519 (RFC 8422)', () => pki.leaves.ed25519, 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ed25519', S.ed25519],
  ];
  for (const [name, leaf, suite, sigalgs, scheme] of cases) {
    it(`verifies ${name}`, async () => {
      const { conn, response, ske } = await handshakeThrough(leaf(), ['-cipher', suite, '-sigalgs', sigalgs]);
      expect(conn.version).toBe('TLSv1.2');
      expect(response).toContain(`Cipher is ${suite}`);
      expect(parseEcdheServerKeyExchange(ske!.body).scheme).toBe(scheme);
    });
  }
});

describe('ECDHE groups', () => {
  const groups: [string, number][] = [
    ['X25519', Group.x25519],
    ['P-256', Group.secp256r1],
    ['P-384', Group.secp384r1],
    ['P-521', Group.secp521r1],
  ];
  for (const [name, code] of groups) {
    it(`agrees ${name} with a fresh key`, async () => {
      const { conn, response, ske } = await handshakeThrough(pki.leaves.ecdsaP256, ['-groups', name]);
      expect(conn.group).toBe(code);
      expect(parseEcdheServerKeyExchange(ske!.body).group).toBe(code);
      expect(response).toContain('200 ok');
    });
  }
});

describe('other server choices', () => {
  it('completes DHE-RSA with the server\'s finite-field group (a hello that offers it)', async () => {
    const { conn, response } = await handshakeThrough(pki.leaves.rsa2048, ['-cipher', 'DHE-RSA-AES128-GCM-SHA256'], helloWithSuites([0x009e]));
    expect(conn.cipher.name).toBe('TLS_DHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(response).toContain('Cipher is DHE-RSA-AES128-GCM-SHA256');
  });

  it('answers a CertificateRequest with an empty Certificate', async () => {
    const { messages, response } = await handshakeThrough(pki.leaves.ecdsaP256, ['-verify', '1']);
    expect(messages.map((m) => m.type)).toContain(13);
    expect(response).toContain('no client certificate available');
  });

  it('accepts a stapled OCSP response (CertificateStatus)', async () => {
    const leaf = pki.leaves.ecdsaP256;
    const request = join(dir, 'ocsp-req.der');
    const response = join(dir, 'ocsp-resp.der');
    const index = join(dir, 'index.txt');
    await writeFile(index, '');
    await run('openssl', ['ocsp', '-issuer', pki.intermediate.certPath, '-cert', leaf.certPath, '-no_nonce', '-reqout', request]);
    await run('openssl', ['ocsp', '-index', index, '-CA', pki.intermediate.certPath, '-rsigner', pki.intermediate.certPath, '-rkey', pki.intermediate.keyPath, '-reqin', request, '-respout', response, '-ndays', '1']);
    expect((await readFile(response)).length).toBeGreaterThan(0);
    const result = await handshakeThrough(leaf, ['-status_file', response]);
    expect(result.serverHelloExtensions.has(5)).toBe(true);
    expect(result.messages.map((m) => m.type)).toContain(22);
    expect(result.response).toContain('200 ok');
  });

  it('tolerates signed certificate timestamps in the ServerHello', async () => {
    // A made-up SCT list: the client keeps it, it does not audit it.
    const sct = Buffer.concat([Buffer.from([0]), Buffer.alloc(32, 1), Buffer.alloc(8, 2), Buffer.from([0, 0, 4, 3, 0, 2, 0xaa, 0xbb])]);
    const list = Buffer.concat([Buffer.from([0, sct.length + 2, 0, sct.length]), sct]);
    const extension = Buffer.concat([Buffer.from([0, 18, 0, list.length]), list]);
    const file = join(dir, 'serverinfo.pem');
    await writeFile(file, `-----BEGIN SERVERINFO FOR SIGNED_CERTIFICATE_TIMESTAMP-----\n${extension.toString('base64')}\n-----END SERVERINFO FOR SIGNED_CERTIFICATE_TIMESTAMP-----\n`);
    const result = await handshakeThrough(pki.leaves.ecdsaP256, ['-serverinfo', file]);
    expect(result.serverHelloExtensions.has(18)).toBe(true);
    expect(result.response).toContain('200 ok');
  });
});

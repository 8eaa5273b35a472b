// ML-DSA (FIPS 204) in TLS 1.3 against a real peer: Node 26's OpenSSL 3.5 generates ML-DSA keys
// and signs CertificateVerify with mldsa44/65/87 (0x0904..0x0906). Node 20 cannot make these keys,
// so a Node 26 child generates them; the certificates around them are built here with the test
// DER builder (signed by a P-256 root, or by an ML-DSA-44 root for an all-ML-DSA chain).
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { connect } from '../../src/tls/connect.js';
import { nobleProvider } from '../../src/tls/crypto/noble.js';
import { SignatureScheme } from '../../src/tls/signature-schemes.js';
import { derToPem } from '../helpers/pki.js';
import { node26, startNode26TlsServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';
import { makeCert, newKey, type TestKey } from '../x509/cert-builder.js';

type Level = 44 | 65 | 87;
const levels: Level[] = [44, 65, 87];

interface Node26Key {
  spki: Uint8Array;
  pkcs8Pem: string;
}

/** ML-DSA key pairs made by Node 26 (OpenSSL 3.5): the public key as SPKI DER, the private as PKCS#8 PEM. */
function node26Keys(): Record<Level, Node26Key> {
  const script = `
    const { generateKeyPairSync } = require('node:crypto');
    const out = {};
    for (const level of [44, 65, 87]) {
      const { publicKey, privateKey } = generateKeyPairSync('ml-dsa-' + level);
      out[level] = { spki: publicKey.export({ type: 'spki', format: 'der' }).toString('hex'), pkcs8Pem: privateKey.export({ type: 'pkcs8', format: 'pem' }) };
    }
    process.stdout.write(JSON.stringify(out));`;
  const raw = JSON.parse(execFileSync(node26(), ['-e', script], { encoding: 'utf8' })) as Record<string, { spki: string; pkcs8Pem: string }>;
  const keys = {} as Record<Level, Node26Key>;
  for (const level of levels) keys[level] = { spki: new Uint8Array(Buffer.from(raw[level]!.spki, 'hex')), pkcs8Pem: raw[level]!.pkcs8Pem };
  return keys;
}

/** A leaf key that only appears in a certificate: it signs inside Node 26, never here. */
function certifiedOnly(spki: Uint8Array): TestKey {
  const never = (): never => {
    throw new Error('the leaf key signs in the Node 26 server only');
  };
  // `kind` labels keys that sign with the builder; this one never does.
  return { kind: 'ml-dsa-44', spki, algorithm: never, sign: never };
}

let keys: Record<Level, Node26Key>;
beforeAll(() => {
  keys = node26Keys();
});

function chain(level: Level, rootKind: 'p256' | 'ml-dsa-44'): { rootPem: string; leafPem: string } {
  const rootKey = newKey(rootKind);
  const rootName = { o: 'tls13 ML-DSA tests', cn: `Root ${rootKind}` };
  const now = Date.now();
  const root = makeCert({ subject: rootName, key: rootKey, ca: true, keyUsage: ['keyCertSign', 'cRLSign'], notBefore: now - 86400_000, notAfter: now + 30 * 86400_000 });
  const leaf = makeCert({
    subject: { o: 'tls13 ML-DSA tests', cn: 'localhost' },
    key: certifiedOnly(keys[level].spki),
    issuer: { subject: rootName, key: rootKey },
    ca: false,
    keyUsage: ['digitalSignature'],
    eku: ['serverAuth'],
    san: ['DNS:localhost'],
    notBefore: now - 86400_000,
    notAfter: now + 30 * 86400_000,
  });
  return { rootPem: derToPem(root), leafPem: derToPem(leaf) };
}

describe('ML-DSA CertificateVerify from Node 26 (OpenSSL 3.5)', () => {
  for (const level of levels) {
    it(`verifies mldsa${level} (0x${(0x0904 + levels.indexOf(level)).toString(16)}) and completes`, async () => {
      const { rootPem, leafPem } = chain(level, 'p256');
      await using server = await startNode26TlsServer({ cert: leafPem, key: keys[level].pkcs8Pem, sigalgs: `mldsa${level}`, minVersion: 'TLSv1.3' });
      const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', hello: chrome156.tls, alpn: ['http/1.1'], ca: rootPem, caOnly: true });
      expect(conn.version).toBe('TLSv1.3');
      expect(conn.signatureScheme).toBe(SignatureScheme[`mldsa${level}`]);
      expect(await getOver(conn)).toContain('hello from the node 26 test server');
      const secure = await server.waitForEvent('secure');
      // OpenSSL 3.5 names the shared ML-DSA algorithm by its key type (no separate hash).
      expect(secure.event === 'secure' && secure.sharedSigalgs).toEqual([`id-ml-dsa-${level}+UNDEF`]);
    });
  }

  it('verifies an all-ML-DSA chain (an ML-DSA-44 root signs the ML-DSA-65 leaf) on the noble provider too', async () => {
    const { rootPem, leafPem } = chain(65, 'ml-dsa-44');
    await using server = await startNode26TlsServer({ cert: leafPem, key: keys[65].pkcs8Pem, sigalgs: 'mldsa65', minVersion: 'TLSv1.3' });
    for (const provider of [undefined, nobleProvider]) {
      const conn = await connect({
        host: '127.0.0.1',
        port: server.port,
        servername: 'localhost',
        hello: chrome156.tls,
        alpn: ['http/1.1'],
        ca: rootPem,
        caOnly: true,
        ...(provider ? { provider } : {}),
      });
      expect(conn.signatureScheme).toBe(SignatureScheme.mldsa65);
      expect(await getOver(conn)).toContain('hello from the node 26 test server');
    }
  });

  it('fails the handshake when the hello offers no ML-DSA scheme (the server has nothing to sign with)', async () => {
    const { rootPem, leafPem } = chain(44, 'p256');
    await using server = await startNode26TlsServer({ cert: leafPem, key: keys[44].pkcs8Pem, minVersion: 'TLSv1.3' });
    const noMlDsa = {
      ...chrome156.tls,
      extensions: chrome156.tls.extensions.map((e) =>
        e.type === 'signature_algorithms' ? { ...e, schemes: e.schemes.filter((s) => typeof s !== 'number' || s < 0x0904 || s > 0x0906) } : e,
      ),
    };
    await expect(connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', hello: noMlDsa, alpn: ['http/1.1'], ca: rootPem, caOnly: true })).rejects.toMatchObject({
      alertName: 'handshake_failure',
    });
  });
});

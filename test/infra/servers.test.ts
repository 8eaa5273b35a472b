// Proves the test peers work, with a client we did not write: Node's own TLS (OpenSSL 3.0)
// completes a handshake against each one and fetches the HTTP response.
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from '../helpers/pki.js';
import { DEFAULT_BODY, requireBinary, startNodeTlsServer, startOpensslServer, type RunningServer } from '../helpers/servers.js';

interface Fetched {
  response: string;
  protocol: string | null;
  authorized: boolean;
  peerChainLength: number;
  session: Buffer | undefined;
}

/** One GET over Node's TLS client, verifying against `ca`; resolves with everything read until close. */
function nodeGet(port: number, ca: string, options: tls.ConnectionOptions = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    let session: Buffer | undefined;
    let protocol: string | null = null;
    let peerChainLength = 0;
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca, ...options }, () => {
      // Read the handshake's results now: after 'close' the socket reports nothing.
      protocol = socket.getProtocol();
      // getPeerCertificate(true) links issuers up to the root, which points at itself.
      let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (cert?.fingerprint256 && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        peerChainLength++;
        cert = cert.issuerCertificate;
      }
      socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    });
    socket.on('session', (s: Buffer) => {
      session = s;
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      resolve({ response: Buffer.concat(chunks).toString('latin1'), protocol, authorized: socket.authorized, peerChainLength, session });
    });
  });
}

describe('test servers', () => {
  let pki: Pki;
  const running: RunningServer[] = [];
  beforeAll(async () => {
    pki = await makePki();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  const CHAINS = ['rsa2048', 'ecdsaP256', 'ecdsaP384'] as const;

  it('requireBinary finds a binary or names its package', () => {
    expect(requireBinary('openssl', 'openssl')).toMatch(/\/openssl$/);
    expect(() => requireBinary('no-such-tool-xyz', 'no-such-package')).toThrow(
      'missing no-such-tool-xyz: install it with `apt-get update && apt-get install -y no-such-package`',
    );
  });

  it.each(CHAINS)('openssl s_server serves a GET over the %s chain', async (name) => {
    const leaf = pki.leaves[name];
    const server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem });
    running.push(server);
    expect(server.port).toBeGreaterThan(0);
    const got = await nodeGet(server.port, pki.ca);
    expect(got.authorized, name).toBe(true);
    expect(got.protocol).toBe('TLSv1.3');
    expect(got.response).toMatch(/^HTTP\/1\.0 200 ok\r\n/);
    // leaf + intermediate from the server, root from our `ca`: the intermediate was sent.
    expect(got.peerChainLength).toBe(3);
    expect(server.output()).toMatch(/^ACCEPT 127\.0\.0\.1:\d+$/m);
  });

  it('openssl s_server shows a TLS 1.2 resumption in its page, and in its output in echo mode', async () => {
    const leaf = pki.leaves.ecdsaP256;
    const www = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2'] });
    running.push(www);
    const first = await nodeGet(www.port, pki.ca);
    expect(first.protocol).toBe('TLSv1.2');
    expect(first.session).toBeDefined();
    const second = await nodeGet(www.port, pki.ca, { session: first.session });
    expect(second.response).toMatch(/^Reused, TLSv1\.2, Cipher is /m);

    const echo = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2'], mode: 'echo' });
    running.push(echo);
    // No HTTP in echo mode: connect, wait for the handshake's report, and hang up.
    const handshake = (session?: Buffer): Promise<Buffer | undefined> =>
      new Promise((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port: echo.port, servername: 'localhost', ca: pki.ca, ...(session ? { session } : {}) });
        let ticket: Buffer | undefined;
        socket.on('session', (s: Buffer) => {
          ticket = s;
        });
        socket.on('secureConnect', () => setTimeout(() => socket.end(), 50));
        socket.on('error', reject);
        socket.on('close', () => resolve(ticket));
      });
    const ticket = await handshake();
    await echo.waitFor('Shared groups:');
    await handshake(ticket);
    await echo.waitFor('Reused session-id');
  });

  it.each(CHAINS)('the in-process Node server serves a GET over the %s chain and reports the handshake', async (name) => {
    const leaf = pki.leaves[name];
    const server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem });
    running.push(server);
    const got = await nodeGet(server.port, pki.ca);
    expect(got.authorized, name).toBe(true);
    expect(got.response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(got.response).toContain('Connection: close\r\n');
    expect(got.response.endsWith(`\r\n\r\n${DEFAULT_BODY}`)).toBe(true);
    expect(got.peerChainLength).toBe(3);
    await server.waitForHandshakes(1);
    const [seen] = server.connections;
    expect(seen?.protocol).toBe('TLSv1.3');
    expect(seen?.sessionReused).toBe(false);
    expect(seen?.servername).toBe('localhost');
    expect(seen?.sharedSigalgs.length).toBeGreaterThan(0);
    expect(seen?.request).toMatch(/^GET \/ HTTP\/1\.1\r\n/);
  });

  it('the in-process Node server records handshakes it refuses', async () => {
    const leaf = pki.leaves.ecdsaP256;
    const server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, minVersion: 'TLSv1.3' });
    running.push(server);
    await expect(nodeGet(server.port, pki.ca, { maxVersion: 'TLSv1.2' })).rejects.toThrow(/alert|protocol version/i);
    await server.waitForHandshakes(1);
    expect(server.errors[0]?.message).toMatch(/unsupported protocol/i);
  });

  it('a client that verifies rejects a bad leaf served by s_server', async () => {
    const leaf = pki.leaves.expired;
    const server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem });
    running.push(server);
    await expect(nodeGet(server.port, pki.ca)).rejects.toThrow(/certificate has expired/);
  });
});

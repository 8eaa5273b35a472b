// TLS 1.2 resumption (RFC 5077 tickets, RFC 5246 session ids) through a session cache: the second
// connection to a server offers the first one's session and completes the abbreviated
// handshake, as the server itself reports. The proxy shows what each ClientHello offered.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, type ConnectOptions } from '../../src/tls/connect.js';
import { defaultHelloSpec } from '../../src/tls/hello/default.js';
import { MemorySession12Cache } from '../../src/tls/session12.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startNodeTlsServer, startOpensslServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';
import { clientHelloSession, serverHelloSessionId, startRecordProxy, type RecordProxy } from './record-proxy.js';
import { helloWithoutEms, SSL_OP_NO_EXTENDED_MASTER_SECRET, startOpensslServerWithoutEms } from './support.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

const SSL_OP_NO_TICKET = 0x4000;

function options(port: number, cache: MemorySession12Cache, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return { host: '127.0.0.1', port, servername: 'localhost', alpn: ['http/1.1'], ca: pki.ca, caOnly: true, session12Cache: cache, ...extra };
}

/**
 * One connection through the proxy (one proxy per server: the cache is keyed by the port we
 * connect to): what the ClientHello offered, what was negotiated, what the server answered.
 */
async function visit(proxy: RecordProxy, cache: MemorySession12Cache, extra: Partial<ConnectOptions> = {}) {
  proxy.records.length = 0;
  const conn = await connect(options(proxy.port, cache, extra));
  const result = { resumed: conn.resumed, cipher: conn.cipher.name, alpn: conn.alpnProtocol, certificates: conn.peerCertificates.length };
  const response = await getOver(conn);
  return { ...result, response, hello: clientHelloSession(proxy.records), serverSessionId: serverHelloSessionId(proxy.records) };
}

describe('TLS 1.2 resumption against openssl s_server', () => {
  it('resumes with a session ticket', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', '-alpn', 'http/1.1'] });
    await using proxy = await startRecordProxy(server.port);
    const cache = new MemorySession12Cache();
    const first = await visit(proxy, cache);
    expect(first.resumed).toBe(false);
    expect(first.response).toMatch(/New, TLSv1\.2, Cipher is/);
    expect(first.hello.ticket?.length).toBe(0);
    const second = await visit(proxy, cache);
    expect(second.resumed).toBe(true);
    expect(second.response).toMatch(/Reused, TLSv1\.2, Cipher is/);
    expect(second.hello.ticket!.length).toBeGreaterThan(0);
    // RFC 5077 §3.4: the server accepting the ticket echoes the session id we sent with it.
    expect(second.serverSessionId).toEqual(second.hello.sessionId);
    expect(second.cipher).toBe(first.cipher);
    expect(second.alpn).toBe('http/1.1');
    expect(second.certificates).toBe(first.certificates);
  });

  it('resumes with a session id when the server issues no tickets', async () => {
    const leaf = pki.leaves.rsa2048;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', '-no_ticket'] });
    await using proxy = await startRecordProxy(server.port);
    const cache = new MemorySession12Cache();
    const first = await visit(proxy, cache);
    expect(first.resumed).toBe(false);
    expect(first.serverSessionId.length).toBe(32);
    const second = await visit(proxy, cache);
    expect(second.hello.sessionId).toEqual(first.serverSessionId);
    expect(second.hello.ticket?.length).toBe(0);
    expect(second.resumed).toBe(true);
    expect(second.response).toMatch(/Reused, TLSv1\.2, Cipher is/);
    expect(second.response).toMatch(/1 session cache hits/);
  });

  it('resumes a CBC suite and keeps resuming on later connections', async () => {
    const leaf = pki.leaves.rsa2048;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-SHA'] });
    await using proxy = await startRecordProxy(server.port);
    const cache = new MemorySession12Cache();
    expect((await visit(proxy, cache)).resumed).toBe(false);
    for (let i = 0; i < 2; i++) {
      const again = await visit(proxy, cache);
      expect(again.resumed).toBe(true);
      expect(again.cipher).toBe('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA');
      // s_server names the version the suite first appeared in (TLSv1.0); the session is TLS 1.2.
      expect(again.response).toMatch(/Reused, TLSv1\.0, Cipher is ECDHE-RSA-AES128-SHA\n/);
      expect(again.response).toContain('Protocol  : TLSv1.2');
    }
  });

  it('does not offer a session without extended master secret to a server that lacks it (RFC 7627 §5.3)', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startOpensslServerWithoutEms({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2'] });
    await using proxy = await startRecordProxy(server.port);
    const cache = new MemorySession12Cache();
    await visit(proxy, cache);
    const second = await visit(proxy, cache);
    expect(second.hello.ticket?.length).toBe(0);
    expect(second.resumed).toBe(false);
    // A hello that does not offer EMS resumes such a session (both sides agree on the old derivation).
    await visit(proxy, cache, { hello: helloWithoutEms });
    const third = await visit(proxy, cache, { hello: helloWithoutEms });
    expect(third.resumed).toBe(true);
    expect(third.response).toContain('Extended master secret: no');
  });

  it('never offers a session made without verification to a verifying connection', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2'] });
    await using proxy = await startRecordProxy(server.port);
    const cache = new MemorySession12Cache();
    await visit(proxy, cache, { verify: false });
    const verifying = await visit(proxy, cache);
    expect(verifying.hello.ticket?.length).toBe(0);
    expect(verifying.resumed).toBe(false);
  });

  it('does not offer a session past its lifetime', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2'] });
    await using proxy = await startRecordProxy(server.port);
    const cache = new MemorySession12Cache();
    await visit(proxy, cache);
    // s_server's tickets carry a lifetime hint of 7200 s: three hours later the session is stale.
    const later = await visit(proxy, cache, { clock: { now: () => Date.now() + 3 * 3600_000 } });
    expect(later.hello.ticket?.length).toBe(0);
    expect(later.resumed).toBe(false);
  });
});

describe('TLS 1.2 resumption against Node tls.createServer', () => {
  const leafOptions = () => ({ key: pki.leaves.rsa2048.keyPem, cert: pki.leaves.rsa2048.chainPem, maxVersion: 'TLSv1.2' as const, ALPNProtocols: ['http/1.1'] });

  it('resumes with a session ticket (the server reports isSessionReused)', async () => {
    await using server = await startNodeTlsServer(leafOptions());
    await using proxy = await startRecordProxy(server.port);
    const cache = new MemorySession12Cache();
    const first = await visit(proxy, cache);
    const second = await visit(proxy, cache);
    expect(first.resumed).toBe(false);
    expect(second.resumed).toBe(true);
    expect(second.hello.ticket!.length).toBeGreaterThan(0);
    expect(second.alpn).toBe('http/1.1');
    expect(server.connections.map((c) => c.sessionReused)).toEqual([false, true]);
  });

  it('resumes with a session id from a server-side session store', async () => {
    await using server = await startNodeTlsServer({ ...leafOptions(), secureOptions: SSL_OP_NO_TICKET });
    const store = new Map<string, Buffer>();
    server.server.on('newSession', (id: Buffer, data: Buffer, done: () => void) => {
      store.set(id.toString('hex'), data);
      done();
    });
    server.server.on('resumeSession', (id: Buffer, done: (error: Error | null, data: Buffer | null) => void) => {
      done(null, store.get(id.toString('hex')) ?? null);
    });
    await using proxy = await startRecordProxy(server.port);
    const cache = new MemorySession12Cache();
    const first = await visit(proxy, cache);
    const second = await visit(proxy, cache);
    expect(first.serverSessionId.length).toBe(32);
    expect(second.hello.sessionId).toEqual(first.serverSessionId);
    expect(second.hello.ticket?.length).toBe(0);
    expect(second.resumed).toBe(true);
    expect(server.connections.map((c) => c.sessionReused)).toEqual([false, true]);
  });

  it('falls back to a full handshake when the server no longer knows the ticket, then resumes the new session', async () => {
    await using server = await startNodeTlsServer(leafOptions());
    await using proxy = await startRecordProxy(server.port);
    const cache = new MemorySession12Cache();
    await visit(proxy, cache);
    server.server.setTicketKeys(randomBytes(48));
    const refused = await visit(proxy, cache);
    expect(refused.hello.ticket!.length).toBeGreaterThan(0);
    expect(refused.resumed).toBe(false);
    const third = await visit(proxy, cache);
    expect(third.resumed).toBe(true);
    expect(server.connections.map((c) => c.sessionReused)).toEqual([false, false, true]);
  });

  it('resumes without EMS on both sides when neither uses it', async () => {
    await using server = await startNodeTlsServer({ ...leafOptions(), secureOptions: SSL_OP_NO_EXTENDED_MASTER_SECRET });
    await using proxy = await startRecordProxy(server.port);
    const cache = new MemorySession12Cache();
    await visit(proxy, cache, { hello: helloWithoutEms });
    const second = await visit(proxy, cache, { hello: helloWithoutEms });
    expect(second.resumed).toBe(true);
    // The default hello offers EMS, so it will not resume a session without it.
    const third = await visit(proxy, cache, { hello: defaultHelloSpec });
    expect(third.resumed).toBe(false);
  });
});

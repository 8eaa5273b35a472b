// TLS 1.3 resumption (RFC 8446 §2.2) against real servers: the second connection offers the first
// one's ticket as a PSK and the server reports the session reused. A recording proxy shows what
// each ClientHello carried: pre_shared_key last, the obfuscated age from the injected clock.
import { randomBytes } from 'node:crypto';
import { connect as netConnect, createServer, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { findExtension, parseClientHello, type ParsedClientHello } from '../../src/fingerprint/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { connect, type ConnectOptions } from '../../src/tls/connect.js';
import type { SessionTicket13 } from '../../src/tls/handshake-types.js';
import { defaultHelloSpec } from '../../src/tls/hello/default.js';
import type { ClientHelloSpec } from '../../src/vocabulary/hello-spec.js';
import { MemoryTicketStore13 } from '../../src/tls/session13.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startGnutlsServer, startNodeTlsServer, startOpensslServer, type OpensslServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

/** A TCP relay that keeps what each client sent, to read its ClientHellos back. */
interface HelloRecorder {
  port: number;
  /** Per connection, in order: the client's bytes. */
  sent: Buffer[];
  [Symbol.asyncDispose](): Promise<void>;
}

async function startRecorder(targetPort: number): Promise<HelloRecorder> {
  const sent: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const index = sent.push(Buffer.alloc(0)) - 1;
    const upstream = netConnect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => (sent[index] = Buffer.concat([sent[index]!, chunk])));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    sent,
    async [Symbol.asyncDispose]() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The ClientHellos in a client's bytes: plaintext handshake records carry nothing else in TLS 1.3. */
function clientHellos(bytes: Buffer): ParsedClientHello[] {
  let handshake = Buffer.alloc(0);
  for (let o = 0; o + 5 <= bytes.length; ) {
    const length = bytes.readUInt16BE(o + 3);
    if (bytes[o] === 22) handshake = Buffer.concat([handshake, bytes.subarray(o + 5, o + 5 + length)]);
    o += 5 + length;
  }
  const hellos: ParsedClientHello[] = [];
  for (let o = 0; o + 4 <= handshake.length; ) {
    const length = handshake.readUIntBE(o + 1, 3);
    hellos.push(parseClientHello(handshake.subarray(o, o + 4 + length)));
    o += 4 + length;
  }
  return hellos;
}

function psk(hello: ParsedClientHello) {
  return findExtension(hello, 'pre_shared_key');
}

function lastExtensionType(hello: ParsedClientHello): number {
  return hello.extensions[hello.extensions.length - 1]!.type;
}

const leaf = () => pki.leaves.ecdsaP256;

function options(port: number, store: MemoryTicketStore13, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return { host: '127.0.0.1', port, servername: 'localhost', alpn: ['http/1.1'], ca: pki.ca, caOnly: true, sessionCache: store, ...extra };
}

/** One connection: what was negotiated and the response (read to the end, so the tickets are in). */
async function visit(port: number, store: MemoryTicketStore13, extra: Partial<ConnectOptions> = {}) {
  const conn = await connect(options(port, store, extra));
  const result = { resumed: conn.resumed, cipher: conn.cipher.name, alpn: conn.alpnProtocol, certificates: conn.peerCertificates.length, group: conn.group };
  return { ...result, response: await getOver(conn) };
}

describe('TLS 1.3 resumption against openssl s_server', () => {
  it('resumes with the ticket of the first connection, pre_shared_key last, and uses the ticket once', async () => {
    await using server = await startOpensslServer({ cert: leaf().certPem, key: leaf().keyPem, chain: leaf().chainPem, args: ['-tls1_3', '-alpn', 'http/1.1'] });
    await using proxy = await startRecorder(server.port);
    const store = new MemoryTicketStore13();
    const received: SessionTicket13[] = [];
    const first = await visit(proxy.port, store, { onTicket: (t) => received.push(t) });
    expect(first.resumed).toBe(false);
    expect(first.response).toMatch(/New, TLSv1\.3, Cipher is/);
    // s_server sends two tickets after a full handshake; Chrome keeps the two newest.
    expect(store.count('127.0.0.1:' + proxy.port + ' localhost')).toBe(2);

    const second = await visit(proxy.port, store);
    expect(second.resumed).toBe(true);
    expect(second.response).toMatch(/Reused, TLSv1\.3, Cipher is/);
    expect(second.certificates).toBe(first.certificates);
    expect(second.alpn).toBe('http/1.1');

    const [hello1] = clientHellos(proxy.sent[0]!);
    const [hello2] = clientHellos(proxy.sent[1]!);
    expect(psk(hello1!)).toBeUndefined();
    expect(psk(hello2!)!.identities.length).toBe(1);
    expect(psk(hello2!)!.binders).toEqual([32]);
    expect(lastExtensionType(hello2!)).toBe(41);
    // The newest ticket went first, and a ticket is offered only once.
    const identity = (h: ParsedClientHello) => Buffer.from(psk(h)!.identities[0]!.identity).toString('hex');
    expect(identity(hello2!)).toBe(Buffer.from(received[received.length - 1]!.ticket).toString('hex'));
    expect((await visit(proxy.port, store)).resumed).toBe(true);
    expect(identity(clientHellos(proxy.sent[2]!)[0]!)).not.toBe(identity(hello2!));
  });

  it('recomputes the binder after a HelloRetryRequest, and the server still resumes', async () => {
    await using server = await startOpensslServer({ cert: leaf().certPem, key: leaf().keyPem, chain: leaf().chainPem, args: ['-tls1_3', '-groups', 'P-384'] });
    await using proxy = await startRecorder(server.port);
    const store = new MemoryTicketStore13();
    await visit(proxy.port, store);
    const second = await visit(proxy.port, store);
    expect(second.resumed).toBe(true);
    expect(second.response).toMatch(/Reused, TLSv1\.3/);
    const hellos = clientHellos(proxy.sent[1]!);
    expect(hellos.length).toBe(2);
    const [a, b] = hellos.map((h) => psk(h)!);
    expect(a!.identities[0]!.identity).toEqual(b!.identities[0]!.identity);
    expect(lastExtensionType(hellos[1]!)).toBe(41);
  });

  it('drops the PSK from the second ClientHello when the HelloRetryRequest picks a suite of another hash', async () => {
    const args = (suite: string) => ['-tls1_3', '-ciphersuites', suite, '-groups', 'P-384'];
    await using issuer = await startOpensslServer({ cert: leaf().certPem, key: leaf().keyPem, chain: leaf().chainPem, args: args('TLS_AES_256_GCM_SHA384') });
    await using server = await startOpensslServer({ cert: leaf().certPem, key: leaf().keyPem, chain: leaf().chainPem, args: args('TLS_AES_128_GCM_SHA256') });
    await using proxy = await startRecorder(server.port);
    const store = new MemoryTicketStore13();
    const tickets: SessionTicket13[] = [];
    await visit(issuer.port, store, { onTicket: (t) => tickets.push(t) });
    expect(tickets[0]!.cipherSuite).toBe(0x1302);
    store.put(`127.0.0.1:${proxy.port} localhost`, tickets[0]!);
    const visited = await visit(proxy.port, store);
    expect(visited.resumed).toBe(false);
    expect(visited.cipher).toBe('TLS_AES_128_GCM_SHA256');
    const [first, second] = clientHellos(proxy.sent[0]!);
    expect(psk(first!)!.binders).toEqual([48]);
    expect(psk(second!)).toBeUndefined();
  });

  it('falls back to a full handshake when the server declines the ticket', async () => {
    await using server = await startOpensslServer({ cert: leaf().certPem, key: leaf().keyPem, chain: leaf().chainPem, args: ['-tls1_3'] });
    const store = new MemoryTicketStore13();
    await visit(server.port, store);
    // A ticket the server never issued: the right shape, so it is offered, but it decrypts to nothing.
    const key = `127.0.0.1:${server.port} localhost`;
    const real = store.get(key)!;
    store.get(key);
    store.put(key, { ...real, ticket: randomBytes(real.ticket.length) });
    const second = await visit(server.port, store);
    expect(second.resumed).toBe(false);
    expect(second.response).toMatch(/New, TLSv1\.3/);
    // The full handshake brought fresh tickets, and they resume.
    expect((await visit(server.port, store)).resumed).toBe(true);
  });
});

describe('TLS 1.3 resumption against Node tls.createServer', () => {
  const serverOptions = () => ({ key: leaf().keyPem, cert: leaf().chainPem, minVersion: 'TLSv1.3' as const, ALPNProtocols: ['http/1.1'] });

  it('resumes (the server reports isSessionReused), and a changed ticket key means a full handshake', async () => {
    await using server = await startNodeTlsServer(serverOptions());
    const store = new MemoryTicketStore13();
    expect((await visit(server.port, store)).resumed).toBe(false);
    expect((await visit(server.port, store)).resumed).toBe(true);
    server.server.setTicketKeys(randomBytes(48));
    expect((await visit(server.port, store)).resumed).toBe(false);
    expect((await visit(server.port, store)).resumed).toBe(true);
    await server.waitForHandshakes(4);
    expect(server.connections.map((c) => c.sessionReused)).toEqual([false, true, false, true]);
  });

  it('resumes with the Chrome profile: PSK last after the shuffle, ticket age in whole seconds', async () => {
    await using server = await startNodeTlsServer(serverOptions());
    await using proxy = await startRecorder(server.port);
    const store = new MemoryTicketStore13();
    const tickets: SessionTicket13[] = [];
    await visit(proxy.port, store, { hello: chrome156.tls, onTicket: (t) => tickets.push(t) });
    const at = tickets[0]!.receivedAt + 2_600;
    const resumed = await visit(proxy.port, store, { hello: chrome156.tls, clock: { now: () => at } });
    expect(resumed.resumed).toBe(true);
    const hello = clientHellos(proxy.sent[1]!)[0]!;
    expect(lastExtensionType(hello)).toBe(41);
    // BoringSSL: 1000 * (now.tv_sec - session->time); Chrome's newest ticket is offered first.
    const offered = tickets.find((t) => Buffer.from(t.ticket).equals(Buffer.from(psk(hello)!.identities[0]!.identity)))!;
    const age = (psk(hello)!.identities[0]!.obfuscatedTicketAge - offered.ageAdd) >>> 0;
    expect(age % 1000).toBe(0);
    expect(age).toBe(1000 * (Math.floor(at / 1000) - Math.floor(offered.receivedAt / 1000)));
    await server.waitForHandshakes(2);
    expect(server.connections.map((c) => c.sessionReused)).toEqual([false, true]);
  });

  it('resumes with the Firefox profile: the age in milliseconds from the injected clock', async () => {
    await using server = await startNodeTlsServer(serverOptions());
    await using proxy = await startRecorder(server.port);
    const store = new MemoryTicketStore13();
    const tickets: SessionTicket13[] = [];
    await visit(proxy.port, store, { hello: firefox153.tls, onTicket: (t) => tickets.push(t) });
    const newest = tickets[tickets.length - 1]!;
    const resumed = await visit(proxy.port, store, { hello: firefox153.tls, clock: { now: () => newest.receivedAt + 1234 } });
    expect(resumed.resumed).toBe(true);
    const hello = clientHellos(proxy.sent[1]!)[0]!;
    expect(lastExtensionType(hello)).toBe(41);
    expect(psk(hello)!.identities[0]!.obfuscatedTicketAge).toBe((newest.ageAdd + 1234) >>> 0);
  });
});

describe('which tickets are offered', () => {
  const serverOptions = () => ({ key: leaf().keyPem, cert: leaf().chainPem, minVersion: 'TLSv1.3' as const, ALPNProtocols: ['http/1.1'] });

  async function firstTicket(port: number, store: MemoryTicketStore13, extra: Partial<ConnectOptions> = {}): Promise<SessionTicket13> {
    const tickets: SessionTicket13[] = [];
    await visit(port, store, { ...extra, onTicket: (t) => tickets.push(t) });
    return tickets[tickets.length - 1]!;
  }

  it('not a ticket from the future, nor one past its lifetime (by the injected clock)', async () => {
    await using server = await startNodeTlsServer(serverOptions());
    await using proxy = await startRecorder(server.port);
    const store = new MemoryTicketStore13({ clock: { now: () => 0 } });
    const ticket = await firstTicket(proxy.port, store);
    // Node (OpenSSL) tickets live 7200 s.
    expect(ticket.lifetime).toBe(7200);
    const early = await visit(proxy.port, store, { clock: { now: () => ticket.receivedAt - 60_000 } });
    expect(early.resumed).toBe(false);
    await firstTicket(proxy.port, store);
    const late = await visit(proxy.port, store, { clock: { now: () => ticket.receivedAt + 7200_000 } });
    expect(late.resumed).toBe(false);
    for (const i of [1, 3]) expect(psk(clientHellos(proxy.sent[i]!)[0]!)).toBeUndefined();
  });

  it('not beyond the profile cap (BoringSSL keeps a TLS 1.3 session two days), nor the RFC week', async () => {
    await using server = await startNodeTlsServer({ ...serverOptions(), sessionTimeout: 30 * 86400 });
    const store = new MemoryTicketStore13({ clock: { now: () => 0 } });
    const ticket = await firstTicket(server.port, store, { hello: chrome156.tls });
    // OpenSSL caps the lifetime it announces at the RFC's week.
    expect(ticket.lifetime).toBe(7 * 86400);
    const afterTwoDays = await visit(server.port, store, { hello: chrome156.tls, clock: { now: () => ticket.receivedAt + 2 * 86400_000 + 1 } });
    expect(afterTwoDays.resumed).toBe(false);
    const plain = await firstTicket(server.port, store);
    const withinWeek = await visit(server.port, store, { clock: { now: () => plain.receivedAt + 6 * 86400_000 } });
    expect(withinWeek.resumed).toBe(true);
    await firstTicket(server.port, store);
    const afterWeek = await visit(server.port, store, { clock: { now: () => plain.receivedAt + 7 * 86400_000 + 1 } });
    expect(afterWeek.resumed).toBe(false);
  });

  it('not a ticket from an unverified connection to a verifying one, nor to another server name', async () => {
    await using server = await startNodeTlsServer(serverOptions());
    const store = new MemoryTicketStore13();
    await visit(server.port, store, { verify: false });
    expect((await visit(server.port, store)).resumed).toBe(false);
    // The same store under one key for two names: the ticket names the host it was checked against.
    await visit(server.port, store, { sessionKey: 'shared' });
    expect((await visit(server.port, store, { sessionKey: 'shared', servername: '127.0.0.1' })).resumed).toBe(false);
  });

  it('not by a hello without pre_shared_key, whose connections never resume', async () => {
    await using server = await startNodeTlsServer(serverOptions());
    const store = new MemoryTicketStore13();
    const hello = { ...chrome156.tls, extensions: chrome156.tls.extensions.filter((e) => e.type !== 'pre_shared_key') };
    await visit(server.port, store, { hello });
    expect((await visit(server.port, store, { hello })).resumed).toBe(false);
  });
});

describe('TLS 1.3 resumption against gnutls-serv', () => {
  it('resumes: its status page shows the first session id again, and no certificate signature', async () => {
    await using server = await startGnutlsServer({ cert: leaf().chainPem, key: leaf().keyPem });
    const store = new MemoryTicketStore13();
    const sessionId = (page: string) => /Session ID:\s*(?:<[^>]+>\s*)*([0-9A-F]{64})/.exec(page)?.[1];
    const first = await visit(server.port, store);
    expect(first.resumed).toBe(false);
    expect(first.response).toContain('(TLS1.3-X.509)-(ECDHE-X25519)-(ECDSA-SECP256R1-SHA256)-(AES-128-GCM)');
    const second = await visit(server.port, store);
    expect(second.resumed).toBe(true);
    expect(sessionId(second.response)).toBe(sessionId(first.response));
    expect(second.response).toContain('(TLS1.3-X.509)--(AES-128-GCM)');
  });
});

describe('a hello that carries early_data (as a browser resuming a 0-RTT ticket), sending no early data', () => {
  const withEarlyData: ClientHelloSpec = {
    ...defaultHelloSpec,
    extensions: [...defaultHelloSpec.extensions.slice(0, -1), { type: 'early_data' }, ...defaultHelloSpec.extensions.slice(-1)],
  };

  /** s_server takes -early_data only in its echo mode: say a line, wait for it, and for the tickets. */
  async function echoVisit(server: OpensslServer, port: number, store: MemoryTicketStore13, line: string, tickets: SessionTicket13[] = []) {
    const ticketsBefore = tickets.length;
    const conn = await connect(options(port, store, { hello: withEarlyData, onTicket: (t) => tickets.push(t) }));
    conn.resume();
    conn.write(`${line}\n`);
    await server.waitFor(line);
    while (!conn.resumed && tickets.length === ticketsBefore) await new Promise((r) => setTimeout(r, 10));
    conn.destroy();
    return conn.resumed;
  }

  it('completes with EndOfEarlyData when openssl s_server accepts the early data', async () => {
    await using server = await startOpensslServer({ cert: leaf().certPem, key: leaf().keyPem, chain: leaf().chainPem, mode: 'echo', args: ['-tls1_3', '-early_data'] });
    await using proxy = await startRecorder(server.port);
    const store = new MemoryTicketStore13();
    const tickets: SessionTicket13[] = [];
    expect(await echoVisit(server, proxy.port, store, 'first-visit', tickets)).toBe(false);
    expect(tickets[0]!.maxEarlyData).toBeGreaterThan(0);
    // No early_data without a ticket that allows it.
    expect(findExtension(clientHellos(proxy.sent[0]!)[0]!, 'early_data')).toBeUndefined();
    expect(await echoVisit(server, proxy.port, store, 'second-visit')).toBe(true);
    expect(server.output()).toMatch(/Reused session-id/);
    const hello = clientHellos(proxy.sent[1]!)[0]!;
    expect(findExtension(hello, 'early_data')).toBeDefined();
    expect(lastExtensionType(hello)).toBe(41);
  });

  it('completes when gnutls-serv accepts it too', async () => {
    await using server = await startGnutlsServer({ cert: leaf().chainPem, key: leaf().keyPem, args: ['--earlydata', '--maxearlydata=16384'] });
    const store = new MemoryTicketStore13();
    const tickets: SessionTicket13[] = [];
    await visit(server.port, store, { hello: withEarlyData, onTicket: (t) => tickets.push(t) });
    expect(tickets[0]!.maxEarlyData).toBe(16384);
    expect((await visit(server.port, store, { hello: withEarlyData })).resumed).toBe(true);
  });
});

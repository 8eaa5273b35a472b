// ALPS (application_settings) as Chrome speaks it. No server we can run speaks ALPS (OpenSSL,
// GnuTLS and Node do not; BoringSSL would), so the handshake branch is driven by a scripted TLS 1.3
// server in this file: it resumes a ticket it made up (a PSK handshake needs no certificate or
// signature), answers ALPS in its EncryptedExtensions, and checks that the client's second flight
// carries the client EncryptedExtensions with Chrome's settings, and that its Finished covers it.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findExtension, parseClientHello } from '../../src/fingerprint/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { clientEncryptedExtensions, negotiateAlps } from '../../src/tls/alps.js';
import { connect } from '../../src/tls/connect.js';
import { ContentType, HandshakeType } from '../../src/tls/constants.js';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import { Group } from '../../src/tls/crypto/provider.js';
import type { SessionTicket13 } from '../../src/tls/handshake-types.js';
import type { HelloContext } from '../../src/tls/hello/context.js';
import { fixedGrease } from '../../src/tls/hello/grease.js';
import type { ClientHelloSpec } from '../../src/vocabulary/hello-spec.js';
import { KeySchedule13 } from '../../src/tls/key-schedule.js';
import { pskBinder } from '../../src/tls/psk13.js';
import { Tls13Protection } from '../../src/tls/record/protection13.js';
import { handshakeMessage, RecordLayer } from '../../src/tls/record/record-layer.js';
import { systemRandom } from '../../src/tls/random.js';
import { MemoryTicketStore13 } from '../../src/tls/session13.js';
import { Transcript } from '../../src/tls/transcript.js';
import { concatBytes, equalBytes, hex } from '../../src/tls/wire/writer.js';

const p = defaultProvider;
const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const vec16 = (b: Uint8Array) => concatBytes(u16(b.length), b);
const ext = (type: number, data: Uint8Array) => concatBytes(u16(type), vec16(data));
const text = (s: string) => new TextEncoder().encode(s);

/** The ticket both sides know: the scripted server accepts it by its bytes. */
function madeUpTicket(): SessionTicket13 {
  return {
    lifetime: 3600,
    ageAdd: 0x01020304,
    nonce: new Uint8Array(0),
    ticket: text('scripted-server-ticket'),
    psk: new Uint8Array(32).fill(7),
    cipherSuite: 0x1301,
    receivedAt: Date.now(),
    alpn: 'h2',
    peerCertificates: [Uint8Array.of(0x30, 0x00)],
    signatureScheme: 0x0403,
    verified: true,
    host: 'localhost',
  };
}

interface Script {
  alpn: string;
  /** The EncryptedExtensions ALPS: codepoint and settings; none for a server without ALPS. */
  alps?: { codepoint: number; settings: Uint8Array };
}

interface Seen {
  clientEncryptedExtensions?: Uint8Array;
  clientFinishedVerified?: boolean;
  request?: string;
  error?: unknown;
}

let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
  servers = [];
});

/** A TLS 1.3 server that resumes `ticket` (psk_dhe_ke, x25519, AES-128-GCM) and plays `script`. */
async function scriptedServer(ticket: SessionTicket13, script: Script): Promise<{ port: number; seen: Seen }> {
  const seen: Seen = {};
  const server = createServer((socket: Socket) => {
    socket.on('error', () => {});
    void serve(socket, ticket, script, seen).catch((error: unknown) => {
      seen.error = error;
      socket.destroy();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, seen };
}

async function serve(socket: Socket, ticket: SessionTicket13, script: Script, seen: Seen): Promise<void> {
  const layer = new RecordLayer(socket);
  const transcript = new Transcript(p);
  const hello = await layer.readHandshake();
  const parsed = parseClientHello(hello.raw);
  const offered = findExtension(parsed, 'pre_shared_key')!;
  if (!equalBytes(offered.identities[0]!.identity, ticket.ticket)) throw new Error('not our ticket');
  const binder = hello.raw.subarray(hello.raw.length - 32);
  if (!equalBytes(binder, pskBinder(p, ticket, [], hello.raw.subarray(0, hello.raw.length - 35)))) throw new Error('bad binder');
  const clientShare = findExtension(parsed, 'key_share')!.shares.find((s) => s.group === Group.x25519)!;
  const share = p.generateKeyShare(Group.x25519, systemRandom);

  const serverHelloBody = concatBytes(
    u16(0x0303),
    systemRandom.bytes(32),
    Uint8Array.of(parsed.sessionId.length),
    parsed.sessionId,
    u16(0x1301),
    Uint8Array.of(0),
    vec16(concatBytes(ext(43, u16(0x0304)), ext(51, concatBytes(u16(Group.x25519), vec16(share.publicKey))), ext(41, u16(0)))),
  );
  const serverHello = handshakeMessage(HandshakeType.serverHello, serverHelloBody);
  layer.write(ContentType.handshake, serverHello);
  transcript.add(hello.raw);
  transcript.add(serverHello);
  transcript.start('sha256');
  const schedule = new KeySchedule13(p, 'sha256', ticket.psk);
  const hs = schedule.handshakeSecrets(share.deriveSecret(clientShare.key), transcript.hash());
  const keys = (secret: Uint8Array) => {
    const k = schedule.trafficKeys(secret, 16);
    return new Tls13Protection(p.aead('aes-128-gcm', k.key), k.iv);
  };
  layer.setWriteProtection(keys(hs.server));
  layer.setReadProtection(keys(hs.client));

  const alpn = ext(16, vec16(concatBytes(Uint8Array.of(script.alpn.length), text(script.alpn))));
  const alps = script.alps ? ext(script.alps.codepoint, script.alps.settings) : new Uint8Array(0);
  const encryptedExtensions = handshakeMessage(HandshakeType.encryptedExtensions, vec16(concatBytes(alpn, alps)));
  transcript.add(encryptedExtensions);
  const finished = handshakeMessage(HandshakeType.finished, schedule.finishedVerifyData(hs.server, transcript.hash()));
  transcript.add(finished);
  layer.write(ContentType.handshake, concatBytes(encryptedExtensions, finished));
  const app = schedule.applicationSecrets(transcript.hash());

  let message = await layer.readHandshake();
  if (message.type === HandshakeType.encryptedExtensions) {
    seen.clientEncryptedExtensions = message.raw;
    transcript.add(message.raw);
    message = await layer.readHandshake();
  }
  if (message.type !== HandshakeType.finished) throw new Error(`expected the client Finished, got ${message.type}`);
  seen.clientFinishedVerified = equalBytes(message.body, schedule.finishedVerifyData(hs.client, transcript.hash()));
  layer.setReadProtection(keys(app.client));
  layer.setWriteProtection(keys(app.server));
  const record = await layer.readRecord();
  seen.request = record ? new TextDecoder().decode(record.content) : '';
  layer.write(ContentType.applicationData, text('pong'));
  layer.sendAlert('close_notify', 1);
  socket.end();
}

async function resumeAgainst(script: Script, hello: ClientHelloSpec = chrome156.tls) {
  const ticket = madeUpTicket();
  const { port, seen } = await scriptedServer(ticket, script);
  const store = new MemoryTicketStore13();
  store.put(`127.0.0.1:${port} localhost`, ticket);
  const conn = await connect({ host: '127.0.0.1', port, servername: 'localhost', hello, sessionCache: store });
  conn.write('ping');
  const reply: Buffer[] = [];
  for await (const chunk of conn) reply.push(chunk as Buffer);
  return { conn, seen, reply: Buffer.concat(reply).toString() };
}

describe('ALPS in a resumed handshake with a scripted server', () => {
  it('sends the client EncryptedExtensions with Chrome\'s (empty) h2 settings, in the transcript', async () => {
    const serverSettings = Uint8Array.of(0x00, 0x03, 0x00, 0x00, 0x00, 0x64);
    const { conn, seen, reply } = await resumeAgainst({ alpn: 'h2', alps: { codepoint: 0x44cd, settings: serverSettings } });
    expect(conn.resumed).toBe(true);
    expect(conn.alpnProtocol).toBe('h2');
    expect(conn.alpsSettings).toEqual(serverSettings);
    // The resumed connection reports the ticket's certificate chain.
    expect(conn.peerCertificates).toEqual([Uint8Array.of(0x30, 0x00)]);
    expect(hex(seen.clientEncryptedExtensions!)).toBe('080000060004' + '44cd0000');
    expect(seen.clientFinishedVerified).toBe(true);
    expect(seen.request).toBe('ping');
    expect(reply).toBe('pong');
    expect(seen.error).toBeUndefined();
  });

  it('sends the profile\'s settings when it has some, under the old codepoint when that was offered', async () => {
    const spec: ClientHelloSpec = {
      ...chrome156.tls,
      extensions: chrome156.tls.extensions.map((e) => (e.type === 'application_settings' ? { ...e, codepoint: 0x4469, settings: { h2: '000100010000' } } : e)),
    };
    const { conn, seen } = await resumeAgainst({ alpn: 'h2', alps: { codepoint: 0x4469, settings: new Uint8Array(0) } }, spec);
    expect(conn.alpsSettings).toEqual(new Uint8Array(0));
    expect(hex(seen.clientEncryptedExtensions!)).toBe('0800000c000a' + '4469' + '0006' + '000100010000');
    expect(seen.clientFinishedVerified).toBe(true);
  });

  it('sends no client EncryptedExtensions when the server does not answer ALPS', async () => {
    const { conn, seen, reply } = await resumeAgainst({ alpn: 'h2' });
    expect(conn.alpsSettings).toBeNull();
    expect(seen.clientEncryptedExtensions).toBeUndefined();
    expect(seen.clientFinishedVerified).toBe(true);
    expect(reply).toBe('pong');
  });

  it('refuses ALPS for a protocol it offered none for, and under a codepoint it did not send', async () => {
    await expect(resumeAgainst({ alpn: 'http/1.1', alps: { codepoint: 0x44cd, settings: new Uint8Array(0) } })).rejects.toMatchObject({
      alertName: 'unsupported_extension',
    });
    await expect(resumeAgainst({ alpn: 'h2', alps: { codepoint: 0x4469, settings: new Uint8Array(0) } })).rejects.toMatchObject({
      alertName: 'unsupported_extension',
    });
  });
});

describe('ALPS decision and encoding', () => {
  const spec = chrome156.tls;
  const ctx = (alpn?: string[]): HelloContext => ({
    random: new Uint8Array(32),
    sessionId: new Uint8Array(0),
    keyShares: new Map(),
    grease: fixedGrease({}),
    randomSource: systemRandom,
    extensionOrder: [],
    ...(alpn ? { alpn } : {}),
  });

  it('is null without the server extension, and for a hello that offered no ALPS', () => {
    expect(negotiateAlps(new Map(), spec, ctx(), 'h2')).toBeNull();
    const noAlps = { ...spec, extensions: spec.extensions.filter((e) => e.type !== 'application_settings') };
    expect(negotiateAlps(new Map([[0x44cd, new Uint8Array(0)]]), noAlps, ctx(), 'h2')).toBeNull();
  });

  it('needs a negotiated ALPN that ALPS was offered for (the caller may narrow ALPN to http/1.1)', () => {
    const answer = new Map([[0x44cd, Uint8Array.of(1, 2)]]);
    expect(() => negotiateAlps(answer, spec, ctx(), undefined)).toThrow(/without negotiating ALPN/);
    expect(() => negotiateAlps(answer, spec, ctx(['http/1.1']), 'http/1.1')).toThrow(/offered none/);
    expect(negotiateAlps(answer, spec, ctx(), 'h2')).toEqual({ codepoint: 0x44cd, server: Uint8Array.of(1, 2), client: new Uint8Array(0) });
  });

  it('encodes the client EncryptedExtensions as BoringSSL does: one extension, data unprefixed', () => {
    const message = clientEncryptedExtensions({ codepoint: 0x44cd, server: new Uint8Array(0), client: Uint8Array.of(0xaa, 0xbb) });
    expect(hex(message)).toBe('08000008' + '0006' + '44cd' + '0002' + 'aabb');
  });
});

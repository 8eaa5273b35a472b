import { fatal } from './alerts.js';
import { cipherSuite, type CipherSuiteInfo } from '../vocabulary/cipher-suites.js';
import { AlertLevel, ContentType, HandshakeType } from './constants.js';
import { HASH_LENGTH } from './crypto/provider.js';
import type { HandshakeResult, HandshakeStart } from './handshake-types.js';
import { checkCertificateKey, dheKeyExchange, ecdheKeyExchange, rsaKeyExchange, verifyServerKeyExchange, type ClientKeyExchange12 } from './key-exchange12.js';
import { parseCertificate12 } from './messages/certificate13.js';
import { parseCertificateRequest12 } from './messages/certificate-request12.js';
import { parseCertificateStatus } from './messages/certificate-status.js';
import { parseNewSessionTicket12, type NewSessionTicket12 } from './messages/new-session-ticket12.js';
import { checkServerHello12, type ServerHello12Extensions } from './messages/server-hello12.js';
import { parseDheServerKeyExchange, parseEcdheServerKeyExchange } from './messages/server-key-exchange.js';
import { extendedMasterSecret, finishedVerifyData, keyBlock, masterSecret } from './prf12.js';
import { Tls12AeadProtection, Tls12CbcProtection } from './record/protection12.js';
import type { RecordProtection } from './record/protection.js';
import { handshakeMessage, type HandshakeMessage, type RecordLayer } from './record/record-layer.js';
import { verifyServerCertificates } from './server-auth.js';
import { DEFAULT_SESSION12_LIFETIME_MS, MAX_SESSION12_LIFETIME_MS, type Session12 } from './session12.js';
import { equalBytes } from './wire/writer.js';

type Suite12 = Extract<CipherSuiteInfo, { version: 'tls12' }>;

/** Both directions' record protection for a master secret (RFC 5246 §6.3). */
interface Keys12 {
  client: RecordProtection;
  server: RecordProtection;
}

/** What the full or the abbreviated handshake hands to the common ending. */
interface Established {
  master: Uint8Array;
  peerCertificates: Uint8Array[];
  group?: number;
  signatureScheme?: number;
  ticket?: NewSessionTicket12;
}

/**
 * The TLS 1.2 client handshake after the ServerHello (RFC 5246 §7.3), one step after another.
 * Full: Certificate, [CertificateStatus], ServerKeyExchange, [CertificateRequest],
 * ServerHelloDone; our [Certificate], ClientKeyExchange, ChangeCipherSpec, Finished; the
 * server's [NewSessionTicket], ChangeCipherSpec, Finished. Abbreviated (the server resumed our
 * session): the server's [NewSessionTicket], ChangeCipherSpec, Finished, then ours.
 */
export async function handshake12(start: HandshakeStart): Promise<HandshakeResult> {
  try {
    return await run(start);
  } catch (error) {
    // A session that took part in a failed handshake is not offered again (RFC 5246 §7.2.2).
    if (start.session12) start.config.session12?.set(null);
    throw error;
  }
}

async function run(start: HandshakeStart): Promise<HandshakeResult> {
  const { config, layer, transcript, serverHello, ctx } = start;
  const suite = cipherSuite(serverHello.cipherSuite);
  if (!suite || suite.version !== 'tls12') throw fatal('illegal_parameter', 'TLS 1.2 ServerHello with a TLS 1.3 cipher suite');
  if (suite.cipher.kind === 'cbc' && suite.cipher.blockCipher !== 'aes') throw fatal('handshake_failure', `${suite.name} is not implemented`);
  transcript.start(suite.hash);
  // TLS 1.2's ChangeCipherSpec is a step of the handshake, not noise to skip as in TLS 1.3.
  layer.surfaceChangeCipherSpec = true;
  const extensions = checkServerHello12(start);
  if (extensions.recordSizeLimit) layer.maxWritePlaintext = Math.min(layer.maxWritePlaintext, extensions.recordSizeLimit);

  // The server resumes by echoing the session id we offered (RFC 5246 §7.4.1.3, RFC 5077 §3.4).
  const echoed = serverHello.sessionId.length > 0 && equalBytes(serverHello.sessionId, ctx.sessionId);
  const session = start.session12;
  if (echoed && !session) throw fatal('illegal_parameter', 'server resumed a session we did not offer');
  const established = echoed && session ? await abbreviatedHandshake(start, suite, extensions, session) : await fullHandshake(start, suite, extensions);

  // The handshake is over: a ChangeCipherSpec from now on is an error.
  layer.surfaceChangeCipherSpec = false;
  layer.allowChangeCipherSpec = false;
  storeSession(start, suite, extensions, established, echoed);

  return {
    version: 'TLSv1.2',
    cipherSuite: suite.id,
    alpnProtocol: extensions.alpn ?? false,
    peerCertificates: established.peerCertificates.map((c) => c.slice()),
    ...(established.group !== undefined ? { group: established.group } : {}),
    ...(established.signatureScheme !== undefined ? { signatureScheme: established.signatureScheme } : {}),
    resumed: echoed,
    // TLS 1.2 has no HelloRetryRequest (handshake.ts refuses one that leads to 1.2).
    helloRetried: false,
    onPostHandshake: refuseRenegotiation(layer),
  };
}

/** The full handshake: authenticate the server, agree a premaster secret, exchange Finished. */
async function fullHandshake(start: HandshakeStart, suite: Suite12, extensions: ServerHello12Extensions): Promise<Established> {
  const { config, layer, transcript, ctx, serverHello } = start;
  const { provider } = config;

  // Certificate: the chain is verified exactly as in TLS 1.3.
  let message = await nextMessage(layer, HandshakeType.certificate, 'Certificate');
  const chain = parseCertificate12(message.body);
  if (chain.length === 0) throw fatal('decode_error', 'server sent an empty certificate list');
  const leaf = verifyServerCertificates(config, chain);
  checkCertificateKey(suite.kex, leaf);
  transcript.add(message.raw);

  // CertificateStatus (OCSP stapling) is optional even when status_request was echoed.
  message = await nextMessage(layer);
  if (message.type === HandshakeType.certificateStatus) {
    if (!extensions.certificateStatus) throw fatal('unexpected_message', 'CertificateStatus without status_request in ServerHello');
    parseCertificateStatus(message.body);
    transcript.add(message.raw);
    message = await nextMessage(layer);
  }

  // ServerKeyExchange: ephemeral parameters, signed by the certificate's key. Plain RSA has none.
  // The exchange itself waits until the server's flight is complete (ServerHelloDone).
  let exchange: () => ClientKeyExchange12 = () => rsaKeyExchange(start, leaf);
  let signatureScheme: number | undefined;
  if (suite.kex !== 'rsa') {
    expect(message, HandshakeType.serverKeyExchange, 'ServerKeyExchange');
    if (suite.kex === 'dhe-rsa') {
      const params = parseDheServerKeyExchange(message.body);
      verifyServerKeyExchange(start, leaf, params);
      exchange = () => dheKeyExchange(start, params);
      signatureScheme = params.scheme;
    } else {
      const params = parseEcdheServerKeyExchange(message.body);
      verifyServerKeyExchange(start, leaf, params);
      exchange = () => ecdheKeyExchange(start, params);
      signatureScheme = params.scheme;
    }
    transcript.add(message.raw);
    message = await nextMessage(layer);
  }

  // CertificateRequest: we have no client certificate and will say so with an empty one.
  let certificateRequested = false;
  if (message.type === HandshakeType.certificateRequest) {
    parseCertificateRequest12(message.body);
    certificateRequested = true;
    transcript.add(message.raw);
    message = await nextMessage(layer);
  }

  // ServerHelloDone ends the server's flight.
  expect(message, HandshakeType.serverHelloDone, 'ServerHelloDone');
  if (message.body.length !== 0) throw fatal('decode_error', 'ServerHelloDone with a body');
  transcript.add(message.raw);
  if (layer.handshakePending) throw fatal('unexpected_message', 'handshake data after ServerHelloDone');

  // Our flight, in one socket write: [empty Certificate], ClientKeyExchange, ChangeCipherSpec, Finished.
  const kx = exchange();
  // RFC 7627 §4: session_hash is the transcript through ClientKeyExchange.
  let master: Uint8Array = new Uint8Array(0);
  let keys: Keys12 | undefined;
  layer.flight(() => {
    if (certificateRequested) send(start, handshakeMessage(HandshakeType.certificate, new Uint8Array(3)));
    send(start, handshakeMessage(HandshakeType.clientKeyExchange, kx.body));
    master = extensions.extendedMasterSecret
      ? extendedMasterSecret(provider, suite.hash, kx.preMaster, transcript.hash())
      : masterSecret(provider, suite.hash, kx.preMaster, ctx.random, serverHello.random);
    config.keyLog?.('CLIENT_RANDOM', ctx.random, master);
    keys = recordKeys(start, suite, master);
    sendFinished(start, suite, master, keys);
  });

  const ticket = await readServerFinished(start, suite, extensions, master, keys!);
  return {
    master,
    peerCertificates: chain,
    ...(kx.group !== undefined ? { group: kx.group } : {}),
    ...(signatureScheme !== undefined ? { signatureScheme } : {}),
    ...(ticket ? { ticket } : {}),
  };
}

/** The abbreviated handshake (RFC 5246 §7.3, Figure 2): the cached master secret, new randoms. */
async function abbreviatedHandshake(start: HandshakeStart, suite: Suite12, extensions: ServerHello12Extensions, session: Session12): Promise<Established> {
  const { config, ctx } = start;
  if (suite.id !== session.cipherSuite) throw fatal('illegal_parameter', 'server resumed the session with another cipher suite');
  // RFC 7627 §5.3: a resumed session keeps the kind of master secret it was made with.
  if (extensions.extendedMasterSecret !== session.extendedMasterSecret) {
    throw fatal('handshake_failure', 'extended_master_secret on resumption differs from the original session');
  }
  const master = session.masterSecret;
  config.keyLog?.('CLIENT_RANDOM', ctx.random, master);
  const keys = recordKeys(start, suite, master);
  const ticket = await readServerFinished(start, suite, extensions, master, keys);
  start.layer.flight(() => sendFinished(start, suite, master, keys));
  return {
    master,
    peerCertificates: session.peerCertificates,
    ...(session.group !== undefined ? { group: session.group } : {}),
    ...(session.signatureScheme !== undefined ? { signatureScheme: session.signatureScheme } : {}),
    ...(ticket ? { ticket } : {}),
  };
}

/** The server's ending: [NewSessionTicket], ChangeCipherSpec, Finished (checked against the transcript). */
async function readServerFinished(
  start: HandshakeStart,
  suite: Suite12,
  extensions: ServerHello12Extensions,
  master: Uint8Array,
  keys: Keys12,
): Promise<NewSessionTicket12 | undefined> {
  const { config, layer, transcript } = start;
  let ticket: NewSessionTicket12 | undefined;
  if (extensions.ticketExpected) {
    // RFC 5077 §3.3: having echoed session_ticket, the server must send one (possibly empty).
    const message = await nextMessage(layer, HandshakeType.newSessionTicket, 'NewSessionTicket');
    ticket = parseNewSessionTicket12(message.body);
    transcript.add(message.raw);
  }
  if (layer.handshakePending) throw fatal('unexpected_message', 'handshake data before ChangeCipherSpec');
  const record = await layer.readRecord();
  if (!record) throw fatal('decode_error', 'connection closed during the handshake');
  if (record.type !== ContentType.changeCipherSpec) throw fatal('unexpected_message', `expected ChangeCipherSpec, got content type ${record.type}`);
  if (record.content.length !== 1 || record.content[0] !== 1) throw fatal('decode_error', 'malformed ChangeCipherSpec');
  layer.setReadProtection(keys.server);

  const expected = finishedVerifyData(config.provider, suite.hash, master, 'server', transcript.hash());
  const message = await nextMessage(layer, HandshakeType.finished, 'Finished');
  if (!equalBytes(expected, message.body)) throw fatal('decrypt_error', 'server Finished does not verify');
  transcript.add(message.raw);
  if (layer.handshakePending) throw fatal('unexpected_message', 'handshake data after server Finished');
  return ticket;
}

/** Our ChangeCipherSpec and Finished, the first record under the new keys. */
function sendFinished(start: HandshakeStart, suite: Suite12, master: Uint8Array, keys: Keys12): void {
  const { config, layer, transcript } = start;
  layer.write(ContentType.changeCipherSpec, Uint8Array.of(1));
  layer.setWriteProtection(keys.client);
  const verifyData = finishedVerifyData(config.provider, suite.hash, master, 'client', transcript.hash());
  send(start, handshakeMessage(HandshakeType.finished, verifyData));
}

function send(start: HandshakeStart, message: Uint8Array): void {
  start.layer.write(ContentType.handshake, message);
  start.transcript.add(message);
}

/** The key block cut into both directions' record protection (RFC 5246 §6.3, RFC 5288, RFC 7905). */
function recordKeys(start: HandshakeStart, suite: Suite12, master: Uint8Array): Keys12 {
  const { config, ctx, serverHello } = start;
  const { provider, random } = config;
  const { cipher } = suite;
  if (cipher.kind === 'aead') {
    const key = cipher.aead === 'aes-128-gcm' ? 16 : 32;
    const iv = cipher.aead === 'chacha20-poly1305' ? 12 : 4;
    const kb = keyBlock(provider, suite.hash, master, ctx.random, serverHello.random, { macKey: 0, key, iv });
    return {
      client: new Tls12AeadProtection(provider.aead(cipher.aead, kb.client.key), kb.client.iv),
      server: new Tls12AeadProtection(provider.aead(cipher.aead, kb.server.key), kb.server.iv),
    };
  }
  // CBC suites carry an explicit IV in every record: the key block has none (RFC 5246 §6.3).
  const kb = keyBlock(provider, suite.hash, master, ctx.random, serverHello.random, { macKey: HASH_LENGTH[cipher.mac], key: cipher.keyLength, iv: 0 });
  return {
    client: new Tls12CbcProtection(provider, provider.aesCbc(kb.client.key), cipher.mac, kb.client.macKey, random),
    server: new Tls12CbcProtection(provider, provider.aesCbc(kb.server.key), cipher.mac, kb.server.macKey, random),
  };
}

/**
 * The next handshake message. A HelloRequest during the handshake is ignored (RFC 5246
 * §7.4.1.1) and kept out of the transcript. With `type`, anything else is unexpected_message.
 */
async function nextMessage(layer: RecordLayer, type?: number, name?: string): Promise<HandshakeMessage> {
  for (;;) {
    const message = await layer.readHandshake();
    if (message.type === HandshakeType.helloRequest && message.body.length === 0) continue;
    if (type !== undefined) expect(message, type, name ?? `handshake type ${type}`);
    return message;
  }
}

function expect(message: HandshakeMessage, type: number, name: string): void {
  if (message.type !== type) throw fatal('unexpected_message', `expected ${name}, got handshake type ${message.type}`);
}

/**
 * After the handshake the server may ask to renegotiate (HelloRequest); we decline with a
 * no_renegotiation warning (RFC 5746 §4.5 leaves it to the client; browsers refuse). Any other
 * handshake message is an error.
 */
function refuseRenegotiation(layer: RecordLayer): (type: number, body: Uint8Array) => void {
  return (type, body) => {
    if (type !== HandshakeType.helloRequest) throw fatal('unexpected_message', `handshake message ${type} after the TLS 1.2 handshake`);
    if (body.length !== 0) throw fatal('decode_error', 'HelloRequest with a body');
    layer.sendAlert('no_renegotiation', AlertLevel.warning);
  };
}

/**
 * Keeps the session for resumption: the server's session id or, with a ticket, the ticket and
 * SHA-256 of it as the id to offer. A handshake that left nothing to resume with clears the slot.
 */
function storeSession(start: HandshakeStart, suite: Suite12, extensions: ServerHello12Extensions, established: Established, resumed: boolean): void {
  const { config, serverHello } = start;
  const slot = config.session12;
  if (!slot) return;
  const now = config.clock.now();
  const previous = resumed ? start.session12 : undefined;
  const ticket = established.ticket && established.ticket.ticket.length > 0 ? established.ticket : undefined;
  if (previous && !ticket) return; // resumed, nothing new: the session stays as it was
  let sessionId: Uint8Array;
  let lifetime = DEFAULT_SESSION12_LIFETIME_MS;
  if (ticket) {
    sessionId = config.provider.hash('sha256', ticket.ticket);
    if (ticket.lifetimeHint > 0) lifetime = Math.min(ticket.lifetimeHint * 1000, MAX_SESSION12_LIFETIME_MS);
  } else if (serverHello.sessionId.length > 0) {
    sessionId = serverHello.sessionId.slice();
  } else {
    slot.set(null);
    return;
  }
  const session: Session12 = {
    cipherSuite: suite.id,
    masterSecret: established.master,
    extendedMasterSecret: extensions.extendedMasterSecret,
    sessionId,
    ...(ticket ? { ticket: ticket.ticket } : {}),
    createdAt: now,
    expiresAt: now + lifetime,
    peerCertificates: established.peerCertificates,
    verified: previous ? previous.verified : config.verify,
    host: config.host,
    ...(established.group !== undefined ? { group: established.group } : {}),
    ...(established.signatureScheme !== undefined ? { signatureScheme: established.signatureScheme } : {}),
  };
  slot.set(session);
}

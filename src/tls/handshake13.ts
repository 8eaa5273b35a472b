import { fatal } from './alerts.js';
import { negotiateAlps, clientEncryptedExtensions, type NegotiatedAlps } from './alps.js';
import { cipherSuite } from '../vocabulary/cipher-suites.js';
import { ContentType, HandshakeType, MAX_PLAINTEXT } from './constants.js';
import { ExtensionType } from '../vocabulary/extension-types.js';
import type { HandshakeResult, HandshakeStart, SessionTicket13 } from './handshake-types.js';
import { KeySchedule13 } from './key-schedule.js';
import { checkAllowedIn, checkOffered } from './messages/extensions.js';
import { parseEncryptedExtensions, type EncryptedExtensions } from './messages/encrypted-extensions.js';
import { parseCertificate13 } from './messages/certificate13.js';
import { decompressCertificate } from './messages/compressed-certificate.js';
import { certificateVerifyContent, parseCertificateVerify } from './messages/certificate-verify.js';
import { parseCertificateRequest13 } from './messages/certificate-request.js';
import { postHandshake13 } from './post-handshake13.js';
import { acceptedTicket } from './psk13.js';
import { clientEarlySecret, earlyDataAccepted } from './early-data13.js';
import { handshakeMessage } from './record/record-layer.js';
import { Tls13Protection } from './record/protection13.js';
import { verifyServerCertificates, verifyHandshakeSignature } from './server-auth.js';
import { ByteReader } from './wire/reader.js';
import { equalBytes } from './wire/writer.js';

/** How the server proved who it is: its certificate and signature, or (resumed) the original ones. */
interface ServerAuthentication {
  peerCertificates: Uint8Array[];
  signatureScheme?: number;
  certificateCompression: number | null;
  /** Set when the server asked for a client certificate (we answer with an empty one). */
  certificateRequestContext: Uint8Array | null;
}

/** RFC 8446 §4.2: the only extensions a TLS 1.3 ServerHello (not a HelloRetryRequest) may carry. */
const SERVER_HELLO_13_EXTENSIONS: ReadonlySet<number> = new Set([ExtensionType.key_share, ExtensionType.pre_shared_key, ExtensionType.supported_versions]);

/**
 * The TLS 1.3 client handshake after the ServerHello (RFC 8446 §2, §4), one step after another:
 * PSK acceptance, key exchange, handshake keys, EncryptedExtensions, Certificate and
 * CertificateVerify (or the resumed session's authentication), Finished, our second flight,
 * application keys.
 */
export async function completeHandshake13(start: HandshakeStart): Promise<HandshakeResult> {
  const { config, layer, transcript, serverHello, ctx } = start;
  const { provider } = config;
  const suite = cipherSuite(serverHello.cipherSuite);
  if (!suite || suite.version !== 'tls13') throw fatal('illegal_parameter', 'TLS 1.3 ServerHello with a TLS 1.2 cipher suite');
  transcript.start(suite.hash);
  checkOffered(serverHello.extensions, start.offeredExtensions, 'ServerHello');
  checkAllowedIn(serverHello.extensions, SERVER_HELLO_13_EXTENSIONS, 'TLS 1.3 ServerHello');

  // Resumption (RFC 8446 §2.2): the server took our ticket's PSK, or declined it for a full handshake.
  const resumed = acceptedTicket(serverHello, start.ticket13, suite.hash);

  // Key exchange: we offer only psk_dhe_ke, so there is a share even when resuming.
  const { group, sharedSecret } = keyExchange(start);

  // Handshake keys, from the PSK when resuming (the early secret), from zeros otherwise.
  const schedule = new KeySchedule13(provider, suite.hash, resumed?.psk);
  const keyLength = suite.aead === 'aes-128-gcm' ? 16 : 32;
  const protect = (secret: Uint8Array, maxPlaintext = MAX_PLAINTEXT): Tls13Protection => {
    const k = schedule.trafficKeys(secret, keyLength);
    return new Tls13Protection(provider.aead(suite.aead, k.key), k.iv, maxPlaintext);
  };
  const hs = schedule.handshakeSecrets(sharedSecret, transcript.hash());
  config.keyLog?.('CLIENT_HANDSHAKE_TRAFFIC_SECRET', ctx.random, hs.client);
  config.keyLog?.('SERVER_HANDSHAKE_TRAFFIC_SECRET', ctx.random, hs.server);
  layer.setReadProtection(protect(hs.server));

  // EncryptedExtensions, with the server's ALPS and record_size_limit.
  const ee = await readEncryptedExtensions(start);
  const alps = negotiateAlps(ee.extensions, config.spec, ctx, ee.alpn);
  // RFC 8449 §4: the limit counts TLSInnerPlaintext, whose content type byte takes one.
  const maxPlaintext = ee.recordSizeLimit ? Math.min(MAX_PLAINTEXT, ee.recordSizeLimit - 1) : MAX_PLAINTEXT;

  // Server authentication: Certificate and CertificateVerify, or the resumed session's.
  const auth = resumed ? resumedAuthentication(resumed) : await readServerAuthentication(start);

  // Server Finished.
  await readServerFinished(start, schedule, hs.server);
  const app = schedule.applicationSecrets(transcript.hash());
  config.keyLog?.('CLIENT_TRAFFIC_SECRET_0', ctx.random, app.client);
  config.keyLog?.('SERVER_TRAFFIC_SECRET_0', ctx.random, app.server);
  config.keyLog?.('EXPORTER_SECRET', ctx.random, app.exporter);

  // Our second flight: [EndOfEarlyData], then under the handshake keys [EncryptedExtensions with
  // ALPS], [empty Certificate], Finished.
  const early = earlyDataAccepted(ee, start, resumed !== undefined) ? protect(clientEarlySecret(start, schedule), maxPlaintext) : null;
  sendSecondFlight(start, schedule, hs.client, { early, handshake: protect(hs.client, maxPlaintext) }, alps, auth.certificateRequestContext);

  // Application keys.
  layer.setReadProtection(protect(app.server));
  layer.setWriteProtection(protect(app.client, maxPlaintext));

  // Post-handshake: tickets are kept, KeyUpdate is answered (RFC 8446 §4.6).
  const onPostHandshake = postHandshake13({
    config,
    layer,
    schedule,
    suite,
    keyLength,
    maxPlaintext,
    clientSecret: app.client,
    serverSecret: app.server,
    resumptionMaster: schedule.resumptionMasterSecret(transcript.hash()),
    ticketContext: {
      cipherSuite: suite.id,
      alpn: ee.alpn ?? null,
      peerCertificates: auth.peerCertificates,
      ...(auth.signatureScheme !== undefined ? { signatureScheme: auth.signatureScheme } : {}),
      verified: resumed ? resumed.verified : config.verify,
      host: config.host,
    },
  });

  return {
    version: 'TLSv1.3',
    cipherSuite: suite.id,
    alpnProtocol: ee.alpn ?? false,
    peerCertificates: auth.peerCertificates.map((c) => c.slice()),
    group,
    ...(auth.signatureScheme !== undefined ? { signatureScheme: auth.signatureScheme } : {}),
    resumed: resumed !== undefined,
    certificateCompression: auth.certificateCompression,
    helloRetried: ctx.retryGroup !== undefined || ctx.cookie !== undefined,
    alpsSettings: alps?.server ?? null,
    onPostHandshake,
  };
}

/** The (EC)DHE exchange: the server's share must be for a group we sent a share for. */
function keyExchange(start: HandshakeStart): { group: number; sharedSecret: Uint8Array } {
  const { serverHello, ctx } = start;
  const keyShareData = serverHello.extensions.get(ExtensionType.key_share);
  if (!keyShareData) throw fatal('missing_extension', 'ServerHello without key_share (PSK-only modes are not offered)');
  const ks = new ByteReader(keyShareData, 'ServerHello key_share');
  const group = ks.u16('group');
  const peerShare = ks.vec(2, 'key_exchange', 1);
  ks.end();
  const ours = start.keyShares.get(group);
  if (!ours || (ctx.retryGroup !== undefined && group !== ctx.retryGroup)) {
    throw fatal('illegal_parameter', `server key share for group 0x${group.toString(16)} that we did not send`);
  }
  return { group, sharedSecret: ours.deriveSecret(peerShare) };
}

async function readEncryptedExtensions(start: HandshakeStart): Promise<EncryptedExtensions> {
  const { layer, transcript } = start;
  const message = await layer.readHandshake();
  if (message.type !== HandshakeType.encryptedExtensions) throw fatal('unexpected_message', `expected EncryptedExtensions, got type ${message.type}`);
  const ee = parseEncryptedExtensions(message.body, start.offeredAlpn);
  checkOffered(ee.extensions, start.offeredExtensions, 'EncryptedExtensions');
  for (const forbidden of [ExtensionType.key_share, ExtensionType.supported_versions, ExtensionType.pre_shared_key, ExtensionType.signature_algorithms]) {
    if (ee.extensions.has(forbidden)) throw fatal('illegal_parameter', `EncryptedExtensions carries extension ${forbidden}`);
  }
  transcript.add(message.raw);
  return ee;
}

/**
 * A resumed handshake authenticates with the PSK: no Certificate, no CertificateVerify, and no
 * CertificateRequest either (RFC 8446 §4.3.2). The connection reports the original session's chain.
 */
function resumedAuthentication(ticket: SessionTicket13): ServerAuthentication {
  return {
    peerCertificates: ticket.peerCertificates,
    ...(ticket.signatureScheme !== undefined ? { signatureScheme: ticket.signatureScheme } : {}),
    certificateCompression: null,
    certificateRequestContext: null,
  };
}

/** Optional CertificateRequest, Certificate (perhaps compressed), CertificateVerify. */
async function readServerAuthentication(start: HandshakeStart): Promise<ServerAuthentication> {
  const { config, layer, transcript } = start;
  let message = await layer.readHandshake();
  let certificateRequestContext: Uint8Array | null = null;
  if (message.type === HandshakeType.certificateRequest) {
    certificateRequestContext = parseCertificateRequest13(message.body).context;
    transcript.add(message.raw);
    message = await layer.readHandshake();
  }
  let certificateBody: Uint8Array;
  let certificateCompression: number | null = null;
  if (message.type === HandshakeType.certificate) certificateBody = message.body;
  else if (message.type === HandshakeType.compressedCertificate && start.offeredCertificateCompression.length) {
    certificateBody = decompressCertificate(message.body, start.offeredCertificateCompression);
    certificateCompression = (message.body[0]! << 8) | message.body[1]!;
  } else throw fatal('unexpected_message', `expected Certificate, got type ${message.type}`);
  const certificate = parseCertificate13(certificateBody);
  if (certificate.requestContext.length !== 0) throw fatal('illegal_parameter', 'server Certificate with a request context');
  if (certificate.certificates.length === 0) throw fatal('decode_error', 'server sent an empty certificate list');
  // The leaf signs CertificateVerify: its keyUsage must allow it (RFC 5280 §4.2.1.3), as NSS and
  // BoringSSL require, even for an RSA key whose keyEncipherment would do for TLS 1.2's RSA exchange.
  const leaf = verifyServerCertificates(config, certificate.certificates, 'sign');
  transcript.add(message.raw);

  // CertificateVerify: the server proves it holds the leaf's key.
  message = await layer.readHandshake();
  if (message.type !== HandshakeType.certificateVerify) throw fatal('unexpected_message', `expected CertificateVerify, got type ${message.type}`);
  const cv = parseCertificateVerify(message.body);
  if (!start.offeredSchemes.includes(cv.scheme)) throw fatal('illegal_parameter', `CertificateVerify uses scheme 0x${cv.scheme.toString(16)} that we did not offer`);
  verifyHandshakeSignature(config, leaf, cv.scheme, certificateVerifyContent(transcript.hash()), cv.signature, true);
  transcript.add(message.raw);
  return { peerCertificates: certificate.certificates, signatureScheme: cv.scheme, certificateCompression, certificateRequestContext };
}

async function readServerFinished(start: HandshakeStart, schedule: KeySchedule13, serverSecret: Uint8Array): Promise<void> {
  const { layer, transcript } = start;
  const message = await layer.readHandshake();
  if (message.type !== HandshakeType.finished) throw fatal('unexpected_message', `expected Finished, got type ${message.type}`);
  const expected = schedule.finishedVerifyData(serverSecret, transcript.hash());
  if (!equalBytes(expected, message.body)) throw fatal('decrypt_error', 'server Finished does not verify');
  transcript.add(message.raw);
  if (layer.handshakePending) throw fatal('unexpected_message', 'handshake data after server Finished in the same key epoch');
}

/**
 * ChangeCipherSpec (unless one went before a second ClientHello), EndOfEarlyData under the early
 * keys when the server accepted early data, then under the client handshake keys: the client
 * EncryptedExtensions when ALPS was negotiated (BoringSSL sends it first), an empty Certificate
 * when one was asked for, and Finished. Each handshake message joins the transcript.
 */
function sendSecondFlight(...args: Parameters<typeof writeSecondFlight>): void {
  args[0].layer.flight(() => writeSecondFlight(...args));
}

function writeSecondFlight(
  start: HandshakeStart,
  schedule: KeySchedule13,
  clientSecret: Uint8Array,
  protection: { early: Tls13Protection | null; handshake: Tls13Protection },
  alps: NegotiatedAlps | null,
  certificateRequestContext: Uint8Array | null,
): void {
  const { layer, transcript, ctx } = start;
  const send = (message: Uint8Array): void => {
    layer.write(ContentType.handshake, message);
    transcript.add(message);
  };
  if (ctx.retryGroup === undefined && ctx.cookie === undefined) {
    // Middlebox compatibility (RFC 8446 §D.4): a plaintext record, written around the protection.
    layer.writeRaw(Uint8Array.of(ContentType.changeCipherSpec, 0x03, 0x03, 0x00, 0x01, 0x01));
  }
  if (protection.early) {
    layer.setWriteProtection(protection.early);
    send(handshakeMessage(HandshakeType.endOfEarlyData, new Uint8Array(0)));
  }
  layer.setWriteProtection(protection.handshake);
  if (alps) send(clientEncryptedExtensions(alps));
  if (certificateRequestContext) {
    const body = new Uint8Array(1 + certificateRequestContext.length + 3);
    body[0] = certificateRequestContext.length;
    body.set(certificateRequestContext, 1);
    send(handshakeMessage(HandshakeType.certificate, body));
  }
  send(handshakeMessage(HandshakeType.finished, schedule.finishedVerifyData(clientSecret, transcript.hash())));
}

import { fatal } from './alerts.js';
import { cipherSuite } from './cipher-suites.js';
import { ContentType, ExtensionType, HandshakeType } from './constants.js';
import type { HandshakeResult, HandshakeStart } from './handshake-types.js';
import { KeySchedule13 } from './key-schedule.js';
import { checkOffered } from './messages/extensions.js';
import { parseEncryptedExtensions } from './messages/encrypted-extensions.js';
import { parseCertificate13 } from './messages/certificate13.js';
import { decompressCertificate } from './messages/compressed-certificate.js';
import { certificateVerifyContent, parseCertificateVerify } from './messages/certificate-verify.js';
import { parseCertificateRequest13 } from './messages/certificate-request.js';
import { parseNewSessionTicket13 } from './messages/new-session-ticket.js';
import { handshakeMessage } from './record/record-layer.js';
import { Tls13Protection } from './record/protection13.js';
import { verifyServerCertificates, verifyHandshakeSignature } from './server-auth.js';
import { ByteReader } from './wire/reader.js';
import { equalBytes } from './wire/writer.js';

/**
 * The TLS 1.3 client handshake after the ServerHello (RFC 8446 §2, §4), one step after another:
 * key exchange, handshake keys, EncryptedExtensions, Certificate, CertificateVerify, Finished,
 * our Finished, application keys.
 */
export async function completeHandshake13(start: HandshakeStart): Promise<HandshakeResult> {
  const { config, layer, transcript, serverHello, ctx } = start;
  const { provider } = config;
  const suite = cipherSuite(serverHello.cipherSuite);
  if (!suite || suite.version !== 'tls13') throw fatal('illegal_parameter', 'TLS 1.3 ServerHello with a TLS 1.2 cipher suite');
  transcript.start(suite.hash);
  layer.tls13 = true;
  checkOffered(serverHello.extensions, start.offeredExtensions, 'ServerHello');

  // Key exchange: the server's share must be for a group we sent a share for.
  const keyShareData = serverHello.extensions.get(ExtensionType.keyShare);
  if (!keyShareData) throw fatal('missing_extension', 'ServerHello without key_share (PSK-only modes are not offered)');
  const ks = new ByteReader(keyShareData, 'ServerHello key_share');
  const group = ks.u16('group');
  const peerShare = ks.vec(2, 'key_exchange', 1);
  ks.end();
  const ours = start.keyShares.get(group);
  if (!ours || (ctx.retryGroup !== undefined && group !== ctx.retryGroup)) {
    throw fatal('illegal_parameter', `server key share for group 0x${group.toString(16)} that we did not send`);
  }
  const sharedSecret = ours.deriveSecret(peerShare);

  // Handshake keys.
  const schedule = new KeySchedule13(provider, suite.hash);
  const hs = schedule.handshakeSecrets(sharedSecret, transcript.hash());
  const keyLength = suite.aead === 'aes-128-gcm' ? 16 : 32;
  const serverHsKeys = schedule.trafficKeys(hs.server, keyLength);
  const clientHsKeys = schedule.trafficKeys(hs.client, keyLength);
  config.keyLog?.('CLIENT_HANDSHAKE_TRAFFIC_SECRET', ctx.random, hs.client);
  config.keyLog?.('SERVER_HANDSHAKE_TRAFFIC_SECRET', ctx.random, hs.server);
  layer.setReadProtection(new Tls13Protection(provider.aead(suite.aead, serverHsKeys.key), serverHsKeys.iv));

  // EncryptedExtensions.
  let message = await layer.readHandshake();
  if (message.type !== HandshakeType.encryptedExtensions) throw fatal('unexpected_message', `expected EncryptedExtensions, got type ${message.type}`);
  const ee = parseEncryptedExtensions(message.body, start.offeredAlpn);
  checkOffered(ee.extensions, start.offeredExtensions, 'EncryptedExtensions');
  for (const forbidden of [ExtensionType.keyShare, ExtensionType.supportedVersions, ExtensionType.preSharedKey, ExtensionType.signatureAlgorithms]) {
    if (ee.extensions.has(forbidden)) throw fatal('illegal_parameter', `EncryptedExtensions carries extension ${forbidden}`);
  }
  transcript.add(message.raw);

  // Optional CertificateRequest, then Certificate.
  message = await layer.readHandshake();
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
  const leaf = verifyServerCertificates(config, certificate.certificates);
  transcript.add(message.raw);

  // CertificateVerify: the server proves it holds the leaf's key.
  message = await layer.readHandshake();
  if (message.type !== HandshakeType.certificateVerify) throw fatal('unexpected_message', `expected CertificateVerify, got type ${message.type}`);
  const cv = parseCertificateVerify(message.body);
  if (!start.offeredSchemes.includes(cv.scheme)) throw fatal('illegal_parameter', `CertificateVerify uses scheme 0x${cv.scheme.toString(16)} that we did not offer`);
  verifyHandshakeSignature(config, leaf, cv.scheme, certificateVerifyContent(transcript.hash()), cv.signature, true);
  transcript.add(message.raw);

  // Server Finished.
  message = await layer.readHandshake();
  if (message.type !== HandshakeType.finished) throw fatal('unexpected_message', `expected Finished, got type ${message.type}`);
  const expected = schedule.finishedVerifyData(hs.server, transcript.hash());
  if (!equalBytes(expected, message.body)) throw fatal('decrypt_error', 'server Finished does not verify');
  transcript.add(message.raw);
  if (layer.handshakePending) throw fatal('unexpected_message', 'handshake data after server Finished in the same key epoch');

  const app = schedule.applicationSecrets(transcript.hash());
  config.keyLog?.('CLIENT_TRAFFIC_SECRET_0', ctx.random, app.client);
  config.keyLog?.('SERVER_TRAFFIC_SECRET_0', ctx.random, app.server);
  config.keyLog?.('EXPORTER_SECRET', ctx.random, app.exporter);

  // Our second flight: ChangeCipherSpec (unless sent before a second ClientHello), then
  // (if asked) an empty Certificate, then Finished.
  if (ctx.retryGroup === undefined && ctx.cookie === undefined) {
    layer.writeRaw(Uint8Array.of(ContentType.changeCipherSpec, 0x03, 0x03, 0x00, 0x01, 0x01));
  }
  layer.setWriteProtection(new Tls13Protection(provider.aead(suite.aead, clientHsKeys.key), clientHsKeys.iv));
  if (certificateRequestContext) {
    const body = new Uint8Array(1 + certificateRequestContext.length + 3);
    body[0] = certificateRequestContext.length;
    body.set(certificateRequestContext, 1);
    const emptyCertificate = handshakeMessage(HandshakeType.certificate, body);
    layer.write(ContentType.handshake, emptyCertificate);
    transcript.add(emptyCertificate);
  }
  const finished = handshakeMessage(HandshakeType.finished, schedule.finishedVerifyData(hs.client, transcript.hash()));
  layer.write(ContentType.handshake, finished);
  transcript.add(finished);

  const serverAppKeys = schedule.trafficKeys(app.server, keyLength);
  const clientAppKeys = schedule.trafficKeys(app.client, keyLength);
  const maxPlaintext = ee.recordSizeLimit ? Math.min(16384, ee.recordSizeLimit - 1) : 16384;
  layer.setReadProtection(new Tls13Protection(provider.aead(suite.aead, serverAppKeys.key), serverAppKeys.iv));
  layer.setWriteProtection(new Tls13Protection(provider.aead(suite.aead, clientAppKeys.key), clientAppKeys.iv, maxPlaintext));
  const resumptionMaster = schedule.resumptionMasterSecret(transcript.hash());

  // Post-handshake: tickets are kept, KeyUpdate is answered (RFC 8446 §4.6).
  let serverSecret = app.server;
  let clientSecret = app.client;
  const tickets: ReturnType<typeof parseNewSessionTicket13>[] = [];
  const onPostHandshake = (type: number, body: Uint8Array): void => {
    if (type === HandshakeType.newSessionTicket) {
      const ticket = parseNewSessionTicket13(body);
      tickets.push(ticket);
      config.onTicket?.({ ...ticket, psk: schedule.ticketPsk(resumptionMaster, ticket.nonce), cipherSuite: suite.id, receivedAt: config.clock.now(), alpn: ee.alpn ?? null });
      return;
    }
    if (type === HandshakeType.keyUpdate) {
      const r = new ByteReader(body, 'KeyUpdate');
      const requested = r.u8('request_update');
      r.end();
      if (requested > 1) throw fatal('illegal_parameter', `KeyUpdate request_update ${requested}`);
      if (layer.handshakePending) throw fatal('unexpected_message', 'KeyUpdate not at a record boundary');
      serverSecret = schedule.nextTrafficSecret(serverSecret);
      const k = schedule.trafficKeys(serverSecret, keyLength);
      layer.setReadProtection(new Tls13Protection(provider.aead(suite.aead, k.key), k.iv));
      if (requested === 1) {
        layer.write(ContentType.handshake, handshakeMessage(HandshakeType.keyUpdate, Uint8Array.of(0)));
        clientSecret = schedule.nextTrafficSecret(clientSecret);
        const c = schedule.trafficKeys(clientSecret, keyLength);
        layer.setWriteProtection(new Tls13Protection(provider.aead(suite.aead, c.key), c.iv, maxPlaintext));
      }
      return;
    }
    throw fatal('unexpected_message', `unexpected post-handshake message type ${type}`);
  };

  return {
    version: 'TLSv1.3',
    cipherSuite: suite.id,
    alpnProtocol: ee.alpn ?? false,
    peerCertificates: certificate.certificates.map((c) => c.slice()),
    group,
    signatureScheme: cv.scheme,
    resumed: false,
    certificateCompression,
    helloRetried: ctx.retryGroup !== undefined || ctx.cookie !== undefined,
    onPostHandshake,
  };
}

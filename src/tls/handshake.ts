import { fatal } from './alerts.js';
import type { RandomSource } from './crypto/provider.js';
import { cipherSuite } from '../vocabulary/cipher-suites.js';
import { ContentType, DOWNGRADE_TLS11, DOWNGRADE_TLS12, HandshakeType } from './constants.js';
import { ExtensionType } from '../vocabulary/extension-types.js';
import { buildClientHello } from './hello/build.js';
import type { HelloContext } from './hello/context.js';
import { extensionCodepoint, extensionOmitted } from './hello/encoders.js';
import { drawHelloContext, type HelloChoices } from './hello/draw-context.js';
import { GREASE, type ClientHelloSpec, type ExtensionSpec } from '../vocabulary/hello-spec.js';
import type { HandshakeConfig, HandshakeResult, HandshakeStart } from './handshake-types.js';
import { handshake12 } from './handshake12.js';
import { completeHandshake13 } from './handshake13.js';
import { parseServerHello, type ServerHello } from './messages/server-hello.js';
import { bindHello, pskOffer, ticketHash } from './psk13.js';
import { session12Offer } from './session12.js';
import { pskExtension, takeTicket13 } from './session13.js';
import type { RecordLayer } from './record/record-layer.js';
import { Transcript } from './transcript.js';
import { ByteReader } from './wire/reader.js';
import { equalBytes } from './wire/writer.js';
import { freshKeyShare, refillKeyShares } from './key-share-pool.js';
import { helloKeyShares } from './hello/key-shares.js';
import { handshakeRandom } from './random.js';

/** Per-connection choices a caller may pin (replaying a capture); drawn at random otherwise. */
export type HelloOverrides = Omit<HelloChoices, 'resume'>;

function specExtension<T extends ExtensionSpec['type']>(spec: ClientHelloSpec, type: T): Extract<ExtensionSpec, { type: T }> | undefined {
  return spec.extensions.find((e): e is Extract<ExtensionSpec, { type: T }> => e.type === type);
}

function offersTls13(spec: ClientHelloSpec): boolean {
  return specExtension(spec, 'supported_versions')?.versions.includes(0x0304) ?? false;
}

/**
 * Runs a client handshake on `layer`: sends the ClientHello built from the spec, reads the
 * ServerHello (answering one HelloRetryRequest), then completes TLS 1.3 or TLS 1.2 as the server
 * chose.
 */
export async function runHandshake(layer: RecordLayer, shared: HandshakeConfig, overrides: HelloOverrides): Promise<HandshakeResult> {
  try {
    return await handshake(layer, shared, overrides);
  } finally {
    // The shares this handshake took are replaced in idle turns, ready for the next connection.
    refillKeyShares(shared.provider, shared.random);
  }
}

async function handshake(layer: RecordLayer, shared: HandshakeConfig, overrides: HelloOverrides): Promise<HandshakeResult> {
  // A private copy: a HelloRetryRequest cookie adds an extension to this connection's spec only.
  // The CSPRNG is read once for the whole handshake (an injected source is kept as it is).
  const config: HandshakeConfig = { ...shared, spec: structuredClone(shared.spec), random: handshakeRandom(shared.random) };
  const { spec, provider, random } = config;
  const keyShares = helloKeyShares(spec, (g) => freshKeyShare(provider, random, g));
  // A TLS 1.3 ticket is offered as a PSK. Otherwise a cached TLS 1.2 session is offered by its
  // session id, and its ticket when it has one: a browser resumes the version it last spoke, never
  // both (BoringSSL keeps one session per server; a 1.3 one gets a fresh compatibility session id).
  const ticket13 = takeTicket13(config);
  const resume = ticket13 ? undefined : session12Offer(config);
  // Chrome's GREASE enc is a real X25519 public key (BoringSSL setup_ech_grease: X25519_keypair),
  // which 32 random bytes are not: half of those have the top bit set, which a u-coordinate below
  // 2^255-19 never has, and about half the rest are points of the twist. So a real key, from the pool.
  const echKeys = { generateKeyShare: (g: number, r: RandomSource) => freshKeyShare(provider, r, g) };
  const ctx = drawHelloContext(spec, random, keyShares, echKeys, { ...overrides, ...(resume ? { resume } : {}) });
  const pskSpec = pskExtension(spec);
  if (ticket13 && pskSpec) ctx.psk = pskOffer(ticket13, pskSpec, config.clock.now());
  const transcript = new Transcript(provider);
  let hello = buildClientHello(spec, ctx);
  if (ticket13 && ctx.psk) bindHello(provider, hello, ticket13, []);
  layer.write(ContentType.handshake, hello.message);
  layer.recordVersion = 0x0303;
  transcript.add(hello.message);

  const offeredAlpn = ctx.alpn ?? specExtension(spec, 'alpn')?.protocols ?? [];
  const offeredSchemes = (specExtension(spec, 'signature_algorithms')?.schemes ?? []).filter((s): s is number => s !== GREASE);
  const offeredExtensions = new Set(
    spec.extensions.filter((e) => !extensionOmitted(e, ctx, false)).map((e) => extensionCodepoint(e, ctx)),
  );

  let message = await layer.readHandshake();
  if (message.type !== HandshakeType.serverHello) throw fatal('unexpected_message', `expected ServerHello, got handshake type ${message.type}`);
  let serverHello = parseServerHello(message.body);
  checkServerHello(serverHello, spec, ctx);

  if (serverHello.isHelloRetryRequest) {
    const retry = prepareRetry(serverHello, spec, ctx, keyShares, offeredExtensions);
    const suite = cipherSuite(serverHello.cipherSuite)!;
    transcript.replaceWithMessageHash(suite.hash);
    transcript.add(message.raw);
    if (retry.group !== undefined) keyShares.set(retry.group, freshKeyShare(provider, random, retry.group));
    // The PSK stays only if its hash fits the suite the server chose (BoringSSL drops it otherwise);
    // its age and binder are computed afresh, the binder over the new transcript (RFC 8446 §4.1.2).
    if (ticket13 && pskSpec && ticketHash(ticket13) === suite.hash) ctx.psk = pskOffer(ticket13, pskSpec, config.clock.now());
    else delete ctx.psk;
    hello = buildClientHello(spec, ctx, true);
    if (ticket13 && ctx.psk) bindHello(provider, hello, ticket13, transcript.messages);
    // Middlebox compatibility: the ChangeCipherSpec goes before the second ClientHello (RFC 8446
    // §D.4), in the same socket write.
    const secondHello = hello.message;
    layer.flight(() => {
      layer.writeRaw(Uint8Array.of(ContentType.changeCipherSpec, 0x03, 0x03, 0x00, 0x01, 0x01));
      layer.write(ContentType.handshake, secondHello);
    });
    transcript.add(hello.message);
    message = await layer.readHandshake();
    if (message.type !== HandshakeType.serverHello) throw fatal('unexpected_message', `expected ServerHello, got handshake type ${message.type}`);
    const second = parseServerHello(message.body);
    checkServerHello(second, spec, ctx);
    if (second.isHelloRetryRequest) throw fatal('unexpected_message', 'second HelloRetryRequest');
    if (second.cipherSuite !== serverHello.cipherSuite) throw fatal('illegal_parameter', 'ServerHello changed the cipher suite chosen in HelloRetryRequest');
    if (second.version !== 0x0304) throw fatal('illegal_parameter', 'ServerHello after HelloRetryRequest is not TLS 1.3');
    serverHello = second;
  }
  transcript.add(message.raw);

  const start: HandshakeStart = {
    config,
    layer,
    transcript,
    ctx,
    hello,
    serverHello,
    offeredExtensions,
    offeredAlpn,
    offeredSchemes,
    offeredCertificateCompression: specExtension(spec, 'compress_certificate')?.algorithms ?? [],
    keyShares,
    ...(resume ? { session12: resume.session } : {}),
    ...(ticket13 && ctx.psk ? { ticket13 } : {}),
  };
  if (serverHello.version === 0x0304) return completeHandshake13(start);
  return handshake12(start);
}

/** Checks that hold for any ServerHello: versions, suite, session id echo, downgrade sentinels. */
function checkServerHello(sh: ServerHello, spec: ClientHelloSpec, ctx: HelloContext): void {
  const versions = (specExtension(spec, 'supported_versions')?.versions ?? [spec.legacyVersion]).filter((v): v is number => v !== GREASE);
  const suites = spec.cipherSuites.filter((c): c is number => c !== GREASE);
  if (!versions.includes(sh.version)) throw fatal('protocol_version', `server chose version 0x${sh.version.toString(16)} that we did not offer`);
  // Browsers still list TLS 1.0/1.1 in old profiles (Safari); we speak neither, so refuse clearly.
  if (sh.version < 0x0303) throw fatal('protocol_version', `server chose TLS ${sh.version === 0x0302 ? '1.1' : sh.version === 0x0301 ? '1.0' : `0x${sh.version.toString(16)}`}, which this client does not speak`);
  if (!suites.includes(sh.cipherSuite)) throw fatal('illegal_parameter', `server chose cipher suite 0x${sh.cipherSuite.toString(16)} that we did not offer`);
  const suite = cipherSuite(sh.cipherSuite);
  if (!suite) throw fatal('handshake_failure', `cipher suite 0x${sh.cipherSuite.toString(16)} is offered for fidelity but not implemented`);
  const tls13 = sh.version === 0x0304;
  if ((suite.version === 'tls13') !== tls13) throw fatal('illegal_parameter', `cipher suite ${suite.name} does not belong to the negotiated version`);
  if (tls13) {
    if (sh.legacyVersion !== 0x0303) throw fatal('illegal_parameter', 'TLS 1.3 ServerHello with legacy_version other than 0x0303');
    if (!equalBytes(sh.sessionId, ctx.sessionId)) throw fatal('illegal_parameter', 'ServerHello does not echo our session id');
  } else {
    if (sh.extensions.has(ExtensionType.supported_versions)) throw fatal('illegal_parameter', 'TLS 1.2 ServerHello carries supported_versions');
    // RFC 8446 §4.1.3: a 1.3-capable client must refuse a 1.2 answer that carries the downgrade sentinel.
    const tail = sh.random.subarray(24);
    if (offersTls13(spec) && (equalBytes(tail, DOWNGRADE_TLS12) || equalBytes(tail, DOWNGRADE_TLS11))) {
      throw fatal('illegal_parameter', 'downgrade sentinel in ServerHello.random: a TLS 1.3 server answered with TLS 1.2');
    }
  }
}

/** Validates a HelloRetryRequest and updates the hello context for the second ClientHello. */
function prepareRetry(
  hrr: ServerHello,
  spec: ClientHelloSpec,
  ctx: HelloContext,
  keyShares: Map<number, unknown>,
  offeredExtensions: Set<number>,
): { group?: number } {
  if (hrr.version !== 0x0304) throw fatal('illegal_parameter', 'HelloRetryRequest for a version other than TLS 1.3');
  const allowed = new Set([ExtensionType.key_share, ExtensionType.cookie, ExtensionType.supported_versions]);
  for (const type of hrr.extensions.keys()) {
    if (!allowed.has(type as 51) || (type !== ExtensionType.cookie && !offeredExtensions.has(type))) {
      throw fatal('unsupported_extension', `HelloRetryRequest carries extension ${type}`);
    }
  }
  let group: number | undefined;
  const ks = hrr.extensions.get(ExtensionType.key_share);
  if (ks) {
    const r = new ByteReader(ks, 'HelloRetryRequest key_share');
    group = r.u16('selected_group');
    r.end();
    const offeredGroups = specExtension(spec, 'supported_groups')?.groups ?? [];
    if (!offeredGroups.includes(group)) throw fatal('illegal_parameter', `HelloRetryRequest asks for group 0x${group.toString(16)} that we did not offer`);
    if (keyShares.has(group)) throw fatal('illegal_parameter', 'HelloRetryRequest asks for a group we already sent a share for');
    ctx.retryGroup = group;
  }
  const cookie = hrr.extensions.get(ExtensionType.cookie);
  if (cookie) {
    const r = new ByteReader(cookie, 'cookie');
    ctx.cookie = r.vec(2, 'cookie', 1).slice();
    r.end();
    if (!spec.extensions.some((e) => e.type === 'cookie')) {
      // The spec has no slot for it: the cookie goes right after key_share, as BoringSSL sends it.
      const at = spec.extensions.findIndex((e) => e.type === 'key_share');
      spec.extensions.splice(at + 1, 0, { type: 'cookie' });
      ctx.extensionOrder = ctx.extensionOrder.map((i) => (i > at ? i + 1 : i));
      ctx.extensionOrder.splice(ctx.extensionOrder.indexOf(at) + 1, 0, at + 1);
    }
  }
  if (group === undefined && !cookie) throw fatal('illegal_parameter', 'HelloRetryRequest that would not change the ClientHello');
  return group === undefined ? {} : { group };
}

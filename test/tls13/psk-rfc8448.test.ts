// RFC 8448 §3 → §4: the ticket of the simple handshake, resumed. Known answers for the PSK, the
// ClientHello our builder writes for it (padding counting the PSK, pre_shared_key last, the age
// obfuscated), its binder, and the resumed key schedule up to the server's Finished.
import { createPrivateKey, createPublicKey, diffieHellman } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseClientHello } from '../../src/fingerprint/index.js';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import type { KeyShare } from '../../src/tls/crypto/provider.js';
import type { SessionTicket13 } from '../../src/tls/handshake-types.js';
import { buildClientHello } from '../../src/tls/hello/build.js';
import { fixedGrease } from '../../src/tls/hello/grease.js';
import type { ClientHelloSpec, ExtensionSpec } from '../../src/vocabulary/hello-spec.js';
import { KeySchedule13 } from '../../src/tls/key-schedule.js';
import { parseNewSessionTicket13 } from '../../src/tls/messages/new-session-ticket.js';
import { parseServerHello } from '../../src/tls/messages/server-hello.js';
import { acceptedTicket, bindHello, pskBinder, pskOffer } from '../../src/tls/psk13.js';
import { Transcript } from '../../src/tls/transcript.js';
import { fromHex, hex } from '../../src/tls/wire/writer.js';

// §3, the handshake that issued the ticket (the messages the resumption secret hashes).
const s3 = [
  '010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c00024001',
  '020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304',
  '080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000',
  '0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b0603551d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b42b4de10000',
  '0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3',
  '140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718',
  '14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61',
].map(fromHex);
const s3SharedSecret = fromHex('8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d');
const newSessionTicket = fromHex(
  '040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d3570008002a000400000400',
);

// §4, the resumed handshake.
const helloPrefix = fromHex(
  '010001fc03031bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d95000006130113031302010001cd0000000b0009000006736572766572ff01000100000a00140012001d00170018001901000101010201030104003300260024001d0020e4ffb68ac05f8d96c99da26698346c6be16482badddafe051a66b4f18d668f0b002a0000002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c0002400100150057000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002900dd00b800b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d357fad6aacb',
);
const binder = '3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d';
const serverHello = fromHex(
  '0200005c03033ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f559ea2d00130100003400290002000000330024001d0020121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31002b00020304',
);
const encryptedExtensions = fromHex('080000280026000a00140012001d00170018001901000101010201030104001c0002400100000000002a0000');
const serverFinished = fromHex('1400002048d3e0e1b3d907c6acff145e16090388c77b05c050b634ab1a88bbd0dd1a34b2');
const clientPrivate = 'bff91188283846dd6a2134ef7180ca2b0b14fb10dce707b5098c0dddc813b2df';
const clientPublic = fromHex('e4ffb68ac05f8d96c99da26698346c6be16482badddafe051a66b4f18d668f0b');

const signatureSchemes = [0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202];
const pskExtension: Extract<ExtensionSpec, { type: 'pre_shared_key' }> = { type: 'pre_shared_key', ticketAge: 'milliseconds' };
const resumedSpec: ClientHelloSpec = {
  recordVersion: 0x0301,
  legacyVersion: 0x0303,
  cipherSuites: [0x1301, 0x1303, 0x1302],
  compressionMethods: [0],
  sessionIdLength: 0,
  permuteExtensions: false,
  extensions: [
    { type: 'server_name' },
    { type: 'renegotiation_info' },
    { type: 'supported_groups', groups: [0x1d, 0x17, 0x18, 0x19, 0x100, 0x101, 0x102, 0x103, 0x104] },
    { type: 'key_share', groups: [0x1d] },
    { type: 'early_data' },
    { type: 'supported_versions', versions: [0x0304] },
    { type: 'signature_algorithms', schemes: signatureSchemes },
    { type: 'psk_key_exchange_modes', modes: [1] },
    { type: 'record_size_limit', limit: 0x4001 },
    { type: 'padding', rule: 'boringssl' },
    pskExtension,
  ],
};

/** X25519 from raw keys, through node:crypto's JWK import. */
function x25519(privateHex: string, peerPublic: Uint8Array): Uint8Array {
  const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: b64(fromHex(privateHex)), x: b64(clientPublic) }, format: 'jwk' });
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64(peerPublic) }, format: 'jwk' });
  return new Uint8Array(diffieHellman({ privateKey, publicKey }));
}

/** The §3 ticket as our client keeps it, received at `receivedAt`. */
function section3Ticket(receivedAt: number): SessionTicket13 {
  const transcript = new Transcript(defaultProvider);
  const schedule = new KeySchedule13(defaultProvider, 'sha256');
  transcript.add(s3[0]!);
  transcript.add(s3[1]!);
  transcript.start('sha256');
  schedule.handshakeSecrets(s3SharedSecret, transcript.hash());
  for (const m of s3.slice(2, 6)) transcript.add(m);
  schedule.applicationSecrets(transcript.hash());
  transcript.add(s3[6]!);
  const resumptionMaster = schedule.resumptionMasterSecret(transcript.hash());
  expect(hex(resumptionMaster)).toBe('7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c');
  const nst = parseNewSessionTicket13(newSessionTicket.subarray(4));
  return {
    ...nst,
    psk: schedule.ticketPsk(resumptionMaster, nst.nonce),
    cipherSuite: 0x1301,
    receivedAt,
    alpn: null,
    peerCertificates: [],
    verified: true,
    host: 'server',
  };
}

describe('RFC 8448 §4 resumption, from the §3 ticket', () => {
  it('derives the ticket PSK from the resumption master secret and the ticket nonce', () => {
    const ticket = section3Ticket(0);
    expect(ticket.lifetime).toBe(30);
    expect(ticket.ageAdd).toBe(0xfad6aac5);
    expect(ticket.maxEarlyData).toBe(1024);
    expect(hex(ticket.psk)).toBe('4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3');
  });

  it('builds the resumed ClientHello byte for byte: padding counts the PSK, pre_shared_key last, the binder patched in', () => {
    const receivedAt = 1_700_000_000_000;
    const ticket = section3Ticket(receivedAt);
    const share: KeyShare = { group: 0x1d, publicKey: clientPublic, deriveSecret: () => new Uint8Array(32) };
    // The trace's obfuscated age is ticket_age_add + 6: the client resumed 6 ms after the ticket came.
    const psk = pskOffer(ticket, pskExtension, receivedAt + 6);
    expect(psk.obfuscatedTicketAge).toBe(0xfad6aacb);
    const hello = buildClientHello(resumedSpec, {
      random: fromHex('1bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d95'),
      sessionId: new Uint8Array(0),
      serverName: 'server',
      keyShares: new Map([[0x1d, share]]),
      grease: fixedGrease({}),
      randomSource: { bytes: (n) => new Uint8Array(n) },
      extensionOrder: resumedSpec.extensions.map((_, i) => i),
      psk,
    });
    expect(hello.bindersOffset).toBe(helloPrefix.length);
    expect(hex(hello.message.subarray(0, hello.bindersOffset))).toBe(hex(helloPrefix));
    expect(hex(pskBinder(defaultProvider, ticket, [], helloPrefix))).toBe(binder);
    bindHello(defaultProvider, hello, ticket, []);
    expect(hex(hello.message)).toBe(`${hex(helloPrefix)}002120${binder}`);
    // The annotated dump shows the binder that went out, not the placeholder.
    expect(hello.writer.explain()).toContain(binder.slice(0, 32));
  });

  it('leaves the padding out when the PSK takes the hello past 511 bytes (BoringSSL counts psk_extension_len)', () => {
    const ticket = { ...section3Ticket(0), ticket: new Uint8Array(300).fill(1) };
    const share: KeyShare = { group: 0x1d, publicKey: clientPublic, deriveSecret: () => new Uint8Array(32) };
    const build = (withPsk: boolean) =>
      buildClientHello(resumedSpec, {
        random: new Uint8Array(32),
        sessionId: new Uint8Array(0),
        serverName: `${'a'.repeat(100)}.example`,
        keyShares: new Map([[0x1d, share]]),
        grease: fixedGrease({}),
        randomSource: { bytes: (n) => new Uint8Array(n) },
        extensionOrder: resumedSpec.extensions.map((_, i) => i),
        ...(withPsk ? { psk: pskOffer(ticket, pskExtension, 0) } : {}),
      });
    const types = (message: Uint8Array) => parseClientHello(message).extensions.map((e) => e.type);
    // Without the PSK the hello falls in 256..511 bytes and is padded to 512.
    const withoutPsk = build(false);
    expect(withoutPsk.message.length).toBe(512);
    expect(types(withoutPsk.message)).toContain(0x15);
    const withPsk = build(true);
    expect(withPsk.message.length).toBeGreaterThan(512);
    expect(types(withPsk.message)).not.toContain(0x15);
    expect(types(withPsk.message).at(-1)).toBe(41);
  });

  it('accepts the server pre_shared_key and runs the resumed key schedule to the server Finished', () => {
    const ticket = section3Ticket(0);
    const sh = parseServerHello(serverHello.subarray(4));
    expect(acceptedTicket(sh, ticket, 'sha256')).toBe(ticket);
    const transcript = new Transcript(defaultProvider);
    transcript.add(new Uint8Array([...helloPrefix, 0x00, 0x21, 0x20, ...fromHex(binder)]));
    transcript.add(serverHello);
    transcript.start('sha256');
    const schedule = new KeySchedule13(defaultProvider, 'sha256', ticket.psk);
    expect(hex(schedule.earlySecret)).toBe('9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c');
    const shared = x25519(clientPrivate, fromHex('121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31'));
    const hs = schedule.handshakeSecrets(shared, transcript.hash());
    transcript.add(encryptedExtensions);
    expect(hex(schedule.finishedVerifyData(hs.server, transcript.hash()))).toBe(hex(serverFinished.subarray(4)));
  });

  it('refuses a pre_shared_key we did not offer, a second identity, or a suite of another hash', () => {
    const ticket = section3Ticket(0);
    const sh = parseServerHello(serverHello.subarray(4));
    expect(() => acceptedTicket(sh, undefined, 'sha256')).toThrow(/offered no PSK/);
    expect(() => acceptedTicket(sh, ticket, 'sha384')).toThrow(/hash differs/);
    const second = parseServerHello(serverHello.subarray(4));
    second.extensions.set(41, Uint8Array.of(0, 1));
    expect(() => acceptedTicket(second, ticket, 'sha256')).toThrow(/identity 1/);
    const none = parseServerHello(serverHello.subarray(4));
    none.extensions.delete(41);
    expect(acceptedTicket(none, ticket, 'sha256')).toBeUndefined();
  });
});

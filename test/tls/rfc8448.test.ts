// RFC 8448 §3 "Simple 1-RTT Handshake": our ClientHello builder, ServerHello parser, transcript and
// key schedule reproduce the trace's bytes and secrets.
import { describe, expect, it } from 'vitest';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import type { KeyShare } from '../../src/tls/crypto/provider.js';
import { buildClientHello } from '../../src/tls/hello/build.js';
import { fixedGrease } from '../../src/tls/hello/grease.js';
import type { ClientHelloSpec } from '../../src/vocabulary/hello-spec.js';
import { KeySchedule13 } from '../../src/tls/key-schedule.js';
import { certificateVerifyContent, parseCertificateVerify } from '../../src/tls/messages/certificate-verify.js';
import { parseCertificate13 } from '../../src/tls/messages/certificate13.js';
import { parseServerHello } from '../../src/tls/messages/server-hello.js';
import { signatureScheme } from '../../src/tls/signature-schemes.js';
import { Transcript } from '../../src/tls/transcript.js';
import { fromHex, hex } from '../../src/tls/wire/writer.js';
import { parseCertificate } from '../../src/tls/x509/certificate.js';

const clientHello = fromHex(
  '010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c00024001',
);
const serverHello = fromHex(
  '020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304',
);
const sharedSecret = fromHex('8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d');
const encryptedExtensions = fromHex('080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000');
const certificate = fromHex(
  '0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b0603551d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b42b4de10000',
);
const certificateVerify = fromHex(
  '0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3',
);
const serverFinished = fromHex('140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718');

/** The trace's ClientHello written as a spec: the builder must reproduce it byte for byte. */
const rfc8448Spec: ClientHelloSpec = {
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
    { type: 'session_ticket' },
    { type: 'key_share', groups: [0x1d] },
    { type: 'supported_versions', versions: [0x0304] },
    {
      type: 'signature_algorithms',
      schemes: [0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202],
    },
    { type: 'psk_key_exchange_modes', modes: [1] },
    { type: 'record_size_limit', limit: 0x4001 },
  ],
};

describe('RFC 8448 simple 1-RTT handshake', () => {
  it('builds the trace ClientHello byte for byte from a spec', () => {
    const x25519: KeyShare = {
      group: 0x1d,
      publicKey: fromHex('99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c'),
      deriveSecret: () => sharedSecret,
    };
    const built = buildClientHello(rfc8448Spec, {
      random: fromHex('cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7'),
      sessionId: new Uint8Array(0),
      serverName: 'server',
      keyShares: new Map([[0x1d, x25519]]),
      grease: fixedGrease({}),
      randomSource: { bytes: (n) => new Uint8Array(n) },
      extensionOrder: rfc8448Spec.extensions.map((_, i) => i),
    });
    expect(hex(built.message)).toBe(hex(clientHello));
    expect(built.writer.explain()).toContain('"server"');
  });

  it('derives the trace secrets, keys and Finished values', () => {
    const p = defaultProvider;
    const sh = parseServerHello(serverHello.subarray(4));
    expect(sh.cipherSuite).toBe(0x1301);
    expect(sh.version).toBe(0x0304);
    expect(sh.isHelloRetryRequest).toBe(false);

    const transcript = new Transcript(p);
    transcript.add(clientHello);
    transcript.add(serverHello);
    transcript.start('sha256');
    expect(hex(transcript.hash())).toBe('860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8');

    const schedule = new KeySchedule13(p, 'sha256');
    expect(hex(schedule.earlySecret)).toBe('33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a');
    const hs = schedule.handshakeSecrets(sharedSecret, transcript.hash());
    expect(hex(hs.client)).toBe('b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21');
    expect(hex(hs.server)).toBe('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38');
    const serverKeys = schedule.trafficKeys(hs.server, 16);
    expect(hex(serverKeys.key)).toBe('3fce516009c21727d0f2e4e86ee403bc');
    expect(hex(serverKeys.iv)).toBe('5d313eb2671276ee13000b30');
    const clientKeys = schedule.trafficKeys(hs.client, 16);
    expect(hex(clientKeys.key)).toBe('dbfaa693d1762c5b666af5d950258d01');
    expect(hex(clientKeys.iv)).toBe('5bd3c71b836e0b76bb73265f');

    transcript.add(encryptedExtensions);
    transcript.add(certificate);
    // The server's CertificateVerify (RSA-PSS-RSAE-SHA256) verifies with the trace certificate's key.
    const cert = parseCertificate13(certificate.subarray(4));
    const key = parseCertificate(cert.certificates[0]!).publicKey!;
    const cv = parseCertificateVerify(certificateVerify.subarray(4));
    expect(cv.scheme).toBe(0x0804);
    const content = certificateVerifyContent(transcript.hash());
    expect(p.verify(key, signatureScheme(cv.scheme)!.algorithm, content, cv.signature)).toBe(true);
    content[content.length - 1]! ^= 1;
    expect(p.verify(key, signatureScheme(cv.scheme)!.algorithm, content, cv.signature)).toBe(false);
    transcript.add(certificateVerify);

    expect(hex(schedule.finishedVerifyData(hs.server, transcript.hash()))).toBe(hex(serverFinished.subarray(4)));
    transcript.add(serverFinished);
    expect(hex(transcript.hash())).toBe('9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13');
    const app = schedule.applicationSecrets(transcript.hash());
    expect(hex(app.client)).toBe('9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5');
    expect(hex(app.server)).toBe('a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643');

    const clientFinished = schedule.finishedVerifyData(hs.client, transcript.hash());
    expect(hex(clientFinished)).toBe('a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61');
  });
});

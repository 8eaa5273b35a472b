/**
 * A TLS 1.3 server that picks X25519Kyber768Draft00 (0x6399), for the tests. No TLS library at hand
 * speaks that group (OpenSSL 3.5 has only the ML-KEM hybrids; Go 1.23, BoringSSL and liboqs are not
 * installable here), so this one is scripted: one flight (TLS_AES_128_GCM_SHA256, the certificate
 * chain given, ECDSA P-256 CertificateVerify) written with the key schedule's primitives, its Kyber
 * half encapsulated the round-3 way (m = SHA3-256(entropy); K = SHAKE-256(K' || SHA3-256(c))). It
 * answers the second application-data record (the request, after the client's Finished) with a
 * 200 and closes. The client's Finished is not checked: the client proves the shared secret by
 * decrypting the flight and accepting the server's Finished.
 */
import { createHash, sign } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { findExtension, parseClientHello } from '../../src/fingerprint/index.js';
import { defaultProvider, nobleProvider } from '../../src/tls/crypto/index.js';
import { Group, type CryptoProvider } from '../../src/tls/crypto/provider.js';
import { kyberSecretFromMlKem, x25519Kyber768Draft00Share } from '../../src/tls/crypto/x25519-kyber768-draft.js';
import { KeySchedule13 } from '../../src/tls/key-schedule.js';
import { certificateVerifyContent } from '../../src/tls/messages/certificate-verify.js';
import { systemRandom } from '../../src/tls/random.js';
import { Tls13Protection } from '../../src/tls/record/protection13.js';
import { concatBytes } from '../../src/tls/wire/writer.js';

export const KYBER_SERVER_BODY = 'kyber draft ok';

const u8 = (n: number): Uint8Array => Uint8Array.of(n);
const u16 = (n: number): Uint8Array => Uint8Array.of(n >> 8, n & 0xff);
const u24 = (n: number): Uint8Array => Uint8Array.of(n >> 16, (n >> 8) & 0xff, n & 0xff);
const vec16 = (b: Uint8Array): Uint8Array => concatBytes(u16(b.length), b);
const vec24 = (b: Uint8Array): Uint8Array => concatBytes(u24(b.length), b);
const handshake = (type: number, body: Uint8Array): Uint8Array => concatBytes(u8(type), vec24(body));
const sha256 = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(createHash('sha256').update(concatBytes(...parts)).digest());

/** The default provider, plus the 0x6399 share from its module (what noble.ts would register). */
export const kyberProvider: CryptoProvider = {
  ...defaultProvider,
  supportsGroup: (group) => group === Group.x25519kyber768draft00 || defaultProvider.supportsGroup(group),
  generateKeyShare: (group, random) =>
    group === Group.x25519kyber768draft00
      ? x25519Kyber768Draft00Share(nobleProvider.generateKeyShare(Group.x25519, random), random)
      : defaultProvider.generateKeyShare(group, random),
};

export interface KyberServer {
  port: number;
  server: Server;
}

export function startKyberServer(leafKeyPem: string, chain: Uint8Array[]): Promise<KyberServer> {
  const server = createServer((socket: Socket) => {
    let buffered: Uint8Array = new Uint8Array(0);
    let appKeys: Tls13Protection | undefined;
    let clientRecords = 0;
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      buffered = concatBytes(buffered, chunk);
      if (!appKeys) {
        if (buffered.length < 5 || buffered.length < 5 + ((buffered[3]! << 8) | buffered[4]!)) return;
        const length = (buffered[3]! << 8) | buffered[4]!;
        const clientHello = buffered.slice(5, 5 + length);
        buffered = buffered.slice(5 + length);
        appKeys = answer(socket, clientHello, leafKeyPem, chain);
      }
      // Records after our flight: the client's Finished, then its request (a CCS may come first).
      while (buffered.length >= 5 && buffered.length >= 5 + ((buffered[3]! << 8) | buffered[4]!)) {
        const type = buffered[0]!;
        buffered = buffered.slice(5 + ((buffered[3]! << 8) | buffered[4]!));
        if (type === 23 && ++clientRecords === 2) {
          const body = KYBER_SERVER_BODY;
          socket.write(appKeys.seal(23, new TextEncoder().encode(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`)));
          socket.write(appKeys.seal(21, Uint8Array.of(1, 0)));
          socket.end();
        }
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, server })));
}

/** Writes ServerHello through Finished choosing 0x6399; returns the server's application keys. */
function answer(socket: Socket, clientHello: Uint8Array, leafKeyPem: string, chain: Uint8Array[]): Tls13Protection {
  const hello = parseClientHello(clientHello);
  const ours = findExtension(hello, 'key_share')!.shares.find((s) => s.group === Group.x25519kyber768draft00)!;
  const x25519 = nobleProvider.generateKeyShare(Group.x25519, systemRandom);
  const { cipherText, sharedSecret } = ml_kem768.encapsulate(ours.key.subarray(32), sha3_256(systemRandom.bytes(32)));
  const secret = concatBytes(x25519.deriveSecret(ours.key.subarray(0, 32)), kyberSecretFromMlKem(sharedSecret, cipherText));

  const extensions = concatBytes(
    u16(43), vec16(u16(0x0304)),
    u16(51), vec16(concatBytes(u16(Group.x25519kyber768draft00), vec16(concatBytes(x25519.publicKey, cipherText)))),
  );
  const serverHello = handshake(2, concatBytes(u16(0x0303), systemRandom.bytes(32), u8(hello.sessionId.length), hello.sessionId, u16(0x1301), u8(0), vec16(extensions)));
  const schedule = new KeySchedule13(nobleProvider, 'sha256');
  const secrets = schedule.handshakeSecrets(secret, sha256(clientHello, serverHello));
  const keys = schedule.trafficKeys(secrets.server, 16);
  const protection = new Tls13Protection(nobleProvider.aead('aes-128-gcm', keys.key), keys.iv);

  const encryptedExtensions = handshake(8, vec16(new Uint8Array(0)));
  const certificate = handshake(11, concatBytes(u8(0), vec24(concatBytes(...chain.map((der) => concatBytes(vec24(der), u16(0)))))));
  const signature = sign('sha256', certificateVerifyContent(sha256(clientHello, serverHello, encryptedExtensions, certificate)), { key: leafKeyPem, dsaEncoding: 'der' });
  const certificateVerify = handshake(15, concatBytes(u16(0x0403), vec16(new Uint8Array(signature))));
  const flight = [clientHello, serverHello, encryptedExtensions, certificate, certificateVerify];
  const finished = handshake(20, schedule.finishedVerifyData(secrets.server, sha256(...flight)));
  const app = schedule.applicationSecrets(sha256(...flight, finished));
  const appKeys = schedule.trafficKeys(app.server, 16);

  socket.write(concatBytes(u8(22), u16(0x0303), vec16(serverHello)));
  for (const message of [encryptedExtensions, certificate, certificateVerify, finished]) socket.write(protection.seal(22, message));
  return new Tls13Protection(nobleProvider.aead('aes-128-gcm', appKeys.key), appKeys.iv);
}

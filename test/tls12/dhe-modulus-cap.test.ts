/**
 * A TLS 1.2 server that signs a huge DHE prime (the 524,272-bit p froze a worker for 24 s
 * in modPow). Node's TLS server on 127.0.0.1 runs a real DHE handshake; a proxy in front of it
 * replaces the ServerKeyExchange with one carrying the attacker's p and signs it again with the
 * server's own key, so the message is exactly what a hostile server would send. We refuse it with
 * illegal_parameter at once (OpenSSL's 10,000-bit cap), and an honest DHE server still works.
 */
import { createPrivateKey, randomBytes, sign, constants } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import nodeTls from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { connect } from '../../src/tls/connect.js';
import { MAX_DHE_BITS } from '../../src/tls/messages/server-key-exchange.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { getOver } from '../helpers/tls-get.js';
import { splitHandshake, startRecordProxy, type Tamper } from './record-proxy.js';
import { helloWithSuites } from './support.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

/** TLS_DHE_RSA_WITH_AES_128_GCM_SHA256. */
const DHE_RSA_AES128_GCM = 0x009e;

async function startDheServer(): Promise<{ port: number; close(): Promise<void> }> {
  const leaf = pki.leaves.rsa2048;
  const server = nodeTls.createServer(
    { key: leaf.keyPem, cert: leaf.chainPem, ciphers: 'DHE-RSA-AES128-GCM-SHA256', dhparam: 'auto', maxVersion: 'TLSv1.2', minVersion: 'TLSv1.2' },
    (socket) => {
      socket.on('error', () => {});
      socket.on('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
    },
  );
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function vec16(bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

/** A prime-sized odd number of exactly `bits` bits (primality is never reached: the size is the attack). */
function hugeOdd(bits: number): Buffer {
  const p = randomBytes(Math.ceil(bits / 8));
  const top = bits % 8 === 0 ? 8 : bits % 8;
  p[0] = (p[0]! | (1 << (top - 1))) & ((1 << top) - 1);
  p[p.length - 1]! |= 1;
  return p;
}

function signParams(scheme: number, content: Buffer): Buffer {
  const key = createPrivateKey(pki.leaves.rsa2048.keyPem);
  const hash = { 4: 'sha256', 5: 'sha384', 6: 'sha512' }[scheme & 0xff] ?? { 4: 'sha256', 5: 'sha384', 6: 'sha512' }[scheme >> 8];
  if ((scheme >> 8) === 0x08) return sign(hash!, content, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: { 4: 32, 5: 48, 6: 64 }[scheme & 0xff]! });
  return sign(hash!, content, { key, padding: constants.RSA_PKCS1_PADDING });
}

/** Replaces the ServerKeyExchange's p (g = 2, Ys = 2), signed again; the flight is refragmented into 16 KiB records. */
function hugePrime(bits: number): Tamper {
  let clientRandom: Buffer | undefined;
  let serverRandom: Buffer | undefined;
  return (from, type, record) => {
    if (type !== 22) return undefined;
    if (from === 'client') {
      clientRandom ??= Buffer.from(record.subarray(5 + 6, 5 + 38));
      return undefined;
    }
    // Node's server sends each message of its flight in a record of its own, OpenSSL's together.
    const messages = splitHandshake(record.subarray(5));
    const hello = messages.find((m) => m.type === 2);
    if (hello) serverRandom = Buffer.from(hello.body.subarray(2, 34));
    const ske = messages.findIndex((m) => m.type === 12);
    if (ske < 0 || !clientRandom || !serverRandom) return undefined;
    const original = messages[ske]!.body;
    // dh_p, dh_g, dh_Ys, then the signature algorithm.
    let o = 0;
    for (let i = 0; i < 3; i++) o += 2 + original.readUInt16BE(o);
    const scheme = original.readUInt16BE(o);
    const params = Buffer.concat([vec16(hugeOdd(bits)), vec16(Buffer.from([2])), vec16(Buffer.from([2]))]);
    const signature = signParams(scheme, Buffer.concat([clientRandom, serverRandom, params]));
    messages[ske] = { type: 12, body: Buffer.concat([params, Buffer.from([scheme >> 8, scheme & 0xff]), vec16(signature)]) };
    const flight = Buffer.concat(messages.map((m) => Buffer.concat([Buffer.from([m.type, m.body.length >> 16, (m.body.length >> 8) & 0xff, m.body.length & 0xff]), m.body])));
    const records: Buffer[] = [];
    for (let at = 0; at < flight.length; at += 16_384) {
      const fragment = flight.subarray(at, at + 16_384);
      records.push(Buffer.from([22, 3, 3, fragment.length >> 8, fragment.length & 0xff]), fragment);
    }
    return Buffer.concat(records);
  };
}

async function handshake(tamper: Tamper): Promise<{ error: unknown; ms: number; body: string }> {
  const server = await startDheServer();
  const proxy = await startRecordProxy(server.port, tamper);
  const started = performance.now();
  try {
    const conn = await connect({ host: '127.0.0.1', port: proxy.port, servername: 'localhost', ca: pki.ca, caOnly: true, alpn: ['http/1.1'], hello: helloWithSuites([DHE_RSA_AES128_GCM]) });
    const body = await getOver(conn);
    return { error: null, ms: performance.now() - started, body };
  } catch (error) {
    return { error, ms: performance.now() - started, body: '' };
  } finally {
    await proxy.stop();
    await server.close();
  }
}

describe('TLS 1.2 DHE modulus cap', () => {
  it('an honest DHE server (2048-bit group) completes', async () => {
    const { error, body } = await handshake(() => undefined);
    expect(error).toBeNull();
    expect(body).toMatch(/ok$/);
  });

  it('a signed 524,272-bit prime is refused with illegal_parameter at once, not after a 24 s modPow', async () => {
    const { error, ms } = await handshake(hugePrime(524_272));
    expect(error).toBeInstanceOf(TLSError);
    expect((error as TLSError).alertName).toBe('illegal_parameter');
    expect((error as TLSError).direction).toBe('sent');
    expect((error as Error).message).toMatch(/DHE prime of 524272 bits/);
    expect(ms).toBeLessThan(3_000);
  });

  it(`the cap is OpenSSL's: ${MAX_DHE_BITS + 1} bits is refused`, async () => {
    const { error } = await handshake(hugePrime(MAX_DHE_BITS + 1));
    expect(error).toBeInstanceOf(TLSError);
    expect((error as TLSError).alertName).toBe('illegal_parameter');
    expect((error as Error).message).toMatch(new RegExp(`DHE prime of ${MAX_DHE_BITS + 1} bits`));
  });
});

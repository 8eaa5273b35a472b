/**
 * Fuzzing every TLS handshake message parser (src/tls/messages) with random bytes and with
 * mutations of messages recorded from real handshakes against Node's TLS server (see
 * recordings.ts). Property: a value or a TLSError, nothing else, in bounded time and memory.
 */
import { createDiffieHellmanGroup } from 'node:crypto';
import { brotliCompressSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { HandshakeType, HELLO_RETRY_REQUEST_RANDOM } from '../../src/tls/constants.js';
import type { HandshakeStart } from '../../src/tls/handshake-types.js';
import { defaultHelloSpec } from '../../src/tls/hello/default.js';
import { parseCertificateRequest13 } from '../../src/tls/messages/certificate-request.js';
import { parseCertificateRequest12 } from '../../src/tls/messages/certificate-request12.js';
import { parseCertificateStatus } from '../../src/tls/messages/certificate-status.js';
import { parseCertificateVerify } from '../../src/tls/messages/certificate-verify.js';
import { parseCertificate12, parseCertificate13 } from '../../src/tls/messages/certificate13.js';
import { decompressCertificate, MAX_DECOMPRESSED_CERTIFICATE } from '../../src/tls/messages/compressed-certificate.js';
import { parseEncryptedExtensions } from '../../src/tls/messages/encrypted-extensions.js';
import { parseNewSessionTicket13 } from '../../src/tls/messages/new-session-ticket.js';
import { parseNewSessionTicket12 } from '../../src/tls/messages/new-session-ticket12.js';
import { parseServerHello, type ServerHello } from '../../src/tls/messages/server-hello.js';
import { checkServerHello12 } from '../../src/tls/messages/server-hello12.js';
import { parseDheServerKeyExchange, parseEcdheServerKeyExchange } from '../../src/tls/messages/server-key-exchange.js';
import { bodiesOf, recordHandshakes, type Recording } from './recordings.js';
import { bytesArb, concatBytes, fromHex, fuzzSync, runs, summaryTable } from './harness.js';

let rec: Recording;
beforeAll(async () => {
  rec = await recordHandshakes();
}, 120_000);
afterAll(() => console.log(summaryTable('TLS handshake messages')));

const sizeOf = (b: Uint8Array): number => b.length;
const N = runs(3000);

function seeds(type: number, version?: 'TLSv1.3' | 'TLSv1.2'): Uint8Array[] {
  const out = bodiesOf(rec, type, version);
  expect(out.length, `recorded messages of type ${type} ${version ?? ''}`).toBeGreaterThan(0);
  return out;
}

/** A ServerHello turned into a HelloRetryRequest (its random replaced), with a key_share and a cookie. */
function helloRetrySeed(serverHello: Uint8Array): Uint8Array {
  const hrr = serverHello.slice();
  hrr.set(HELLO_RETRY_REQUEST_RANDOM, 2);
  const exts = fromHex('0033 0002 0017  002c 0006 0004 deadbeef  002b 0002 0304');
  const head = hrr.subarray(0, 2 + 32 + 1 + hrr[34]! + 3);
  return concatBytes(head, Uint8Array.of(0, exts.length), exts);
}

/** A DHE ServerKeyExchange of the right shape: RFC 3526 group 14, a public value, a fake signature. */
function dheSeed(): Uint8Array {
  const dh = createDiffieHellmanGroup('modp14');
  const ys = dh.generateKeys();
  const v2 = (b: Uint8Array): Uint8Array => concatBytes(Uint8Array.of(b.length >> 8, b.length & 0xff), b);
  return concatBytes(v2(dh.getPrime()), v2(dh.getGenerator()), v2(ys), fromHex('0804'), v2(new Uint8Array(256).fill(0x5a)));
}

/** CompressedCertificate bodies (RFC 8879) for zlib, brotli and zstd over a real Certificate body. */
function compressedSeeds(certificate13: Uint8Array): Uint8Array[] {
  const wrap = (algorithm: number, compressed: Uint8Array, n = certificate13.length): Uint8Array => {
    const c = compressed.length;
    return concatBytes(Uint8Array.of(algorithm >> 8, algorithm & 0xff, n >> 16, (n >> 8) & 0xff, n & 0xff, c >> 16, (c >> 8) & 0xff, c & 0xff), compressed);
  };
  // zstd: a hand-made frame (Node 20 has no compressor): one raw block holding the whole body.
  const n = certificate13.length;
  const zstdFrame = concatBytes(
    fromHex('28b52ffd'),
    Uint8Array.of(0xa0, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff), // FHD: single segment, 4-byte content size
    Uint8Array.of(((n << 3) | 1) & 0xff, (n >> 5) & 0xff, (n >> 13) & 0xff), // last raw block of n bytes
    certificate13,
  );
  // zstd RLE block: 1000 copies of one byte (exercises a second block type).
  // (FHD 0x60: single segment, 2-byte content size, stored as size - 256.)
  const rle = concatBytes(fromHex('28b52ffd'), Uint8Array.of(0x60, 0xe8, 0x02), Uint8Array.of(((1000 << 3) | 3) & 0xff, (1000 >> 5) & 0xff, 0), Uint8Array.of(0x41));
  return [wrap(1, deflateSync(certificate13)), wrap(2, brotliCompressSync(certificate13)), wrap(3, zstdFrame), wrap(3, rle, 1000)];
}

describe('TLS message parsers', () => {
  it('ServerHello', () => {
    const sh = seeds(HandshakeType.serverHello);
    const all = [...sh, helloRetrySeed(seeds(HandshakeType.serverHello, 'TLSv1.3')[0]!)];
    fuzzSync('parseServerHello', bytesArb(all), parseServerHello, { numRuns: N, sizeOf });
  });

  it('TLS 1.2 ServerHello extensions (checkServerHello12)', () => {
    const sh = seeds(HandshakeType.serverHello, 'TLSv1.2');
    const offeredExtensions = new Set([0, 5, 10, 11, 13, 16, 18, 23, 35, 43, 45, 51, 41, 65281, 28]);
    const check = (body: Uint8Array): unknown => {
      const serverHello: ServerHello = parseServerHello(body);
      // Only the fields checkServerHello12 reads: the hello, what we offered, the spec's suites.
      const start = { serverHello, offeredExtensions, offeredAlpn: ['h2', 'http/1.1'], config: { spec: defaultHelloSpec } } as unknown as HandshakeStart;
      return checkServerHello12(start);
    };
    fuzzSync('checkServerHello12', bytesArb(sh, { randomWeight: 1, mutatedWeight: 8 }), check, { numRuns: N, sizeOf });
  });

  it('EncryptedExtensions', () => {
    const ee = seeds(HandshakeType.encryptedExtensions);
    const extra = [fromHex('000e 0010 0005 0003 02 6832  001c 0002 4000  0000 0000'), fromHex('0000')];
    fuzzSync('parseEncryptedExtensions', bytesArb([...ee, ...extra]), (b) => parseEncryptedExtensions(b, ['h2', 'http/1.1']), { numRuns: N, sizeOf });
  });

  it('Certificate (TLS 1.3)', () => {
    fuzzSync('parseCertificate13', bytesArb(seeds(HandshakeType.certificate, 'TLSv1.3')), parseCertificate13, { numRuns: N, sizeOf });
  });

  it('Certificate (TLS 1.2)', () => {
    fuzzSync('parseCertificate12', bytesArb(seeds(HandshakeType.certificate, 'TLSv1.2')), parseCertificate12, { numRuns: N, sizeOf });
  });

  it('CompressedCertificate (RFC 8879)', () => {
    const cert = seeds(HandshakeType.certificate, 'TLSv1.3')[0]!;
    const compressed = compressedSeeds(cert);
    // The seeds themselves decompress (so mutations start from something that works).
    for (const s of compressed.slice(0, 3)) expect(decompressCertificate(s, [1, 2, 3])).toEqual(cert);
    fuzzSync('decompressCertificate', bytesArb(compressed, { randomWeight: 1, mutatedWeight: 6 }), (b) => decompressCertificate(b, [1, 2, 3]), {
      numRuns: runs(2000),
      sizeOf,
      check: (_input, value) => expect((value as Uint8Array).length).toBeLessThanOrEqual(MAX_DECOMPRESSED_CERTIFICATE),
    });
  });

  it('CertificateVerify', () => {
    fuzzSync('parseCertificateVerify', bytesArb(seeds(HandshakeType.certificateVerify)), parseCertificateVerify, { numRuns: N, sizeOf });
  });

  it('CertificateRequest (TLS 1.3)', () => {
    fuzzSync('parseCertificateRequest13', bytesArb(seeds(HandshakeType.certificateRequest, 'TLSv1.3')), parseCertificateRequest13, { numRuns: N, sizeOf });
  });

  it('CertificateRequest (TLS 1.2)', () => {
    fuzzSync('parseCertificateRequest12', bytesArb(seeds(HandshakeType.certificateRequest, 'TLSv1.2')), parseCertificateRequest12, { numRuns: N, sizeOf });
  });

  it('CertificateStatus (TLS 1.2)', () => {
    fuzzSync('parseCertificateStatus', bytesArb(seeds(HandshakeType.certificateStatus)), parseCertificateStatus, { numRuns: N, sizeOf });
  });

  it('NewSessionTicket (TLS 1.3)', () => {
    const nst = seeds(HandshakeType.newSessionTicket, 'TLSv1.3');
    // One with early_data, which Node's server never sends.
    const withEarlyData = fromHex('00001c20 01020304 08 0000000000000000 0004 cafebabe 0008 002a 0004 00004000');
    fuzzSync('parseNewSessionTicket13', bytesArb([...nst, withEarlyData]), parseNewSessionTicket13, { numRuns: N, sizeOf });
  });

  it('NewSessionTicket (TLS 1.2)', () => {
    fuzzSync('parseNewSessionTicket12', bytesArb(seeds(HandshakeType.newSessionTicket, 'TLSv1.2')), parseNewSessionTicket12, { numRuns: N, sizeOf });
  });

  it('ServerKeyExchange (ECDHE)', () => {
    fuzzSync('parseEcdheServerKeyExchange', bytesArb(seeds(HandshakeType.serverKeyExchange)), parseEcdheServerKeyExchange, { numRuns: N, sizeOf });
  });

  it('ServerKeyExchange (DHE)', () => {
    fuzzSync('parseDheServerKeyExchange', bytesArb([dheSeed(), ...seeds(HandshakeType.serverKeyExchange)]), parseDheServerKeyExchange, { numRuns: N, sizeOf });
  });

  it('declared lengths far beyond the data are refused without allocating them', () => {
    // u24 certificate_list of 2^24-1 with 3 bytes behind it; u16 vectors of 65535 with none.
    const huge = [
      fromHex('00 ffffff 000000'),
      fromHex('ffffff'),
      fromHex('0001 ffffff ffffff'),
      fromHex('ffff'),
      fromHex('01 ffffff'),
    ];
    const parsers: [string, (b: Uint8Array) => unknown][] = [
      ['parseCertificate13', parseCertificate13],
      ['parseCertificate12', parseCertificate12],
      ['decompressCertificate', (b) => decompressCertificate(b, [1, 2, 3])],
      ['parseEncryptedExtensions', (b) => parseEncryptedExtensions(b, [])],
      ['parseCertificateStatus', parseCertificateStatus],
    ];
    for (const [, parse] of parsers) for (const b of huge) expect(() => parse(b)).toThrow(TLSError);
    // A CompressedCertificate announcing 16 MiB is refused before inflating.
    const bomb = concatBytes(fromHex('0001 ffffff 00000a'), deflateSync(new Uint8Array(10)).subarray(0, 10));
    expect(() => decompressCertificate(bomb, [1])).toThrow(/over the .*limit/);
    // The property over random u24 lengths (the harness fails a case that allocates > 8 MiB).
    fuzzSync(
      'declared-length (u24/u16 prefixes)',
      fc.tuple(fc.constantFrom(...parsers), fc.integer({ min: 0x1_0000, max: 0xff_ffff }), fc.uint8Array({ maxLength: 32 })),
      ([[, parse], length, tail]) => parse(concatBytes(Uint8Array.of(0, 0, length >> 16, (length >> 8) & 0xff, length & 0xff), tail)),
      { numRuns: runs(1000), sizeOf: ([, , tail]) => tail.length + 5 },
    );
  });
});

// RFC 8879 certificate compression: gnutls-serv (GnuTLS 3.7.9) compresses its certificate with
// each algorithm a profile may offer; our engine inflates it, with a limit.
import { brotliCompressSync, deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { connect } from '../../src/tls/connect.js';
import { defaultHelloSpec } from '../../src/tls/hello/default.js';
import type { ClientHelloSpec } from '../../src/vocabulary/hello-spec.js';
import { decompressCertificate, MAX_DECOMPRESSED_CERTIFICATE } from '../../src/tls/messages/compressed-certificate.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startGnutlsServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

function specOffering(algorithms: number[]): ClientHelloSpec {
  const spec = structuredClone(defaultHelloSpec);
  spec.extensions.splice(spec.extensions.length - 1, 0, { type: 'compress_certificate', algorithms });
  return spec;
}

function compressedMessage(algorithm: number, uncompressed: Uint8Array, compressed: Uint8Array): Uint8Array {
  const out = Buffer.alloc(2 + 3 + 3 + compressed.length);
  out.writeUInt16BE(algorithm, 0);
  out.writeUIntBE(uncompressed.length, 2, 3);
  out.writeUIntBE(compressed.length, 5, 3);
  Buffer.from(compressed).copy(out, 8);
  return out;
}

describe('certificate compression (RFC 8879)', () => {
  // No local peer compresses: Debian 12's GnuTLS 3.7.9 answers "Unknown compression method" for
  // every algorithm, and the OpenSSL 3.5 inside Node 26 is built without the compressors. So the
  // inflating path is proven with messages built here, and the live test shows that offering all
  // three algorithms does not disturb a server that ignores the extension.
  it('offering zlib, brotli and zstd still completes against GnuTLS', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startGnutlsServer({ cert: leaf.chainPem, key: leaf.keyPem });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: specOffering([1, 2, 3]) });
    expect(conn.certificateCompression).toBeNull();
    expect(conn.version).toBe('TLSv1.3');
    expect(await getOver(conn)).toMatch(/^HTTP\/1\.[01] 200/);
  });

  for (const [name, code, compress] of [
    ['zlib', 1, (b: Uint8Array) => deflateSync(b)],
    ['brotli', 2, (b: Uint8Array) => brotliCompressSync(b)],
  ] as const) {
    it(`inflates a ${name}-compressed Certificate message`, () => {
      const certificateBody = new Uint8Array(Buffer.concat([Buffer.from([0, 0, 0, 0x40]), Buffer.alloc(0x40, 0x30)]));
      expect(decompressCertificate(compressedMessage(code, certificateBody, compress(certificateBody)), [code])).toEqual(certificateBody);
    });
  }

  it('inflates zstd (a frame made by hand: one raw block)', () => {
    const payload = new Uint8Array(100).fill(0x41);
    // magic, frame header descriptor (single segment, 1-byte content size), size, raw last block
    const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, payload.length]);
    const blockHeader = Buffer.alloc(3);
    blockHeader.writeUIntLE((payload.length << 3) | 1, 0, 3);
    const frame = Buffer.concat([header, blockHeader, payload]);
    expect(decompressCertificate(compressedMessage(3, payload, frame), [3])).toEqual(payload);
  });

  it('refuses an algorithm we did not offer, a wrong length, garbage and a bomb', () => {
    const body = new Uint8Array(1000).fill(7);
    const zlib = deflateSync(body);
    expect(decompressCertificate(compressedMessage(1, body, zlib), [1])).toEqual(body);
    const wrongAlgorithm = (() => {
      try {
        decompressCertificate(compressedMessage(2, body, brotliCompressSync(body)), [1]);
      } catch (e) {
        return e as TLSError;
      }
    })();
    expect(wrongAlgorithm?.alertName).toBe('illegal_parameter');
    const shortClaim = compressedMessage(1, body.subarray(0, 10), zlib);
    expect(() => decompressCertificate(shortClaim, [1])).toThrow(/bad_certificate|decompress|announced/);
    expect(() => decompressCertificate(compressedMessage(2, body, new Uint8Array([1, 2, 3])), [2])).toThrow(TLSError);
    const bomb = new Uint8Array(MAX_DECOMPRESSED_CERTIFICATE + 1);
    expect(() => decompressCertificate(compressedMessage(1, bomb, deflateSync(bomb)), [1])).toThrow(/limit/);
  });
});

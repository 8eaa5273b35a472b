import { brotliDecompressSync, inflateSync } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { ZSTD_MAX_WINDOW, ZstdFrameGuard } from '../../compression/zstd-guard.js';
import { fatal } from '../alerts.js';
import { ByteReader } from '../wire/reader.js';

/** RFC 8879 algorithm codepoints. */
export const CertificateCompression = { zlib: 1, brotli: 2, zstd: 3 } as const;

/** The largest certificate message we inflate: far above real chains, far below a memory bomb. */
export const MAX_DECOMPRESSED_CERTIFICATE = 256 * 1024;

/**
 * Turns a CompressedCertificate (RFC 8879 §4) into the body of the Certificate message it stands
 * for. Only an algorithm we offered is accepted; a body that fails to inflate, inflates beyond the
 * limit, or to a length other than the one announced ends the handshake with bad_certificate.
 */
export function decompressCertificate(body: Uint8Array, offered: readonly number[]): Uint8Array {
  const r = new ByteReader(body, 'CompressedCertificate');
  const algorithm = r.u16('algorithm');
  const uncompressedLength = r.u24('uncompressed_length');
  const compressed = r.vec(3, 'compressed_certificate_message', 1);
  r.end();
  if (!offered.includes(algorithm)) throw fatal('illegal_parameter', `certificate compressed with algorithm ${algorithm}, which we did not offer`);
  if (uncompressedLength > MAX_DECOMPRESSED_CERTIFICATE) {
    throw fatal('bad_certificate', `compressed certificate claims ${uncompressedLength} bytes, over the ${MAX_DECOMPRESSED_CERTIFICATE}-byte limit`);
  }
  let out: Uint8Array;
  try {
    const inflated = inflate(algorithm, compressed, uncompressedLength);
    out = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  } catch (error) {
    throw fatal('bad_certificate', `certificate does not decompress: ${(error as Error).message}`, error);
  }
  if (out.length !== uncompressedLength) {
    throw fatal('bad_certificate', `certificate decompressed to ${out.length} bytes, ${uncompressedLength} announced`);
  }
  return out;
}

function inflate(algorithm: number, data: Uint8Array, expected: number): Uint8Array {
  // maxOutputLength caps the work at the announced size (+1 to detect overruns).
  const limit = { maxOutputLength: Math.max(expected + 1, 1) };
  switch (algorithm) {
    case CertificateCompression.zlib:
      return inflateSync(data, limit);
    case CertificateCompression.brotli:
      return brotliDecompressSync(data, limit);
    case CertificateCompression.zstd: {
      // Streamed so that a frame claiming a huge content size cannot make us allocate it.
      const chunks: Uint8Array[] = [];
      let total = 0;
      const stream = new ZstdDecompress((chunk) => {
        total += chunk.length;
        if (total > expected) throw new Error('zstd output over the announced length');
        chunks.push(chunk.slice());
      });
      // The frame header is checked first: fzstd reserves the window it names before any data.
      const guard = new ZstdFrameGuard(ZSTD_MAX_WINDOW, expected);
      guard.push(data);
      guard.finish();
      stream.push(data, true);
      return Buffer.concat(chunks);
    }
    default:
      throw new Error(`unknown algorithm ${algorithm}`);
  }
}

import { ByteReader } from '../wire/reader.js';

export interface CertificateVerify {
  scheme: number;
  signature: Uint8Array;
}

export function parseCertificateVerify(body: Uint8Array): CertificateVerify {
  const r = new ByteReader(body, 'CertificateVerify');
  const scheme = r.u16('algorithm');
  const signature = r.vec(2, 'signature', 1);
  r.end();
  return { scheme, signature };
}

const serverContext = new TextEncoder().encode('TLS 1.3, server CertificateVerify');

/** The content a TLS 1.3 server signs: 64 spaces, the context string, a zero byte, the transcript hash. */
export function certificateVerifyContent(transcriptHash: Uint8Array): Uint8Array {
  const out = new Uint8Array(64 + serverContext.length + 1 + transcriptHash.length);
  out.fill(0x20, 0, 64);
  out.set(serverContext, 64);
  out[64 + serverContext.length] = 0;
  out.set(transcriptHash, 65 + serverContext.length);
  return out;
}

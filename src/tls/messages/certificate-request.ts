import { ByteReader } from '../wire/reader.js';
import { readExtensions } from './extensions.js';

/** TLS 1.3 CertificateRequest (RFC 8446 §4.3.2): we answer it with an empty Certificate. */
export function parseCertificateRequest13(body: Uint8Array): { context: Uint8Array } {
  const r = new ByteReader(body, 'CertificateRequest');
  const context = r.vec(1, 'certificate_request_context');
  readExtensions(r, 'CertificateRequest');
  r.end();
  return { context: context.slice() };
}

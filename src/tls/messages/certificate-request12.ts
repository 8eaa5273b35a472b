import { ByteReader } from '../wire/reader.js';

export interface CertificateRequest12 {
  certificateTypes: number[];
  signatureSchemes: number[];
}

/**
 * TLS 1.2 CertificateRequest (RFC 5246 §7.4.4). We hold no client certificate, so it is parsed
 * (strictly: a malformed one is still an error) and answered with an empty Certificate.
 */
export function parseCertificateRequest12(body: Uint8Array): CertificateRequest12 {
  const r = new ByteReader(body, 'CertificateRequest');
  const types = r.sub(1, 'certificate_types', 1);
  const certificateTypes: number[] = [];
  while (types.remaining) certificateTypes.push(types.u8('certificate type'));
  const signatureSchemes = r.u16List(2, 'supported_signature_algorithms', 2);
  const authorities = r.sub(2, 'certificate_authorities');
  while (authorities.remaining) authorities.vec(2, 'DistinguishedName', 1);
  r.end();
  return { certificateTypes, signatureSchemes };
}

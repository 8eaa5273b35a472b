import { fatal } from '../alerts.js';
import { ByteReader } from '../wire/reader.js';

/** status_type ocsp (RFC 6066 §8). */
const OCSP = 1;

/**
 * TLS 1.2 CertificateStatus (RFC 6066 §8): the OCSP response stapled to the leaf. It is parsed
 * and kept, not enforced (as browsers treat stapled responses for non-EV certificates).
 */
export function parseCertificateStatus(body: Uint8Array): Uint8Array {
  const r = new ByteReader(body, 'CertificateStatus');
  const type = r.u8('status_type');
  if (type !== OCSP) throw fatal('decode_error', `CertificateStatus of unknown status_type ${type}`);
  const response = r.vec(3, 'OCSPResponse', 1);
  r.end();
  return response.slice();
}

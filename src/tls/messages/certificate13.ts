import { fatal } from '../alerts.js';
import { ByteReader } from '../wire/reader.js';

export interface CertificateMessage13 {
  requestContext: Uint8Array;
  /** DER certificates, leaf first, as the server sent them. */
  certificates: Uint8Array[];
  /** OCSP response stapled to the leaf (status_request), if any. */
  ocspResponse?: Uint8Array;
  /** SCT list for the leaf, if any. */
  sctList?: Uint8Array;
}

/** TLS 1.3 Certificate (RFC 8446 §4.4.2): entries with per-certificate extensions. */
export function parseCertificate13(body: Uint8Array): CertificateMessage13 {
  const r = new ByteReader(body, 'Certificate');
  const requestContext = r.vec(1, 'certificate_request_context');
  const list = r.sub(3, 'certificate_list');
  r.end();
  const certificates: Uint8Array[] = [];
  const result: CertificateMessage13 = { requestContext, certificates };
  while (list.remaining) {
    const cert = list.vec(3, 'cert_data', 1);
    const exts = list.sub(2, 'extensions');
    while (exts.remaining) {
      const type = exts.u16('extension type');
      const data = exts.vec(2, 'extension data');
      if (certificates.length === 0 && type === 5) {
        const s = new ByteReader(data, 'CertificateStatus');
        if (s.u8('status_type') !== 1) throw fatal('decode_error', 'unknown certificate status type');
        result.ocspResponse = s.vec(3, 'OCSPResponse', 1);
        s.end();
      } else if (certificates.length === 0 && type === 18) {
        result.sctList = data;
      } else if (type !== 5 && type !== 18) {
        throw fatal('unsupported_extension', `certificate entry carries extension ${type} that we did not offer`);
      }
    }
    certificates.push(cert);
  }
  return result;
}

/** TLS 1.2 Certificate (RFC 5246 §7.4.2): a plain list of DER certificates. */
export function parseCertificate12(body: Uint8Array): Uint8Array[] {
  const r = new ByteReader(body, 'Certificate');
  const list = r.sub(3, 'certificate_list');
  r.end();
  const certificates: Uint8Array[] = [];
  while (list.remaining) certificates.push(list.vec(3, 'ASN.1Cert', 1));
  return certificates;
}

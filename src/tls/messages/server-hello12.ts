import { fatal } from '../alerts.js';
import { ExtensionType } from '../../vocabulary/extension-types.js';
import type { HandshakeStart } from '../handshake-types.js';
import { ByteReader } from '../wire/reader.js';
import { parseSelectedAlpn } from './encrypted-extensions.js';

/** TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3): offers secure renegotiation like the extension does. */
const RENEGOTIATION_SCSV = 0x00ff;

/** What a TLS 1.2 ServerHello's extensions settle for the rest of the handshake. */
export interface ServerHello12Extensions {
  /** RFC 7627: the master secret is derived from the session hash. */
  extendedMasterSecret: boolean;
  alpn?: string;
  /** session_ticket echoed: a NewSessionTicket comes before the server's ChangeCipherSpec (RFC 5077 §3.2). */
  ticketExpected: boolean;
  /** status_request echoed: a CertificateStatus may follow the Certificate (RFC 6066 §8). */
  certificateStatus: boolean;
  /** signed_certificate_timestamp: the SCT list, kept as received. */
  sctList?: Uint8Array;
  /** record_size_limit (RFC 8449 §4): in TLS 1.2 the largest plaintext the server accepts. */
  recordSizeLimit?: number;
}

/** Extensions a TLS 1.2 ServerHello may carry (when we offered them); the rest are TLS 1.3's or unknown. */
const ALLOWED_IN_TLS12 = new Set<number>([
  ExtensionType.server_name,
  ExtensionType.status_request,
  ExtensionType.ec_point_formats,
  ExtensionType.alpn,
  ExtensionType.signed_certificate_timestamp,
  ExtensionType.extended_master_secret,
  ExtensionType.session_ticket,
  ExtensionType.renegotiation_info,
  ExtensionType.record_size_limit,
]);

function empty(data: Uint8Array, name: string): void {
  if (data.length !== 0) throw fatal('decode_error', `ServerHello ${name} extension is not empty`);
}

/**
 * Checks a TLS 1.2 ServerHello's extensions against what we offered and reads what they
 * decide. Secure renegotiation must be indicated (RFC 5746 §3.4) whenever we asked for it: a
 * server that ignores it is refused, as Chrome refuses it.
 */
export function checkServerHello12(start: HandshakeStart): ServerHello12Extensions {
  const { serverHello, offeredExtensions, config } = start;
  const renegotiationOffered =
    offeredExtensions.has(ExtensionType.renegotiation_info) || config.spec.cipherSuites.includes(RENEGOTIATION_SCSV);
  const result: ServerHello12Extensions = { extendedMasterSecret: false, ticketExpected: false, certificateStatus: false };
  for (const [type, data] of serverHello.extensions) {
    const offered = offeredExtensions.has(type) || (type === ExtensionType.renegotiation_info && renegotiationOffered);
    if (!offered) throw fatal('unsupported_extension', `ServerHello carries extension ${type} that we did not offer`);
    if (!ALLOWED_IN_TLS12.has(type)) throw fatal('unsupported_extension', `TLS 1.2 ServerHello carries extension ${type}`);
    switch (type) {
      case ExtensionType.server_name:
        empty(data, 'server_name');
        break;
      case ExtensionType.status_request:
        empty(data, 'status_request');
        result.certificateStatus = true;
        break;
      case ExtensionType.ec_point_formats: {
        const r = new ByteReader(data, 'ec_point_formats');
        const formats = r.vec(1, 'ec_point_format_list', 1);
        r.end();
        // RFC 8422 §5.2: uncompressed points are the only format; a server must still list it.
        if (!formats.includes(0)) throw fatal('illegal_parameter', 'server does not support uncompressed EC points');
        break;
      }
      case ExtensionType.alpn:
        result.alpn = parseSelectedAlpn(data, start.offeredAlpn);
        break;
      case ExtensionType.signed_certificate_timestamp: {
        const r = new ByteReader(data, 'signed_certificate_timestamp');
        result.sctList = r.vec(2, 'SignedCertificateTimestampList', 1).slice();
        r.end();
        break;
      }
      case ExtensionType.extended_master_secret:
        empty(data, 'extended_master_secret');
        result.extendedMasterSecret = true;
        break;
      case ExtensionType.session_ticket:
        empty(data, 'session_ticket');
        result.ticketExpected = true;
        break;
      case ExtensionType.renegotiation_info: {
        // An initial handshake: renegotiated_connection must be empty (RFC 5746 §3.4).
        if (data.length !== 1 || data[0] !== 0) throw fatal('handshake_failure', 'renegotiation_info is not empty on an initial handshake');
        break;
      }
      case ExtensionType.record_size_limit: {
        const r = new ByteReader(data, 'record_size_limit');
        const limit = r.u16('limit');
        r.end();
        if (limit < 64) throw fatal('illegal_parameter', `record_size_limit ${limit} below 64`);
        result.recordSizeLimit = limit;
        break;
      }
    }
  }
  if (renegotiationOffered && !serverHello.extensions.has(ExtensionType.renegotiation_info)) {
    throw fatal('handshake_failure', 'server does not support secure renegotiation (RFC 5746)');
  }
  return result;
}

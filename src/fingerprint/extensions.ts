import { ByteReader, decodeError } from '../tls/wire/reader.js';
import { ExtensionType as T, type ClientHelloExtension, type DecodedExtension, type KeyShareEntry, type PskIdentity, type ServerName } from './extension-types.js';
import { isGrease } from '../vocabulary/grease.js';

/**
 * Decoders for the ClientHello extensions a fingerprint looks at, one per code point, each over
 * a reader of exactly the extension_data. Length prefixes are checked against the RFC minimums,
 * and every decoder must consume the whole payload: a hello whose extensions do not parse is
 * not something a real client sends, so it is a decode_error rather than a half-decoded value.
 */

type Decoder = (r: ByteReader) => DecodedExtension;

/** Bytes as a latin1 string: lossless for any byte, never throws (unlike a fatal UTF-8 decode). */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function u8List(r: ByteReader, field: string, min: number): number[] {
  const list = r.sub(1, field, min);
  const out: number[] = [];
  while (list.remaining) out.push(list.u8(field));
  return out;
}

/**
 * ALPN and ALPS share the ProtocolNameList layout. RFC 7301 forbids empty lists and names, but
 * JA4 defines an output for both ("00"), so they are reported rather than rejected.
 */
function protocolNames(r: ByteReader): string[] {
  const list = r.sub(2, 'protocol_name_list');
  const out: string[] = [];
  while (list.remaining) out.push(latin1(list.vec(1, 'protocol_name')));
  return out;
}

function empty(kind: 'signed_certificate_timestamp' | 'encrypt_then_mac' | 'extended_master_secret' | 'early_data' | 'post_handshake_auth'): Decoder {
  // A client sends these as bare flags; the end() check in decodeExtension rejects any payload,
  // since a payload means the bytes are not what their code point claims.
  return () => ({ kind });
}

const decoders = new Map<number, Decoder>([
  [
    T.server_name,
    (r) => {
      const list = r.sub(2, 'server_name_list', 1);
      const serverNames: ServerName[] = [];
      while (list.remaining) {
        const type = list.u8('name_type');
        serverNames.push({ type, name: latin1(list.vec(2, 'host_name', 1)) });
      }
      return { kind: 'server_name', serverNames };
    },
  ],
  [
    T.status_request,
    (r) => {
      const statusType = r.u8('status_type');
      if (statusType !== 1) {
        // Only ocsp (1) has a defined body; keep the rest as raw data.
        r.rest();
        return { kind: 'status_request', statusType, responderIdListLength: 0, requestExtensionsLength: 0 };
      }
      const responderIdListLength = r.vec(2, 'responder_id_list').length;
      const requestExtensionsLength = r.vec(2, 'request_extensions').length;
      return { kind: 'status_request', statusType, responderIdListLength, requestExtensionsLength };
    },
  ],
  [T.supported_groups, (r) => ({ kind: 'supported_groups', groups: r.u16List(2, 'named_group_list', 2) })],
  [T.ec_point_formats, (r) => ({ kind: 'ec_point_formats', formats: u8List(r, 'ec_point_format_list', 1) })],
  [T.signature_algorithms, (r) => ({ kind: 'signature_algorithms', algorithms: r.u16List(2, 'supported_signature_algorithms', 2) })],
  [T.signature_algorithms_cert, (r) => ({ kind: 'signature_algorithms_cert', algorithms: r.u16List(2, 'supported_signature_algorithms', 2) })],
  [T.alpn, (r) => ({ kind: 'alpn', protocols: protocolNames(r) })],
  [T.signed_certificate_timestamp, empty('signed_certificate_timestamp')],
  [
    T.padding,
    (r) => {
      const bytes = r.rest();
      // RFC 7685 says zeros, but a server must not reject other bytes: report, do not throw.
      return { kind: 'padding', length: bytes.length, allZero: bytes.every((b) => b === 0) };
    },
  ],
  [T.encrypt_then_mac, empty('encrypt_then_mac')],
  [T.extended_master_secret, empty('extended_master_secret')],
  [
    T.compress_certificate,
    (r) => {
      const list = r.sub(1, 'algorithms', 2);
      if (list.remaining % 2 !== 0) throw decodeError('compress_certificate: algorithms has odd length');
      const algorithms: number[] = [];
      while (list.remaining) algorithms.push(list.u16('algorithm'));
      return { kind: 'compress_certificate', algorithms };
    },
  ],
  [T.record_size_limit, (r) => ({ kind: 'record_size_limit', limit: r.u16('record_size_limit') })],
  [T.delegated_credentials, (r) => ({ kind: 'delegated_credentials', algorithms: r.u16List(2, 'signature_algorithms', 2) })],
  [T.session_ticket, (r) => ({ kind: 'session_ticket', ticketLength: r.rest().length })],
  [
    T.pre_shared_key,
    (r) => {
      const ids = r.sub(2, 'identities', 7);
      const identities: PskIdentity[] = [];
      while (ids.remaining) identities.push({ identity: ids.vec(2, 'identity', 1), obfuscatedTicketAge: ids.u32('obfuscated_ticket_age') });
      const bs = r.sub(2, 'binders', 33);
      const binders: number[] = [];
      while (bs.remaining) binders.push(bs.vec(1, 'binder', 32).length);
      return { kind: 'pre_shared_key', identities, binders };
    },
  ],
  [T.early_data, empty('early_data')],
  [T.supported_versions, (r) => ({ kind: 'supported_versions', versions: r.u16List(1, 'versions', 2) })],
  [T.psk_key_exchange_modes, (r) => ({ kind: 'psk_key_exchange_modes', modes: u8List(r, 'ke_modes', 1) })],
  [T.post_handshake_auth, empty('post_handshake_auth')],
  [
    T.key_share,
    (r) => {
      const list = r.sub(2, 'client_shares');
      const shares: KeyShareEntry[] = [];
      while (list.remaining) {
        const group = list.u16('group');
        const key = list.vec(2, 'key_exchange', 1);
        shares.push({ group, grease: isGrease(group), length: key.length, key });
      }
      return { kind: 'key_share', shares };
    },
  ],
  [T.application_settings_old, (r) => ({ kind: 'application_settings', codepoint: 0x4469, protocols: protocolNames(r) })],
  [T.application_settings, (r) => ({ kind: 'application_settings', codepoint: 0x44cd, protocols: protocolNames(r) })],
  [
    T.trust_anchors,
    (r) => {
      const list = r.sub(2, 'trust_anchor_ids');
      const ids: Uint8Array[] = [];
      while (list.remaining) ids.push(list.vec(1, 'trust_anchor_id', 1));
      return { kind: 'trust_anchors', ids };
    },
  ],
  [
    T.encrypted_client_hello,
    (r) => {
      const type = r.u8('ech_type');
      if (type === 1) return { kind: 'encrypted_client_hello', echType: 'inner' };
      if (type !== 0) throw decodeError(`encrypted_client_hello: unknown type ${type}`);
      const kdf = r.u16('kdf_id');
      const aead = r.u16('aead_id');
      const configId = r.u8('config_id');
      const encLength = r.vec(2, 'enc').length;
      const payloadLength = r.vec(2, 'payload', 1).length;
      return { kind: 'encrypted_client_hello', echType: 'outer', kdf, aead, configId, encLength, payloadLength };
    },
  ],
  [T.renegotiation_info, (r) => ({ kind: 'renegotiation_info', renegotiatedConnection: r.vec(1, 'renegotiated_connection') })],
]);

/** Decodes one extension; unknown code points keep only their raw data. */
export function decodeExtension(type: number, data: Uint8Array): ClientHelloExtension {
  const grease = isGrease(type);
  if (grease) return { kind: 'grease', type, grease, data };
  const decoder = decoders.get(type);
  if (!decoder) return { kind: 'unknown', type, grease, data };
  const r = new ByteReader(data, `extension 0x${type.toString(16).padStart(4, '0')}`);
  const decoded = decoder(r);
  r.end();
  return { ...decoded, type, grease, data };
}

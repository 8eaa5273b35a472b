/**
 * The typed shape of a ClientHello extension: its code point, raw payload and, for the
 * extensions that matter to fingerprinting, the decoded fields. A discriminated union on `kind`
 * so that `ext.kind === 'alpn'` narrows to `ext.protocols`. Plain data only (no classes), so a
 * parsed hello survives structuredClone between the worker that saw it and the caller.
 */

import { extensionSubset } from '../vocabulary/extension-types.js';

/** Extension code points decoded by this toolkit (the registry's ids, src/vocabulary). */
export const ExtensionType = extensionSubset([
  'server_name',
  'status_request',
  'supported_groups',
  'ec_point_formats',
  'signature_algorithms',
  'alpn',
  'signed_certificate_timestamp',
  'padding',
  'encrypt_then_mac',
  'extended_master_secret',
  'compress_certificate',
  'record_size_limit',
  'delegated_credentials',
  'session_ticket',
  'pre_shared_key',
  'early_data',
  'supported_versions',
  'psk_key_exchange_modes',
  'post_handshake_auth',
  'signature_algorithms_cert',
  'key_share',
  'application_settings_old',
  'application_settings',
  'trust_anchors',
  'encrypted_client_hello',
  'renegotiation_info',
]);

export interface ServerName {
  /** 0 = host_name; other types are kept but RFC 6066 defines none. */
  type: number;
  /** The name's bytes as a latin1 string (lossless; SNI is ASCII in practice). */
  name: string;
}

export interface KeyShareEntry {
  group: number;
  grease: boolean;
  /** Length of key_exchange: 32 for x25519, 65 for secp256r1, 1216 for X25519MLKEM768... */
  length: number;
  key: Uint8Array;
}

export interface PskIdentity {
  identity: Uint8Array;
  obfuscatedTicketAge: number;
}

/** The decoded part, keyed by `kind`. */
export type DecodedExtension =
  | { kind: 'server_name'; serverNames: ServerName[] }
  | { kind: 'status_request'; statusType: number; responderIdListLength: number; requestExtensionsLength: number }
  | { kind: 'supported_groups'; groups: number[] }
  | { kind: 'ec_point_formats'; formats: number[] }
  | { kind: 'signature_algorithms'; algorithms: number[] }
  | { kind: 'signature_algorithms_cert'; algorithms: number[] }
  /** Protocol names as latin1 strings (lossless: JA4's hex rule reads them back by charCode). */
  | { kind: 'alpn'; protocols: string[] }
  | { kind: 'signed_certificate_timestamp' }
  | { kind: 'padding'; length: number; allZero: boolean }
  | { kind: 'encrypt_then_mac' }
  | { kind: 'extended_master_secret' }
  | { kind: 'compress_certificate'; algorithms: number[] }
  | { kind: 'record_size_limit'; limit: number }
  | { kind: 'delegated_credentials'; algorithms: number[] }
  | { kind: 'session_ticket'; ticketLength: number }
  /** `binders` holds each binder's length (the MAC itself is of no use to a fingerprint). */
  | { kind: 'pre_shared_key'; identities: PskIdentity[]; binders: number[] }
  | { kind: 'early_data' }
  | { kind: 'supported_versions'; versions: number[] }
  | { kind: 'psk_key_exchange_modes'; modes: number[] }
  | { kind: 'post_handshake_auth' }
  | { kind: 'key_share'; shares: KeyShareEntry[] }
  | { kind: 'application_settings'; codepoint: 0x4469 | 0x44cd; protocols: string[] }
  | { kind: 'trust_anchors'; ids: Uint8Array[] }
  | {
      kind: 'encrypted_client_hello';
      echType: 'outer';
      kdf: number;
      aead: number;
      configId: number;
      encLength: number;
      payloadLength: number;
    }
  | { kind: 'encrypted_client_hello'; echType: 'inner' }
  | { kind: 'renegotiation_info'; renegotiatedConnection: Uint8Array }
  | { kind: 'grease' }
  | { kind: 'unknown' };

export type ExtensionKind = DecodedExtension['kind'];

/** One extension as it appeared on the wire. */
export type ClientHelloExtension = DecodedExtension & {
  type: number;
  grease: boolean;
  /** The raw extension_data (a view into the parsed input, not a copy). */
  data: Uint8Array;
};

/** The extension variant(s) of one kind. */
export type ExtensionOfKind<K extends ExtensionKind> = Extract<ClientHelloExtension, { kind: K }>;

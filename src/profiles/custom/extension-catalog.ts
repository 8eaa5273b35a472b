/**
 * Extensions the builders cannot offer as a browser would, by code point, with the reason a
 * refusal gives. Two kinds: those whose client data is empty but whose acceptance by a server the
 * engine cannot follow through (offered only with `allowUnimplemented`), and those whose data
 * cannot be chosen for the caller or that only make sense elsewhere (DTLS, QUIC).
 */

export interface CatalogEntry {
  name: string;
  why: string;
}

const entry = (name: string, why: string): CatalogEntry => ({ name, why });

/**
 * Empty on the client's side, so a JA3 can name them and a clone carries their exact bytes; a
 * server that accepts one gets a precise alert from the engine (it is not in the ServerHello
 * extensions the engine takes), never a silently broken connection.
 */
export const FIDELITY_ONLY: ReadonlyMap<number, CatalogEntry> = new Map([
  [22, entry('encrypt_then_mac', 'a TLS 1.2 server that accepts it for a CBC suite expects encrypt-then-MAC records, which the engine does not write')],
  [49, entry('post_handshake_auth', 'the engine does not answer a post-handshake CertificateRequest')],
  [13172, entry('next_protocol_negotiation', 'the engine does not send NextProtocol')],
  [30031, entry('channel_id_old', 'the engine does not send a Channel ID')],
  [30032, entry('channel_id', 'the engine does not send a Channel ID')],
]);

/** Never built from a JA3: no sensible client data exists, or the feature is not TLS-over-TCP's. */
export const UNSYNTHESIZABLE: ReadonlyMap<number, CatalogEntry> = new Map([
  [1, entry('max_fragment_length', 'it needs a fragment length, and the engine does not fragment records to one')],
  [2, entry('client_certificate_url', 'the engine sends no client certificate')],
  [3, entry('trusted_ca_keys', 'it needs the list of CA keys the client holds')],
  [4, entry('truncated_hmac', 'the engine does not truncate MACs')],
  [6, entry('user_mapping', 'it needs user mapping data')],
  [7, entry('client_authz', 'it needs authorization data')],
  [8, entry('server_authz', 'it needs authorization data')],
  [9, entry('cert_type', 'OpenPGP certificates are not supported')],
  [12, entry('srp', 'it needs an SRP user name')],
  [14, entry('use_srtp', 'it belongs to DTLS-SRTP')],
  [15, entry('heartbeat', 'the engine does not do heartbeats')],
  [19, entry('client_certificate_type', 'raw public keys are not supported')],
  [20, entry('server_certificate_type', 'raw public keys are not supported')],
  [24, entry('token_binding', 'it needs token binding parameters, and the engine binds no tokens')],
  [25, entry('cached_info', 'it needs cached server data')],
  [26, entry('tls_lts', 'TLS-LTS is not supported')],
  [29, entry('pwd_protect', 'password authentication is not supported')],
  [30, entry('pwd_clear', 'password authentication is not supported')],
  [31, entry('password_salt', 'password authentication is not supported')],
  [32, entry('ticket_pinning', 'it needs a pinning ticket')],
  [33, entry('tls_cert_with_extern_psk', 'external PSKs are not supported')],
  [47, entry('certificate_authorities', 'it needs the list of CA names the client trusts')],
  [48, entry('oid_filters', 'only a server sends it')],
  [53, entry('connection_id_deprecated', 'it belongs to DTLS')],
  [54, entry('connection_id', 'it belongs to DTLS')],
  [55, entry('external_id_hash', 'it belongs to DTLS-SRTP')],
  [56, entry('external_session_id', 'it belongs to DTLS-SRTP')],
  [57, entry('quic_transport_parameters', 'it belongs to QUIC')],
  [58, entry('ticket_request', 'it needs ticket counts')],
  [59, entry('dnssec_chain', 'it needs a DNSSEC chain port')],
]);

/** Names of what the builders synthesise, for messages. */
const NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'server_name'],
  [5, 'status_request'],
  [10, 'supported_groups'],
  [11, 'ec_point_formats'],
  [13, 'signature_algorithms'],
  [16, 'application_layer_protocol_negotiation'],
  [18, 'signed_certificate_timestamp'],
  [21, 'padding'],
  [23, 'extended_master_secret'],
  [27, 'compress_certificate'],
  [28, 'record_size_limit'],
  [34, 'delegated_credentials'],
  [35, 'session_ticket'],
  [41, 'pre_shared_key'],
  [42, 'early_data'],
  [43, 'supported_versions'],
  [44, 'cookie'],
  [45, 'psk_key_exchange_modes'],
  [50, 'signature_algorithms_cert'],
  [51, 'key_share'],
  [17513, 'application_settings_old'],
  [17613, 'application_settings'],
  [51764, 'trust_anchors'],
  [65037, 'encrypted_client_hello'],
  [65281, 'renegotiation_info'],
]);

export function extensionLabel(id: number): string {
  const name = NAMES.get(id) ?? FIDELITY_ONLY.get(id)?.name ?? UNSYNTHESIZABLE.get(id)?.name;
  return name ? `${id} (${name})` : String(id);
}

/**
 * The TLS extension registry, once: every extension code point the package names (IANA "TLS
 * ExtensionType Values", plus the drafts browsers send). The engine writes and reads extensions by
 * these ids, the fingerprint toolkit decodes and names them, and the JA3 builder's messages label
 * them; each takes its ids and names from here so that no two parts can disagree.
 *
 * Keys are the IANA names, except `alpn` (16), which is also the key of the hello spec and of the
 * parsed extension; messages spell it out (`extensionIanaName`).
 */
export const ExtensionType = {
  server_name: 0,
  max_fragment_length: 1,
  client_certificate_url: 2,
  trusted_ca_keys: 3,
  truncated_hmac: 4,
  status_request: 5,
  user_mapping: 6,
  client_authz: 7,
  server_authz: 8,
  cert_type: 9,
  supported_groups: 10,
  ec_point_formats: 11,
  srp: 12,
  signature_algorithms: 13,
  use_srtp: 14,
  heartbeat: 15,
  alpn: 16,
  signed_certificate_timestamp: 18,
  client_certificate_type: 19,
  server_certificate_type: 20,
  padding: 21,
  encrypt_then_mac: 22,
  extended_master_secret: 23,
  token_binding: 24,
  cached_info: 25,
  tls_lts: 26,
  compress_certificate: 27,
  record_size_limit: 28,
  pwd_protect: 29,
  pwd_clear: 30,
  password_salt: 31,
  ticket_pinning: 32,
  tls_cert_with_extern_psk: 33,
  delegated_credentials: 34,
  session_ticket: 35,
  pre_shared_key: 41,
  early_data: 42,
  supported_versions: 43,
  cookie: 44,
  psk_key_exchange_modes: 45,
  certificate_authorities: 47,
  oid_filters: 48,
  post_handshake_auth: 49,
  signature_algorithms_cert: 50,
  key_share: 51,
  connection_id_deprecated: 53,
  connection_id: 54,
  external_id_hash: 55,
  external_session_id: 56,
  quic_transport_parameters: 57,
  ticket_request: 58,
  dnssec_chain: 59,
  next_protocol_negotiation: 13172,
  /** ALPS as first deployed by Chrome (draft-vvv-tls-alps, old code point). */
  application_settings_old: 0x4469,
  /** ALPS under its newer code point (Chrome 131+). */
  application_settings: 0x44cd,
  channel_id_old: 30031,
  channel_id: 30032,
  /** draft-ietf-tls-trust-anchor-ids, BoringSSL's experimental code point. */
  trust_anchors: 0xca34,
  encrypted_client_hello: 0xfe0d,
  renegotiation_info: 0xff01,
} as const;

export type ExtensionName = keyof typeof ExtensionType;

/** The part of the registry a tool names, with the registry's ids and literal types. */
export function extensionSubset<K extends ExtensionName>(names: readonly K[]): Pick<typeof ExtensionType, K> {
  return Object.fromEntries(names.map((name) => [name, ExtensionType[name]])) as Pick<typeof ExtensionType, K>;
}

const NAMES = new Map<number, string>(Object.entries(ExtensionType).map(([name, id]) => [id, name]));

/** The registry's key for an id, or undefined for an id it does not name. */
export function extensionKey(id: number): string | undefined {
  return NAMES.get(id);
}

/** The IANA name of an id, for messages: the registry's key, with `alpn` spelt out. */
export function extensionIanaName(id: number): string | undefined {
  return id === ExtensionType.alpn ? 'application_layer_protocol_negotiation' : NAMES.get(id);
}

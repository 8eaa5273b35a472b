import type { Profile } from '../types.js';
import { firefox133 } from './firefox_133.js';
import { variant, withHeader } from './variant.js';

/**
 * Firefox 147 on Windows, as tls-client publishes it: Firefox 135's layout without the SHA-1
 * signature schemes except rsa_pkcs1_sha1, and without ecdsa_sha1 in delegated_credentials.
 */
export const firefox147: Profile = variant(firefox133, {
  id: 'firefox_147',
  version: 147,
  source:
    'bogdanfinn/tls-client Firefox_147 (added after v1.13.1; read from a stored copy of its contributed_browser_profiles.go): cipher suites, groups, extension order (signed_certificate_timestamp after delegated_credentials, session_ticket and psk_key_exchange_modes present), delegated_credentials 0403/0503/0603, signature_algorithms without ecdsa_sha1, three key shares; HTTP/2 SETTINGS 1:65536;2:0;4:131072;5:16384, WINDOW_UPDATE 12517377, HEADERS weight 42 (wire 41) on stream 0. ' +
    'It is the only source for 147. The firefox-153 capture sends ecdsa_sha1 in both lists and drops ECDHE_ECDSA_AES_128_CBC_SHA; this file keeps tls-client\'s 147 as published. ECH GREASE, HPACK, headers: as firefox_133, user agent 147.',
  tls: {
    ...structuredClone(firefox133.tls),
    extensions: [
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      { type: 'supported_groups', groups: [0x11ec, 0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'session_ticket' },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'delegated_credentials', schemes: [0x0403, 0x0503, 0x0603] },
      { type: 'signed_certificate_timestamp' },
      // NSS reuses the X25519 key: the x25519 share is the hybrid's last 32 bytes (lib/ssl/tls13con.c
      // tls13_CreateKeyShare, tls13_FindHybridKeyPair; seen in every firefox-153 capture).
      { type: 'key_share', groups: [0x11ec, 0x001d, 0x0017], reuseEcdhKey: true },
      { type: 'supported_versions', versions: [0x0304, 0x0303] },
      { type: 'signature_algorithms', schemes: [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201] },
      { type: 'cookie' },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'record_size_limit', limit: 0x4001 },
      { type: 'compress_certificate', algorithms: [1, 2, 3] },
      { type: 'ech_grease', kdf: 0x0001, aeads: [0x0001, 0x0003], payloadLengths: [239], encLength: 32, enc: 'random' },
      { type: 'pre_shared_key' },
    ],
  },
  headers: withHeader(firefox133.headers, 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:147.0) Gecko/20100101 Firefox/147.0'),
});

import type { Profile } from '../types.js';
import { firefox102 } from './firefox_102.js';
import { variant, withHeader } from './variant.js';

/**
 * Firefox 120 on Windows: Firefox 117's ClientHello plus ECH GREASE (which also takes the hello
 * past 512 bytes, so NSS no longer pads it), and the same HTTP/2 opening and headers.
 */
export const firefox120: Profile = variant(firefox102, {
  id: 'firefox_120',
  version: 120,
  source:
    'shared/profiles/firefox_120.json: TLS from refraction-networking/utls HelloFirefox_120 (its JA4 t13d1715h2_5b57614c22b0_5c2c66f702b0 is published by apify/impit), HTTP/2 from bogdanfinn/tls-client Firefox_120 (Akamai 3d9132023bf26a71d40fe766e5c24c9d), headers from the lwthiker Firefox 117.0.1 capture with the 120 user agent. ' +
    'tls-client Firefox_120 omits session_ticket and psk_key_exchange_modes and uses BoringSSL-style ECH GREASE; the published JA4 matches uTLS, which this file follows. ECH GREASE: HKDF-SHA256 with AES-128-GCM or ChaCha20-Poly1305 and a 239-byte payload (uTLS; NSS tls13_MaybeGreaseEch as analysed in firefox_153).',
  tls: {
    ...structuredClone(firefox102.tls),
    extensions: [
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      { type: 'supported_groups', groups: [0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'session_ticket' },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'delegated_credentials', schemes: [0x0403, 0x0503, 0x0603, 0x0203] },
      { type: 'key_share', groups: [0x001d, 0x0017] },
      { type: 'supported_versions', versions: [0x0304, 0x0303] },
      {
        type: 'signature_algorithms',
        schemes: [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201],
      },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'record_size_limit', limit: 0x4001 },
      { type: 'ech_grease', kdf: 0x0001, aeads: [0x0001, 0x0003], payloadLengths: [239], encLength: 32, enc: 'random' },
      { type: 'pre_shared_key', ticketAge: 'milliseconds' },
    ],
  },
  headers: withHeader(firefox102.headers, 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0'),
});

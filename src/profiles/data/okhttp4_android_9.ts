import type { Profile } from '../types.js';
import { okhttp4Android13 } from './okhttp4_android_13.js';
import { variant } from './variant.js';

/** OkHttp 4 on Android 9. Android 9's Conscrypt: TLS 1.2 only, RSA-PSS offered. HTTP/2 and headers as on Android 13. */
export const okhttp4Android9: Profile = variant(okhttp4Android13, {
  id: 'okhttp4_android_9',
  version: 9,
  source:
    'bogdanfinn/tls-client profiles/contributed_custom_profiles.go Okhttp4Android9: a TLS 1.2-only ClientHello (no supported_versions, no key_share) in Conscrypt\'s order, with the HTTP/2 values of the Android 10-13 profiles; tls-client tests publish JA3 6f5e62edfa5933b1332ddf8b9fb3ef9d and Akamai 605a1154008045d7e3cb3c6fb062c0ce. ' +
    'Session id: empty, as BoringSSL sends when TLS 1.3 is off and no session is resumed; tls-client (Go\'s crypto/tls) always sends 32 random bytes, which JA3 and JA4 do not see. Headers: as okhttp4_android_13.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [0xc02b, 0xc02c, 0xcca9, 0xc02f, 0xc030, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035],
    compressionMethods: [0],
    sessionIdLength: 0,
    permuteExtensions: false,
    extensions: [
      { type: 'renegotiation_info' },
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'session_ticket' },
      { type: 'signature_algorithms', schemes: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201] },
      { type: 'status_request' },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'supported_groups', groups: [0x001d, 0x0017, 0x0018] },
      { type: 'padding', rule: 'boringssl' },
    ],
  },
});

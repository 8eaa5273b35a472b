import { GREASE } from '../../vocabulary/hello-spec.js';
import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  ALPS_OLD,
  H2_SETTINGS_106,
  X25519_KYBER768_DRAFT00,
  alps,
  chromeCipherSuites,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
  chromePreSharedKey,
  chromeSignatureSchemes,
  windowsChromeUserAgent,
} from './chromium-parts.js';

/**
 * Chrome 116 with the post-quantum trial on (chrome://flags "TLS 1.3 hybridized Kyber support",
 * then a field trial): X25519Kyber768Draft00 is listed right after GREASE and gets the first real
 * key share, 1216 bytes (X25519 32 || Kyber768 public key 1184). Everything else is Chrome 116's.
 * The share pushes the hello far past 512 bytes, so BoringSSL's padding never applies.
 */
export const chrome116PQ: Profile = {
  id: 'chrome_116_PQ',
  aliases: ['chrome_116_PSK_PQ'],
  browser: 'chrome',
  version: 116,
  source:
    'TLS: tls-client Chrome_116_PSK_PQ = bogdanfinn/utls HelloChrome_115_PQ_PSK (refraction-networking/utls HelloChrome_115_PQ: curves GREASE, X25519Kyber768Draft00, X25519, P-256, P-384; key shares GREASE, X25519Kyber768Draft00, X25519; shuffled). The 0x6399 share layout (X25519 first) per draft-tls-westerbaan-xyber768d00 and shared/profiles/chrome_124.json. HTTP/2 and headers as chrome_116. The _PSK suffix is tls-client naming a hello with pre_shared_key, which every Chrome profile here sends when it resumes.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: chromeCipherSuites(),
    compressionMethods: [0],
    sessionIdLength: 32,
    permuteExtensions: true,
    extensions: [
      { type: 'grease', slot: 1, body: 'empty' },
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      { type: 'supported_groups', groups: [GREASE, X25519_KYBER768_DRAFT00, 0x001d, 0x0017, 0x0018] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'session_ticket' },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'signature_algorithms', schemes: chromeSignatureSchemes() },
      { type: 'signed_certificate_timestamp' },
      { type: 'key_share', groups: [GREASE, X25519_KYBER768_DRAFT00, 0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'supported_versions', versions: [GREASE, 0x0304, 0x0303] },
      { type: 'cookie' },
      { type: 'compress_certificate', algorithms: [2] },
      alps(ALPS_OLD),
      { type: 'grease', slot: 2, body: 'zero-byte' },
      chromePreSharedKey(),
    ],
  },
  http2: chromeHttp2(H2_SETTINGS_106),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(116, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(116)],
    ['accept', ACCEPT_NAVIGATION_SXG_07],
    ['sec-fetch-site', 'none'],
    ['sec-fetch-mode', 'navigate'],
    ['sec-fetch-user', '?1'],
    ['sec-fetch-dest', 'document'],
    ['accept-encoding', 'gzip, deflate, br'],
    ['accept-language', 'en-US,en;q=0.9'],
  ],
  headerPlacement: chromeHeaderPlacement(),
};

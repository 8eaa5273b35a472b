import { GREASE } from '../../vocabulary/hello-spec.js';
import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  ALPS_OLD,
  H2_SETTINGS_117,
  X25519_KYBER768_DRAFT00,
  alps,
  chromeCipherSuites,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
  chromePreSharedKey,
  chromeSignatureSchemes,
  echGrease,
  windowsChromeUserAgent,
} from './chromium-parts.js';

/**
 * Chrome 124 on Windows: X25519Kyber768Draft00 on by default (124-130), listed after GREASE and
 * sent as the first real key share (1216 bytes: X25519 32 || Kyber768 public key 1184). The hello is
 * then near 1.8 KB, so BoringSSL never pads it. zstd joined Accept-Encoding in 123 and the `priority`
 * header (RFC 9218) arrived with 124.
 */
export const chrome124: Profile = {
  id: 'chrome_124',
  browser: 'chrome',
  version: 124,
  source:
    'shared/profiles/chrome_124.json (lexiforest/curl-impersonate tests/signatures/chrome_124.0.6367.60.yaml capture, tls-client Chrome_124, uTLS HelloChrome_120_PQ layout, wreq-util v124 CURVES_2 and test_chrome124). HTTP/2 1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p. Headers: the capture (zstd, priority u=0, i), on Windows; tls-client profiles/headers.go dates zstd to 123 and priority to 124.',
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
      echGrease(),
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
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(124, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(124)],
    ['accept', ACCEPT_NAVIGATION_SXG_07],
    ['sec-fetch-site', 'none'],
    ['sec-fetch-mode', 'navigate'],
    ['sec-fetch-user', '?1'],
    ['sec-fetch-dest', 'document'],
    ['accept-encoding', 'gzip, deflate, br, zstd'],
    ['accept-language', 'en-US,en;q=0.9'],
    ['priority', 'u=0, i'],
  ],
  headerPlacement: chromeHeaderPlacement(),
};

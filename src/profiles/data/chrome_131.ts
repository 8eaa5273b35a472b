import { GREASE } from '../../vocabulary/hello-spec.js';
import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  ALPS_OLD,
  H2_SETTINGS_117,
  X25519_MLKEM768,
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
 * Chrome 131 on Windows: X25519MLKEM768 replaces X25519Kyber768Draft00 (same place, same 1216 bytes,
 * ML-KEM encapsulation key first this time); ALPS still on the old codepoint 17513.
 */
export const chrome131: Profile = {
  id: 'chrome_131',
  aliases: ['chrome_131_PSK'],
  browser: 'chrome',
  version: 131,
  source:
    'shared/profiles/chrome_131.json (uTLS HelloChrome_131, tls-client Chrome_131 and Chrome_131_PSK, lexiforest/curl-impersonate tests/signatures/chrome_131.0.6778.86.yaml capture and curl_chrome131, wreq-util v131 CURVES_3 and test_chrome131, apify/impit fingerprints). HTTP/2 1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p. Headers: the capture, on Windows. chrome_131_PSK is tls-client naming the hello with pre_shared_key, which this profile sends whenever it resumes: the same browser on the wire.',
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
      { type: 'supported_groups', groups: [GREASE, X25519_MLKEM768, 0x001d, 0x0017, 0x0018] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'session_ticket' },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'signature_algorithms', schemes: chromeSignatureSchemes() },
      { type: 'signed_certificate_timestamp' },
      { type: 'key_share', groups: [GREASE, X25519_MLKEM768, 0x001d] },
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
    ['sec-ch-ua', secChUa(131, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(131)],
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

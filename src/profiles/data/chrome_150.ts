import { GREASE } from '../../vocabulary/hello-spec.js';
import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  ALPS_NEW,
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
 * Chrome 150 on Windows (captured on macOS): Chrome 149's hello (itself byte-identical to
 * 142 and 146 per lexiforest) with the three ML-DSA signature schemes (0x0904-0x0906) offered first.
 * No GREASE signature scheme yet (Chrome 156 adds one) and no trust-anchors extension.
 */
export const chrome150: Profile = {
  id: 'chrome_150',
  aliases: ['chrome_150_PSK'],
  browser: 'chrome',
  version: 150,
  source:
    'TLS, HTTP/2 and headers: lexiforest/curl-impersonate tests/signatures/chrome_150.0.7871.127_macOS.yaml (capture: sigalgs 2308-2309-2310 then the usual eight; groups GREASE, 4588, 29, 23, 24; ALPS 17613; ECH GREASE; shuffled) and bin/curl_chrome150; tls-client Chrome_150 and Chrome_150_PSK agree on the extension set. Headers from the capture, on Windows. chrome_150_PSK is tls-client naming the hello with pre_shared_key, which this profile sends whenever it resumes.',
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
      { type: 'signature_algorithms', schemes: [0x0904, 0x0905, 0x0906, ...chromeSignatureSchemes()] }, // mldsa44, mldsa65, mldsa87 first
      { type: 'signed_certificate_timestamp' },
      { type: 'key_share', groups: [GREASE, X25519_MLKEM768, 0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'supported_versions', versions: [GREASE, 0x0304, 0x0303] },
      { type: 'cookie' },
      { type: 'compress_certificate', algorithms: [2] },
      alps(ALPS_NEW),
      { type: 'grease', slot: 2, body: 'zero-byte' },
      chromePreSharedKey(),
    ],
  },
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(150, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(150)],
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

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
 * Chrome 133 on Windows: Chrome 131 with ALPS on its new codepoint, 17613 (0x44cd). Sources agree
 * on 17613 for 133 (uTLS, tls-client, the lexiforest chrome133a capture, wreq-util from 132);
 * apify/impit keeps 17513 until 136, and both were seen in the wild during 131-135 (an A/B trial,
 * lexiforest's "-a" suffix). This follows the capture.
 */
export const chrome133: Profile = {
  id: 'chrome_133',
  aliases: ['chrome_133_PSK'],
  browser: 'chrome',
  version: 133,
  source:
    'shared/profiles/chrome_133.json (uTLS HelloChrome_133, tls-client Chrome_133 and Chrome_133_PSK, lexiforest/curl-impersonate tests/signatures/chrome_133.0.6943.55.yaml capture and curl_chrome133a, wreq-util v133 and test_chrome133). HTTP/2 1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p. Headers: the capture, on Windows. tls-client Chrome_133 offers ALPN h3, h2, http/1.1 and ALPS h3, h2 over TCP; every other source (and Chrome itself, which never offers h3 over TCP) has h2, http/1.1 and ALPS h2: this follows them. chrome_133_PSK is tls-client naming the hello with pre_shared_key, which this profile sends whenever it resumes.',
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
      alps(ALPS_NEW),
      { type: 'grease', slot: 2, body: 'zero-byte' },
      chromePreSharedKey(),
    ],
  },
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(133, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(133)],
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

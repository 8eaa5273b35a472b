import { GREASE } from '../../vocabulary/hello-spec.js';
import type { Profile } from '../types.js';
import {
  ACCEPT_NAVIGATION_SXG_09,
  ALPS_OLD,
  H2_SETTINGS_103,
  alps,
  boringPadding,
  chromeCipherSuites,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
  chromePreSharedKey,
  chromeSignatureSchemes,
  windowsChromeUserAgent,
} from './chromium-parts.js';

/**
 * Chrome 103 on Windows: the hello of Chrome 100-109, before extension permutation, ECH GREASE and
 * post-quantum key shares. The extensions go out in BoringSSL's table order, as in the lwthiker
 * captures of 104 and 107 (and uTLS HelloChrome_103/104, tls-client Chrome_103). The sec-ch-ua is
 * the one Chrome 103 itself sent, copied from DevTools into many public scripts: 103 ran the first
 * brand-GREASE scheme (a GREASE character on each side of "Not", "A" and "Brand", version 99), which
 * 104 did not keep, so `secChUa` (the scheme from 105 on) does not apply.
 */
export const chrome103: Profile = {
  id: 'chrome_103',
  browser: 'chrome',
  version: 103,
  source:
    'TLS: lwthiker/curl-impersonate tests/signatures/chrome_104.0.5112.81_win10.yaml and chrome_107.0.5304.107_win10.yaml (captures; the 100-109 hello), bogdanfinn/utls u_parrots.go HelloChrome_103, tls-client profiles/internal_browser_profiles.go Chrome_103. HTTP/2: tls-client Chrome_103 and lexiforest/curl-impersonate bin/curl_chrome104 (1:65536;3:1000;4:6291456;6:262144, no ENABLE_PUSH). Headers: the chrome_104 capture (order, accept with signed-exchange q=0.9); sec-ch-ua as Chrome 103 sent it (DevTools copies in public code). Published: wreq-util tests/emulation_chrome.rs JA4 t13d1516h2_8daaf6152771_e5627efa2ab1 and Akamai 4f04edce68a7ecbe689edce7bf5f23f3 for 100/101/104.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: chromeCipherSuites(),
    compressionMethods: [0],
    sessionIdLength: 32,
    // Chrome shuffles only from 110 (the captures of 104 and 107 keep this order); uTLS and
    // tls-client shuffle 106-109 as well, tls_requests even asks tls-client to shuffle 103.
    permuteExtensions: false,
    extensions: [
      { type: 'grease', slot: 1, body: 'empty' },
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      { type: 'supported_groups', groups: [GREASE, 0x001d, 0x0017, 0x0018] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'session_ticket' },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'signature_algorithms', schemes: chromeSignatureSchemes() },
      { type: 'signed_certificate_timestamp' },
      { type: 'key_share', groups: [GREASE, 0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'supported_versions', versions: [GREASE, 0x0304, 0x0303] },
      // Sent only after a HelloRetryRequest with a cookie, in its table slot.
      { type: 'cookie' },
      { type: 'compress_certificate', algorithms: [2] },
      alps(ALPS_OLD),
      { type: 'grease', slot: 2, body: 'zero-byte' },
      boringPadding(),
      chromePreSharedKey(),
    ],
  },
  http2: chromeHttp2(H2_SETTINGS_103),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', '".Not/A)Brand";v="99", "Google Chrome";v="103", "Chromium";v="103"'],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(103)],
    ['accept', ACCEPT_NAVIGATION_SXG_09],
    ['sec-fetch-site', 'none'],
    ['sec-fetch-mode', 'navigate'],
    ['sec-fetch-user', '?1'],
    ['sec-fetch-dest', 'document'],
    ['accept-encoding', 'gzip, deflate, br'],
    ['accept-language', 'en-US,en;q=0.9'],
  ],
  headerPlacement: chromeHeaderPlacement(),
};

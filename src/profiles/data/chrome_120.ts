import { GREASE } from '../../vocabulary/hello-spec.js';
import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  ALPS_OLD,
  H2_SETTINGS_117,
  alps,
  boringPadding,
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
 * Chrome 120 on Windows: ECH GREASE (from 119, per the lwthiker 118/119 captures) joins the shuffled
 * extensions; X25519 is still the only key share. With ECH's 144-240 random bytes the hello sits
 * around 512 bytes, so BoringSSL pads it on some connections and not on others (short server names
 * and small ECH payloads fall in the 256..511 window): JA4 ..._02713d6af862 without padding,
 * t13d1517h2_..._b1ff8ab2d16f with it, both published for Chrome 120.
 */
export const chrome120: Profile = {
  id: 'chrome_120',
  browser: 'chrome',
  version: 120,
  source:
    'shared/profiles/chrome_120.json (uTLS HelloChrome_120, tls-client Chrome_120, lexiforest/lwthiker captures chrome_120.0.6099.71_linux and 120.0.6099.109_macOS, edge_120 capture for the padding, wreq-util test_chrome120, BoringSSL extensions.cc). HTTP/2 1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p (Akamai 52d84b11737d980aef856699f885ca86). Headers: the chrome_120 captures, on Windows. tls-client Chrome_120 has no padding extension and a fixed order; the captures show both the shuffle and (Edge 120) the padding, and this follows them.',
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
      { type: 'cookie' },
      { type: 'compress_certificate', algorithms: [2] },
      alps(ALPS_OLD),
      { type: 'grease', slot: 2, body: 'zero-byte' },
      boringPadding(),
      chromePreSharedKey(),
    ],
  },
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(120, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(120)],
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

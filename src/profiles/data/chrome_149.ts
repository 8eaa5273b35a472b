import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import { chrome133 } from './chrome_133.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  H2_SETTINGS_117,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
  windowsChromeUserAgent,
} from './chromium-parts.js';

/**
 * Chrome 149 on Windows: Chrome 133's hello (X25519MLKEM768, ALPS 17613, ECH GREASE, shuffled).
 */
export const chrome149: Profile = {
  id: 'chrome_149',
  browser: 'chrome',
  version: 149,
  source:
    'TLS: lexiforest/curl-impersonate tests/signatures/chrome_149.0.7827.102.yaml (capture via tls.peet.ws, macOS: JA4 t13d1516h2_8daaf6152771_d8a2da3f94cd, Akamai 52d84b11737d980aef856699f885ca86, published JA3 c8993abafe571b0a8117dc2ac407cbd5 for its order). HTTP/2 1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p. Headers: the 133/149 captures\' order and values, version 149, on Windows.',
  tls: structuredClone(chrome133.tls),
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(149, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(149)],
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

import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import { chrome103 } from './chrome_103.js';
import {
  ACCEPT_NAVIGATION_SXG_09,
  H2_SETTINGS_106,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
  windowsChromeUserAgent,
} from './chromium-parts.js';

/**
 * Chrome 106 on Windows: Chrome 103's hello, still in table order, with ENABLE_PUSH 0 added to
 * SETTINGS (from 106).
 */
export const chrome106: Profile = {
  id: 'chrome_106',
  browser: 'chrome',
  version: 106,
  source:
    'TLS: lwthiker/curl-impersonate tests/signatures/chrome_107.0.5304.107_win10.yaml (capture, no permutation) and lexiforest bin/curl_chrome107 (no tls-permute-extensions); tls-client Chrome_106 (bogdanfinn/utls HelloChrome_106) shuffles, which Chrome did only from 110. HTTP/2: lexiforest curl_chrome107 and tls-client Chrome_106 (1:65536;2:0;3:1000;4:6291456;6:262144). Headers: the 107 capture. Published by wreq-util (test_chrome106): JA4 t13d1516h2_8daaf6152771_e5627efa2ab1, Akamai a345a694846ad9f6c97bcc3c75adbe26.',
  tls: structuredClone(chrome103.tls),
  http2: chromeHttp2(H2_SETTINGS_106),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(106, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(106)],
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

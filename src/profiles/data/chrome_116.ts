import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import { chrome110 } from './chrome_110.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  H2_SETTINGS_106,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
  windowsChromeUserAgent,
} from './chromium-parts.js';

/**
 * Chrome 116 on Windows, without the post-quantum trial (see chrome_116_PQ): Chrome 110's
 * shuffled hello, no ECH GREASE yet.
 */
export const chrome116: Profile = {
  id: 'chrome_116',
  aliases: ['chrome_116_PSK'],
  browser: 'chrome',
  version: 116,
  source:
    'TLS and headers: lwthiker/curl-impersonate tests/signatures/chrome_116.0.5845.180_win10.yaml (capture: shuffled, padding, no ECH) and lexiforest bin/curl_chrome116. tls-client Chrome_116_PSK is bogdanfinn/utls HelloChrome_112_PSK, the same hello plus pre_shared_key, which every profile here sends when it resumes: chrome_116_PSK is this profile. HTTP/2: lexiforest curl_chrome116 and tls-client (1:65536;2:0;3:1000;4:6291456;6:262144). wreq-util test_chrome116 publishes ECH-era JA4s that the capture contradicts: not followed.',
  tls: structuredClone(chrome110.tls),
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

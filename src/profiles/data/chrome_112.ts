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
 * Chrome 112 on Windows: Chrome 110's shuffled hello and HTTP/2.
 */
export const chrome112: Profile = {
  id: 'chrome_112',
  browser: 'chrome',
  version: 112,
  source:
    'TLS: tls-client Chrome_112 (bogdanfinn/utls HelloChrome_112) and the lwthiker 110 and 116 captures on either side, which agree. HTTP/2: tls-client Chrome_112 (1:65536;2:0;3:1000;4:6291456;6:262144). Headers: the 110 capture\'s.',
  tls: structuredClone(chrome110.tls),
  http2: chromeHttp2(H2_SETTINGS_106),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(112, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(112)],
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

import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import { chrome103 } from './chrome_103.js';
import {
  ACCEPT_NAVIGATION_SXG_09,
  H2_SETTINGS_103,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
  windowsChromeUserAgent,
} from './chromium-parts.js';

/**
 * Chrome 105 on Windows: Chrome 103's hello and HTTP/2 (tls-client Chrome_105 keeps the 103-104
 * SETTINGS, without ENABLE_PUSH). The first version whose sec-ch-ua follows `secChUa`.
 */
export const chrome105: Profile = {
  id: 'chrome_105',
  browser: 'chrome',
  version: 105,
  source:
    'TLS: tls-client Chrome_105 (bogdanfinn/utls HelloChrome_105, the 103 spec) and the lwthiker 104/107 captures on either side, which agree field for field. HTTP/2: tls-client Chrome_105 (1:65536;3:1000;4:6291456;6:262144). Headers: the 104 capture\'s order and Accept; sec-ch-ua from Chromium\'s GenerateBrandVersionList. wreq-util test_chrome105 publishes ECH-era JA4s (..._02713d6af862), which no capture before 119 shows: not followed.',
  tls: structuredClone(chrome103.tls),
  http2: chromeHttp2(H2_SETTINGS_103),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(105, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(105)],
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

import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import { chrome110 } from './chrome_110.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  H2_SETTINGS_117,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
  windowsChromeUserAgent,
} from './chromium-parts.js';

/**
 * Chrome 117 on Windows: the shuffled X25519-only hello, no ECH GREASE yet (it arrives with 119
 * per the lwthiker 118/119 captures), and SETTINGS without MAX_CONCURRENT_STREAMS.
 */
export const chrome117: Profile = {
  id: 'chrome_117',
  browser: 'chrome',
  version: 117,
  source:
    'TLS: tls-client Chrome_117 (no ECH, padding) and the lwthiker 116 and 118 captures on either side, which agree; tls-client fixes one order where Chrome shuffles. HTTP/2: tls-client Chrome_117 and the lwthiker 118 capture (1:65536;2:0;4:6291456;6:262144, Akamai 52d84b11737d980aef856699f885ca86). Headers: the 116/118 captures. wreq-util test_chrome117 publishes ECH-era JA4s that tls-client and the 118 capture contradict: not followed.',
  tls: structuredClone(chrome110.tls),
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(117, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(117)],
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

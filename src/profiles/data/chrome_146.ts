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
 * Chrome 146 on Windows: Chrome 133's hello (X25519MLKEM768, ALPS 17613, ECH GREASE, shuffled).
 */
export const chrome146: Profile = {
  id: 'chrome_146',
  aliases: ['chrome_146_PSK'],
  browser: 'chrome',
  version: 146,
  source:
    'TLS: lexiforest bin/curl_chrome146 (same options as chrome133a) and wreq-util test_chrome146 (JA4 t13d1516h2_8daaf6152771_d8a2da3f94cd, Akamai 52d84b11737d980aef856699f885ca86); lexiforest\'s Chrome 149 capture says its hello is byte-identical to 142 and 146. tls-client Chrome_146 adds a trust-anchors extension (0xca34, empty list) that neither of those nor the 149 capture shows: not followed (Chrome 156 does send 0xca34, with a full list; see chrome_156). HTTP/2 1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p. Headers: the 133/149 captures\' order and values, version 146, on Windows. chrome_146_PSK is tls-client naming the hello with pre_shared_key, which this profile sends whenever it resumes.',
  tls: structuredClone(chrome133.tls),
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(146, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(146)],
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

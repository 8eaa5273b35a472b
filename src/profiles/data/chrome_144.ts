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
 * Chrome 144 on Windows: Chrome 133's hello (X25519MLKEM768, ALPS 17613, ECH GREASE, shuffled).
 */
export const chrome144: Profile = {
  id: 'chrome_144',
  aliases: ['chrome_144_PSK'],
  browser: 'chrome',
  version: 144,
  source:
    'TLS: tls-client Chrome_144 and Chrome_144_PSK (same extension set as Chrome_133). HTTP/2 1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p. Headers: the 133/149 captures\' order and values, version 144, on Windows. chrome_144_PSK is tls-client naming the hello with pre_shared_key, which this profile sends whenever it resumes.',
  tls: structuredClone(chrome133.tls),
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(144, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(144)],
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

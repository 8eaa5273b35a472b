import type { Profile } from '../types.js';
import { chrome103 } from './chrome_103.js';
import {
  ACCEPT_NAVIGATION_SXG_09,
  H2_SETTINGS_103,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
} from './chromium-parts.js';

/**
 * Opera 89 on Windows, built on Chromium 103: Chrome 103's hello and the 103-105 HTTP/2 SETTINGS.
 * `version` is the Chromium major (the engine this profile imitates); Opera's own number is in the
 * user agent. Opera seeds its brand GREASE differently from Chrome, so sec-ch-ua is the value
 * Opera 89 sent, not `secChUa`.
 */
export const opera89: Profile = {
  id: 'opera_89',
  browser: 'chrome',
  version: 103,
  source:
    'TLS: tls-client Opera_89 (bogdanfinn/utls HelloOpera_89: the Chrome 103 spec, table order, ALPS, padding). HTTP/2: tls-client Opera_89 (1:65536;3:1000;4:6291456;6:262144). Headers: Chromium 103\'s order and Accept (signed exchanges q=0.9); sec-ch-ua and user agent as Opera 89 sent them, copied from DevTools into public scripts (several independent copies agree).',
  tls: structuredClone(chrome103.tls),
  http2: chromeHttp2(H2_SETTINGS_103),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', '"Opera";v="89", "Chromium";v="103", "_Not:A-Brand";v="24"'],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/103.0.5060.134 Safari/537.36 OPR/89.0.4447.83'],
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

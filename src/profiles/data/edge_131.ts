import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import { chrome131 } from './chrome_131.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  H2_SETTINGS_117,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
} from './chromium-parts.js';

/**
 * Microsoft Edge 131 on Windows: Chrome 131's hello and HTTP/2 (no Edge 131 capture exists; Edge
 * 120's matched Chrome 120's), with Edge's brand and user agent.
 */
export const edge131: Profile = {
  id: 'edge_131',
  browser: 'chrome',
  version: 131,
  source:
    'shared/profiles/edge_131.json (wreq-util edge131 = v131 build with Edge headers, test_edge131: JA4 t13d1516h2_8daaf6152771_02713d6af862, Akamai 52d84b11737d980aef856699f885ca86). ALPS stays on 17513 (wreq-util keeps Edge on the v131 build even at 134).',
  tls: structuredClone(chrome131.tls),
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(131, 'Microsoft Edge')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0'],
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

import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import { chrome120 } from './chrome_120.js';
import {
  H2_SETTINGS_117,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
} from './chromium-parts.js';

/**
 * Microsoft Edge 120 on Windows: Chrome 120's hello and HTTP/2 (the capture matches them, padding
 * included); Edge's brand, user agent and an Accept without AVIF (Edge added AVIF in 121).
 */
export const edge120: Profile = {
  id: 'edge_120',
  browser: 'chrome',
  version: 120,
  source:
    'TLS, HTTP/2 and headers: lwthiker/curl-impersonate tests/signatures/edge_120.0.2210.61_linux.yaml (capture, Linux; published JA3n 8a9ee1d3c6f0f892b4d43cabcf554150 with padding, Akamai 52d84b11737d980aef856699f885ca86), presented on Windows.',
  tls: structuredClone(chrome120.tls),
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(120, 'Microsoft Edge')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0'],
    ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7'],
    ['sec-fetch-site', 'none'],
    ['sec-fetch-mode', 'navigate'],
    ['sec-fetch-user', '?1'],
    ['sec-fetch-dest', 'document'],
    ['accept-encoding', 'gzip, deflate, br'],
    ['accept-language', 'en-US,en;q=0.9'],
  ],
  headerPlacement: chromeHeaderPlacement(),
};

import type { Profile } from '../types.js';
import { chrome103 } from './chrome_103.js';
import {
  H2_SETTINGS_103,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
} from './chromium-parts.js';

/**
 * Microsoft Edge 101 on Windows: Chromium 101's hello (the same as Chrome 103's, field for field)
 * and HTTP/2; Edge's own brand and user agent (full version, Edg/ suffix) and an Accept without AVIF.
 */
export const edge101: Profile = {
  id: 'edge_101',
  browser: 'chrome',
  version: 101,
  source:
    'TLS and headers: lwthiker/curl-impersonate tests/signatures/edge_101.0.1210.47_win10.yaml (capture). HTTP/2: the Chromium 100-105 SETTINGS (1:65536;3:1000;4:6291456;6:262144); wreq-util test_edge101 publishes Akamai 4f04edce68a7ecbe689edce7bf5f23f3 for it and JA4 t13d1516h2_8daaf6152771_e5627efa2ab1.',
  tls: structuredClone(chrome103.tls),
  http2: chromeHttp2(H2_SETTINGS_103),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', '" Not A;Brand";v="99", "Chromium";v="101", "Microsoft Edge";v="101"'],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/101.0.4951.64 Safari/537.36 Edg/101.0.1210.47'],
    ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.9'],
    ['sec-fetch-site', 'none'],
    ['sec-fetch-mode', 'navigate'],
    ['sec-fetch-user', '?1'],
    ['sec-fetch-dest', 'document'],
    ['accept-encoding', 'gzip, deflate, br'],
    ['accept-language', 'en-US,en;q=0.9'],
  ],
  headerPlacement: chromeHeaderPlacement(),
};

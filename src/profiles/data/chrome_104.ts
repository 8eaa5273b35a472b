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
 * Chrome 104 on Windows: Chrome 103's hello and HTTP/2. Its sec-ch-ua, from the capture, keeps the
 * old fixed GREASE brand " Not A;Brand" (v=99) in the permuted order; the generated brand
 * (`secChUa`) starts with 105.
 */
export const chrome104: Profile = {
  id: 'chrome_104',
  browser: 'chrome',
  version: 104,
  source:
    'TLS and headers: lwthiker/curl-impersonate tests/signatures/chrome_104.0.5112.81_win10.yaml (capture) and lexiforest bin/curl_chrome104; tls-client Chrome_104 (uTLS HelloChrome_104 = HelloChrome_103). HTTP/2: lexiforest curl_chrome104 and tls-client Chrome_104 (1:65536;3:1000;4:6291456;6:262144). Published by wreq-util (test_chrome104): JA4 t13d1516h2_8daaf6152771_e5627efa2ab1, Akamai 4f04edce68a7ecbe689edce7bf5f23f3.',
  tls: structuredClone(chrome103.tls),
  http2: chromeHttp2(H2_SETTINGS_103),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', '"Chromium";v="104", " Not A;Brand";v="99", "Google Chrome";v="104"'],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(104)],
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

import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import { chrome103 } from './chrome_103.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  H2_SETTINGS_106,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
  windowsChromeUserAgent,
} from './chromium-parts.js';

/**
 * Chrome 110 on Windows: Chrome 103's extensions, now shuffled on every connection (BoringSSL's
 * SSL_set_permute_extensions, on by default from 110; the lwthiker 110 capture and lexiforest's
 * chrome110 target set tls_permute_extensions, the 107 capture does not). GREASE stays first and
 * last, padding and pre_shared_key keep their places. Signed exchanges drop to q=0.7 in Accept.
 */
export const chrome110: Profile = {
  id: 'chrome_110',
  browser: 'chrome',
  version: 110,
  source:
    'TLS: lwthiker/curl-impersonate tests/signatures/chrome_110.0.5481.177_win10.yaml (capture, tls_permute_extensions), lexiforest/curl-impersonate bin/curl_chrome110, tls-client Chrome_110. HTTP/2: lexiforest curl_chrome110 and tls-client Chrome_110 (1:65536;2:0;3:1000;4:6291456;6:262144); wreq-util publishes Akamai 4f04edce68a7ecbe689edce7bf5f23f3 (no ENABLE_PUSH) for its chrome110, which the two sources above contradict. Headers: the chrome_110 capture. JA4 t13d1516h2_8daaf6152771_e5627efa2ab1 published by wreq-util (test_chrome110).',
  tls: { ...structuredClone(chrome103.tls), permuteExtensions: true },
  http2: chromeHttp2(H2_SETTINGS_106),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(110, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(110)],
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

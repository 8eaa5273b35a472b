import { secChUa } from '../sec-ch-ua.js';
import type { Profile } from '../types.js';
import { chrome124 } from './chrome_124.js';
import {
  ACCEPT_NAVIGATION_SXG_07,
  H2_SETTINGS_117,
  chromeHeaderPlacement,
  chromeHttp1,
  chromeHttp2,
  windowsChromeUserAgent,
} from './chromium-parts.js';

/**
 * Chrome 130 on Windows, the last version with X25519Kyber768Draft00: Chrome 124's hello.
 */
export const chrome130: Profile = {
  id: 'chrome_130',
  aliases: ['chrome_130_PSK'],
  browser: 'chrome',
  version: 130,
  source:
    'TLS: Chrome 124\'s hello (shared/profiles/chrome_124.json); wreq-util keeps v124\'s CURVES_2 (X25519Kyber768Draft00) through v130 and publishes JA4 t13d1516h2_8daaf6152771_02713d6af862 (test_chrome130); Chromium switched to X25519MLKEM768 in 131. tls-client Chrome_130_PSK has no post-quantum share at all (groups GREASE, X25519, P-256, P-384), which is not what Chrome 130 sent by default (a capture with PostQuantumKeyAgreementEnabled off, presumably): not followed. Its _PSK is the pre_shared_key every profile here sends when it resumes, so chrome_130_PSK is this profile. HTTP/2 1:65536;2:0;4:6291456;6:262144. Headers: Chrome 124\'s, version 130.',
  tls: structuredClone(chrome124.tls),
  http2: chromeHttp2(H2_SETTINGS_117),
  http1: chromeHttp1(),
  headers: [
    ['sec-ch-ua', secChUa(130, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', windowsChromeUserAgent(130)],
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

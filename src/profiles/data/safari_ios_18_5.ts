import type { Profile } from '../types.js';
import { safari180 } from './safari_18_0.js';
import { variant, withHeader } from './variant.js';

/** Safari on iOS 18.5: Safari 18's ClientHello; SETTINGS without ENABLE_CONNECT_PROTOCOL. */
export const safariIos185: Profile = variant(safari180, {
  id: 'safari_ios_18_5',
  version: 18,
  source:
    'bogdanfinn/tls-client Safari_IOS_18_5 (added after v1.13.1; read from a stored port of its profiles): the Safari 18.0 capture\'s ClientHello (signature_algorithms without ecdsa_sha1, TLS 1.0-1.3, zlib, padding), SETTINGS 2:0;3:100;4:2097152;9:1, WINDOW_UPDATE 10420225, m,s,a,p, HEADERS weight 256 (wire 255) non-exclusive. No capture of 18.5. Headers: the Safari 18.0 list with the 18.5 user agent.',
  http2: {
    ...structuredClone(safari180.http2),
    settings: [
      [2, 0], // ENABLE_PUSH
      [3, 100], // MAX_CONCURRENT_STREAMS
      [4, 2097152], // INITIAL_WINDOW_SIZE
      [9, 1], // NO_RFC7540_PRIORITIES
    ],
  },
  headers: withHeader(
    safari180.headers,
    'user-agent',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  ),
});

import type { Profile } from '../types.js';
import { safari180 } from './safari_18_0.js';
import { variant, withHeader } from './variant.js';

/** Safari on iOS 18.0: Safari 18.0 (macOS) on the wire, with the iPhone user agent. */
export const safariIos180: Profile = variant(safari180, {
  id: 'safari_ios_18_0',
  version: 18,
  source:
    'shared/profiles/safari_ios_18_0.json: lexiforest/curl-impersonate tests/signatures/safari_18.0_iOS.yaml, a copy of the macOS capture with the iPhone user agent (TLS, HTTP/2 and header order as safari_18_0; JA3 773906b0efdefa24a7f2b8eb6985bf37, JA4 t13d2014h2_a09f3c656075_e42f34c56612, Akamai d4a2dcbfde511b5040ed5a5190a8d78b). ' +
    'tls-client Safari_IOS_18_0 agrees on SETTINGS 2,3,4,8,9, WINDOW_UPDATE 10420225 and m,s,a,p, but keeps ecdsa_sha1 in signature_algorithms; the capture wins (see safari_18_0).',
  headers: withHeader(
    safari180.headers,
    'user-agent',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  ),
});

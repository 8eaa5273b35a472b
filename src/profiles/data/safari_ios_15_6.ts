import type { Profile } from '../types.js';
import { safari160 } from './safari_16_0.js';
import { variant, withHeader } from './variant.js';

/** Safari on iOS 15.6: as iOS 15.5, with its own user agent. */
export const safariIos156: Profile = variant(safari160, {
  id: 'safari_ios_15_6',
  version: 15,
  source:
    'bogdanfinn/tls-client Safari_IOS_15_6 (bogdanfinn/utls HelloIOS_15_6, one spec with 15.5): same published JA3 and Akamai as safari_ios_15_5. TLS, HTTP/2, headers: as safari_ios_15_5, user agent 15.6.',
  // iOS keeps a smaller stream window than macOS (2 MiB); the connection window is the same.
  http2: { ...structuredClone(safari160.http2), settings: [[4, 2097152], [3, 100]] },
  headers: withHeader(safari160.headers, 'user-agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 15_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1'),
});

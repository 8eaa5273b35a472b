import type { Profile } from '../types.js';
import { safari160 } from './safari_16_0.js';
import { variant, withHeader } from './variant.js';

/** Safari on iOS 16.0: Safari 16.0's ClientHello with the iOS HTTP/2 window. */
export const safariIos160: Profile = variant(safari160, {
  id: 'safari_ios_16_0',
  version: 16,
  source:
    'bogdanfinn/tls-client Safari_IOS_16_0 (bogdanfinn/utls HelloIOS_16_0): SETTINGS 4:2097152;3:100, WINDOW_UPDATE 10485760, m,s,p,a; published JA3 773906b0efdefa24a7f2b8eb6985bf37 and Akamai d5fcbdc393757341115a861bf8d23265. TLS and header list as safari_16_0 (no Fetch Metadata before Safari 16.4), iPhone user agent 16.0.',
  // iOS keeps a smaller stream window than macOS (2 MiB); the connection window is the same.
  http2: { ...structuredClone(safari160.http2), settings: [[4, 2097152], [3, 100]] },
  headers: withHeader(safari160.headers, 'user-agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Mobile/15E148 Safari/604.1'),
});

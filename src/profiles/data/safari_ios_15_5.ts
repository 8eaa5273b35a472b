import type { Profile } from '../types.js';
import { safari160 } from './safari_16_0.js';
import { variant, withHeader } from './variant.js';

/** Safari on iOS 15.5: Safari 16.0's ClientHello with the iOS HTTP/2 window. */
export const safariIos155: Profile = variant(safari160, {
  id: 'safari_ios_15_5',
  version: 15,
  source:
    'bogdanfinn/tls-client Safari_IOS_15_5 (bogdanfinn/utls HelloIOS_15_5): SETTINGS 4:2097152;3:100, WINDOW_UPDATE 10485760, m,s,p,a; published JA3 773906b0efdefa24a7f2b8eb6985bf37 and Akamai d5fcbdc393757341115a861bf8d23265. An older bogdanfinn/utls spec for HelloIOS_15_5 offers only TLS 1.3/1.2 and brotli; the Safari 15.5 and 17.2 captures show TLS 1.0-1.3 and zlib, which this file follows (as safari_16_0). Headers: the Safari 15.5 capture list with the iPhone user agent.',
  // iOS keeps a smaller stream window than macOS (2 MiB); the connection window is the same.
  http2: { ...structuredClone(safari160.http2), settings: [[4, 2097152], [3, 100]] },
  headers: withHeader(safari160.headers, 'user-agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 15_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.5 Mobile/15E148 Safari/604.1'),
});

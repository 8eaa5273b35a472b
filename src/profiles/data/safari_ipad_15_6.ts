import type { Profile } from '../types.js';
import { safari160 } from './safari_16_0.js';
import { variant, withHeader } from './variant.js';

/** Safari on iPadOS 15.6: Safari 16.0's ClientHello, the iOS HTTP/2 window, and the desktop-class user agent iPadOS sends by default. */
export const safariIpad156: Profile = variant(safari160, {
  id: 'safari_ipad_15_6',
  version: 15,
  source:
    'bogdanfinn/tls-client Safari_Ipad_15_6 (bogdanfinn/utls HelloIPad_15_6): SETTINGS 4:2097152;3:100, WINDOW_UPDATE 10485760, m,s,p,a; published JA3 773906b0efdefa24a7f2b8eb6985bf37 and Akamai d5fcbdc393757341115a861bf8d23265. TLS and header list: as safari_16_0 (the lwthiker Safari 15.5 capture). iPadOS Safari requests the desktop site by default, so its user agent is the Macintosh one with Version/15.6.',
  // iOS keeps a smaller stream window than macOS (2 MiB); the connection window is the same.
  http2: { ...structuredClone(safari160.http2), settings: [[4, 2097152], [3, 100]] },
  headers: withHeader(safari160.headers, 'user-agent', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Safari/605.1.15'),
});

import type { Profile } from '../types.js';
import { safari160 } from './safari_16_0.js';
import { variant, withHeader } from './variant.js';

/** Safari 15.6.1 on macOS: Safari 16.0's ClientHello and HTTP/2 opening, with its own user agent. */
export const safari1561: Profile = variant(safari160, {
  id: 'safari_15_6_1',
  version: 15,
  source:
    'bogdanfinn/tls-client Safari_15_6_1 (bogdanfinn/utls HelloSafari_15_6_1): the same HTTP/2 opening as Safari 16.0 and the same published JA3 773906b0efdefa24a7f2b8eb6985bf37 and Akamai dda308d35f4e5db7b52a61720ca1b122; the lwthiker Safari 15.5 capture has the same ClientHello and header list. TLS, HTTP/2, headers: as safari_16_0, user agent 15.6.1.',
  headers: withHeader(safari160.headers, 'user-agent', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6.1 Safari/605.1.15'),
});

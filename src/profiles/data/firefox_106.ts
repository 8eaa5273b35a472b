import type { Profile } from '../types.js';
import { firefox102 } from './firefox_102.js';
import { variant, withHeader } from './variant.js';

/** Firefox 106 on Windows: Firefox 102's ClientHello and HTTP/2 opening, with its own user agent. */
export const firefox106: Profile = variant(firefox102, {
  id: 'firefox_106',
  version: 106,
  source:
    'tls-client profiles Firefox_106 publishes the same JA3 and Akamai hash as firefox_102; the Firefox 102 and 109 captures bracket it with the same ClientHello and headers. HTTP/2 and the rest: as firefox_102.',
  headers: withHeader(firefox102.headers, 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:106.0) Gecko/20100101 Firefox/106.0'),
});

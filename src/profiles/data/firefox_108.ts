import type { Profile } from '../types.js';
import { firefox102 } from './firefox_102.js';
import { variant, withHeader } from './variant.js';

/** Firefox 108 on Windows: Firefox 102's ClientHello and HTTP/2 opening, with its own user agent. */
export const firefox108: Profile = variant(firefox102, {
  id: 'firefox_108',
  version: 108,
  source:
    'tls-client profiles Firefox_108 publishes the same JA3 and Akamai hash as firefox_102; the Firefox 109 capture (lwthiker/curl-impersonate firefox_109.0_win10.yaml) shows the same ClientHello and headers. HTTP/2 and the rest: as firefox_102.',
  headers: withHeader(firefox102.headers, 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:108.0) Gecko/20100101 Firefox/108.0'),
});

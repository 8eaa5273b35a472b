import type { Profile } from '../types.js';
import { firefox102 } from './firefox_102.js';
import { variant, withHeader } from './variant.js';

/** Firefox 104 on Windows: Firefox 102's ClientHello and HTTP/2 opening, with its own user agent. */
export const firefox104: Profile = variant(firefox102, {
  id: 'firefox_104',
  version: 104,
  source:
    'tls-client profiles Firefox_104 (uTLS HelloFirefox_104) publishes the same JA3 579ccef312d18482fc42e2b822ca2430 and Akamai 3d9132023bf26a71d40fe766e5c24c9d as firefox_102; no capture of 104 itself. The Firefox 102 and 109 captures (lwthiker/curl-impersonate) bracket it with the same ClientHello and headers. HTTP/2 and the rest: as firefox_102.',
  headers: withHeader(firefox102.headers, 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:104.0) Gecko/20100101 Firefox/104.0'),
});

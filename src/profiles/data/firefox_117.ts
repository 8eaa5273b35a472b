import type { Profile } from '../types.js';
import { firefox102 } from './firefox_102.js';
import { variant, withHeader } from './variant.js';

/** Firefox 117 on Windows: Firefox 102's ClientHello and HTTP/2 opening, with its own user agent. */
export const firefox117: Profile = variant(firefox102, {
  id: 'firefox_117',
  version: 117,
  source:
    'TLS and headers: lwthiker/curl-impersonate tests/signatures/firefox_117.0.1_win10.yaml (capture: the firefox_102 ClientHello, rv frozen at 109.0); tls-client profiles Firefox_117 publishes JA3 579ccef312d18482fc42e2b822ca2430 and the same HTTP/2 opening as firefox_102. HTTP/2 and the rest: as firefox_102.',
  headers: withHeader(firefox102.headers, 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/117.0'),
});

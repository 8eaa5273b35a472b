import type { Profile } from '../types.js';
import { firefox120 } from './firefox_120.js';
import { variant, withHeader } from './variant.js';

/** Firefox 123 on Windows: Firefox 120's ClientHello and HTTP/2 opening, with its own user agent. */
export const firefox123: Profile = variant(firefox120, {
  id: 'firefox_123',
  version: 123,
  source:
    'bogdanfinn/tls-client profiles Firefox_123: the same cipher suites, groups, extension order and HTTP/2 opening as Firefox 120 (uTLS HelloFirefox_120 layout); it differs only in BoringSSL-style ECH GREASE, where this file keeps NSS\'s (see firefox_120). Headers: as firefox_120 with the 123 user agent.',
  headers: withHeader(firefox120.headers, 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0'),
});

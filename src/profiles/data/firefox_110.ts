import type { Profile } from '../types.js';
import { firefox102 } from './firefox_102.js';
import { variant, withHeader } from './variant.js';

/** Firefox 110 on Windows: Firefox 102's ClientHello and HTTP/2 opening, with its own user agent. */
export const firefox110: Profile = variant(firefox102, {
  id: 'firefox_110',
  version: 110,
  source:
    'The Firefox 109 and 117.0.1 captures (lwthiker/curl-impersonate) show the same ClientHello as 102, session_ticket and psk_key_exchange_modes included; this file follows them. tls-client publishes JA3 ad55557b7cbd735c2627f7ebb3b3d493 for its firefox_110 (uTLS HelloFirefox_110 without those two extensions), which no capture of a neighbouring version supports. Firefox 110 to 119 freeze the rv token at 109.0 (as the 117.0.1 capture shows). HTTP/2 and the rest: as firefox_102.',
  headers: withHeader(firefox102.headers, 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/110.0'),
});

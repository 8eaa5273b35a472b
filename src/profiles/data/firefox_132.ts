import type { Profile } from '../types.js';
import { firefox133 } from './firefox_133.js';
import { variant, withHeader } from './variant.js';

/** Firefox 132 on Windows: Firefox 133's ClientHello and HTTP/2 opening, with its own user agent. */
export const firefox132: Profile = variant(firefox133, {
  id: 'firefox_132',
  version: 132,
  source:
    'No capture of Firefox 132. bogdanfinn/tls-client Firefox_132 has the Firefox 133 cipher suites, groups (X25519MLKEM768 first), three key shares, certificate compression and ECH GREASE; it publishes JA3 a767f8ae9115cc5752e5cff59612e74f and Akamai 1:65536;2:0;4:131072;5:16384;9:1. ' +
    'This file follows the Firefox 133 capture instead where they differ: session_ticket and psk_key_exchange_modes present (every Firefox capture 102-153 has them) and no SETTINGS_NO_RFC7540_PRIORITIES (neither the 133 nor the 153 capture sends it). Everything else: as firefox_133, user agent 132.',
  headers: withHeader(firefox133.headers, 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0'),
});

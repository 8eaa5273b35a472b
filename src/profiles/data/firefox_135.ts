import type { ExtensionSpec } from '../../vocabulary/hello-spec.js';
import type { Profile } from '../types.js';
import { firefox133 } from './firefox_133.js';
import { variant, withHeader } from './variant.js';

// Firefox 135 turned on Certificate Transparency enforcement, so NSS asks for SCTs right after
// delegated_credentials, where the Firefox 153 capture still has the extension.
const extensions: ExtensionSpec[] = firefox133.tls.extensions.flatMap((e): ExtensionSpec[] =>
  e.type === 'delegated_credentials' ? [structuredClone(e), { type: 'signed_certificate_timestamp' }] : [structuredClone(e)],
);

/** Firefox 135 on Windows: Firefox 133 plus the signed_certificate_timestamp extension. */
export const firefox135: Profile = variant(firefox133, {
  id: 'firefox_135',
  version: 135,
  source:
    'bogdanfinn/tls-client Firefox_135: the Firefox 133 suites, groups and key shares with signed_certificate_timestamp after delegated_credentials (as in the firefox-153 capture) and the same HTTP/2 SETTINGS and WINDOW_UPDATE. ' +
    'tls-client omits session_ticket and psk_key_exchange_modes; the Firefox 133 and 153 captures both send them, and this file keeps them. ECH GREASE, HTTP/2 and headers: as firefox_133, user agent 135.',
  tls: { ...structuredClone(firefox133.tls), extensions },
  headers: withHeader(firefox133.headers, 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:135.0) Gecko/20100101 Firefox/135.0'),
});

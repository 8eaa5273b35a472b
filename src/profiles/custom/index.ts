/**
 * Custom fingerprints: a profile from a JA3 string (with an Akamai HTTP/2 string and a header
 * order). Clones of a captured ClientHello parse it, so they sit with the parser in the
 * fingerprint toolkit (src/fingerprint/clone); what they share with JA3 profiles stays here.
 */
export type { CustomProfileOptions, Ja3ProfileOptions } from './options.js';
export { profileFromJa3 } from './from-ja3.js';
export { clientHelloFromPcap } from './pcap.js';
export { http2FromAkamai, profileWithAkamai } from './from-akamai.js';
export { parseAkamai, type AkamaiParts } from './akamai-text.js';
export { parseJa3, type Ja3Fields } from './ja3-text.js';
export { withHeaderOrder } from './header-order.js';

/**
 * Custom and cloned fingerprints: a profile from a JA3 string (with an Akamai HTTP/2 string and a
 * header order), or from a captured ClientHello (bytes, hex, or a pcap's first hello).
 */
export type { CustomProfileOptions, Ja3ProfileOptions } from './options.js';
export { profileFromJa3 } from './from-ja3.js';
export { profileFromClientHello } from './from-client-hello.js';
export { profileFromPcap } from './from-pcap.js';
export { clientHelloFromPcap } from './pcap.js';
export { http2FromAkamai, profileWithAkamai } from './from-akamai.js';
export { parseAkamai, type AkamaiParts } from './akamai-text.js';
export { parseJa3, type Ja3Fields } from './ja3-text.js';
export { withHeaderOrder } from './header-order.js';

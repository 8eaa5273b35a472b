/**
 * Browser profiles: plain data describing a browser's ClientHello, HTTP/2 opening and headers,
 * and the registry that finds them by name.
 */
export type {
  HeaderList,
  HeaderPlacement,
  HpackPolicySpec,
  HpackRule,
  Http1Profile,
  Http2Priority,
  Http2Profile,
  PlacedHeader,
  PriorityFrameSpec,
  Profile,
} from './types.js';
export { DEFAULT_PROFILE, closestNames, editDistance, findProfile, getProfile, listProfiles, profileNames } from './registry.js';
export { chromiumBrands, secChUa, type Brand } from './sec-ch-ua.js';
export { hpackPolicy } from './hpack-policy.js';
export { orderHeaderNames } from './header-order.js';
export { chrome156 } from './data/chrome_156.js';
export { firefox153 } from './data/firefox_153.js';
export {
  clientHelloFromPcap,
  http2FromAkamai,
  parseAkamai,
  parseJa3,
  profileFromJa3,
  profileWithAkamai,
  withHeaderOrder,
  type AkamaiParts,
  type CustomProfileOptions,
  type Ja3Fields,
  type Ja3ProfileOptions,
} from './custom/index.js';

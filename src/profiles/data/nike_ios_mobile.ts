import type { Profile } from '../types.js';
import { cfnetworkAppHeaderPlacement, cfnetworkAppHeaders, cfnetworkAppHello } from './cfnetwork-app.js';
import { http1From, plainHpack } from './variant.js';

const headers = cfnetworkAppHeaders();

const headerPlacement = cfnetworkAppHeaderPlacement();

const http2: Profile['http2'] = {
  settings: [
    [1, 4096], // HEADER_TABLE_SIZE
    [3, 100], // MAX_CONCURRENT_STREAMS
    [4, 2097152], // INITIAL_WINDOW_SIZE
    [5, 16384], // MAX_FRAME_SIZE
    [6, 4294967295], // MAX_HEADER_LIST_SIZE
  ],
  connectionWindowUpdate: 15663105,
  priorityFrames: [],
  // tls-client sets no HEADERS priority for this profile, so fhttp's default goes out: wire weight 255, exclusive.
  headersPriority: { exclusive: true, dependsOn: 0, weight: 256 },
  pseudoHeaderOrder: [':method', ':scheme', ':path', ':authority'],
  settingsAckBeforeHeaders: true,
  streamWindowUpdate: null,
  firstStreamId: 1,
  hpack: plainHpack,
  trailingHeaders: [],
};

/** Nike's iOS app: zalando_ios_mobile's ClientHello and SETTINGS, Safari's pseudo-header order. */
export const nikeIosMobile: Profile = {
  id: 'nike_ios_mobile',
  browser: 'safari',
  // An app stack, not a browser version: 0 keeps it from ever being its family's newest.
  version: 0,
  source:
    'bogdanfinn/tls-client profiles/contributed_custom_profiles.go NikeIosMobile: the ZalandoIosMobile ClientHello and SETTINGS with pseudo-headers m,s,p,a. Engine imitated: Apple\'s CFNetwork. Headers: CFNetwork\'s defaults.',
  tls: cfnetworkAppHello(),
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Cookie'),
  headers,
  headerPlacement,
};

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
  pseudoHeaderOrder: [':method', ':path', ':authority', ':scheme'],
  settingsAckBeforeHeaders: true,
  streamWindowUpdate: null,
  firstStreamId: 1,
  hpack: plainHpack,
  trailingHeaders: [],
};

/** Zalando's iOS app: Apple's TLS stack (GREASE, zlib certificate compression, padding) with TLS 1.3/1.2 and ECDHE suites only. */
export const zalandoIosMobile: Profile = {
  id: 'zalando_ios_mobile',
  browser: 'safari',
  // An app stack, not a browser version: 0 keeps it from ever being its family's newest.
  version: 0,
  source:
    'bogdanfinn/tls-client profiles/contributed_custom_profiles.go ZalandoIosMobile: ClientHello, SETTINGS 1:4096;3:100;4:2097152;5:16384;6:4294967295, WINDOW_UPDATE 15663105, m,p,a,s. Engine imitated: Apple\'s Network.framework/CFNetwork (the Safari ClientHello shape). No capture of the app; headers are CFNetwork\'s defaults.',
  tls: cfnetworkAppHello(),
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Cookie'),
  headers,
  headerPlacement,
};

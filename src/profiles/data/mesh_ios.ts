import type { Profile } from '../types.js';
import { cfnetworkAppHeaderPlacement, cfnetworkAppHeaders, cfnetworkAppHello } from './cfnetwork-app.js';
import { http1From, plainHpack } from './variant.js';

const headers = cfnetworkAppHeaders();

const headerPlacement = cfnetworkAppHeaderPlacement();

const http2: Profile['http2'] = {
  settings: [
    [1, 4096], // HEADER_TABLE_SIZE
    [2, 1], // ENABLE_PUSH
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

/** Mesh's iOS app (also confirmed_ios, identical on the wire): Apple's TLS stack with push enabled in SETTINGS. */
export const meshIos: Profile = {
  id: 'mesh_ios',
  aliases: ['mesh_ios_1', 'confirmed_ios'],
  browser: 'safari',
  // An app stack, not a browser version: 0 keeps it from ever being its family's newest.
  version: 0,
  source:
    'bogdanfinn/tls-client profiles/contributed_custom_profiles.go MeshIos (mapped as mesh_ios and mesh_ios_1) and ConfirmedIos: the same ClientHello (the zalando_ios_mobile one), SETTINGS 1:4096;2:1;3:100;4:2097152;5:16384;6:4294967295, WINDOW_UPDATE 15663105, m,s,p,a, no HEADERS priority set; confirmed_ios is therefore an alias. Engine imitated: Apple\'s CFNetwork. Headers: CFNetwork\'s defaults.',
  tls: cfnetworkAppHello(),
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Cookie'),
  headers,
  headerPlacement,
};

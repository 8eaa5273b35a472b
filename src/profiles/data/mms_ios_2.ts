import type { Profile } from '../types.js';
import { cfnetworkAppHeaderPlacement, cfnetworkAppHeaders } from './cfnetwork-app.js';
import { http1From, plainHpack } from './variant.js';

const headers = cfnetworkAppHeaders();

const headerPlacement = cfnetworkAppHeaderPlacement();

const http2: Profile['http2'] = {
  // Kept as tls-client has it, though without ALPN the connection never speaks HTTP/2.
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

/** The MMS iOS app, second capture: mms_ios with AES-GCM preferred over ChaCha20. */
export const mmsIos2: Profile = {
  id: 'mms_ios_2',
  browser: 'safari',
  // An app stack, not a browser version: 0 keeps it from ever being its family's newest.
  version: 0,
  source:
    'bogdanfinn/tls-client profiles/internal_custom_profiles.go MMSIos2: the MMSIos ClientHello with AES-128-GCM first and ChaCha20 after AES-GCM, the same SETTINGS, WINDOW_UPDATE and m,s,p,a. Headers: CFNetwork\'s defaults.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035, 0x000a],
    compressionMethods: [0],
    sessionIdLength: 32,
    permuteExtensions: false,
    extensions: [
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      { type: 'supported_groups', groups: [0x001d, 0x0017, 0x0018] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'session_ticket' },
      { type: 'signature_algorithms', schemes: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201] },
      { type: 'key_share', groups: [0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'supported_versions', versions: [0x0304, 0x0303] },
      { type: 'pre_shared_key', ticketAge: 'seconds' },
    ],
  },
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Cookie'),
  headers,
  headerPlacement,
};

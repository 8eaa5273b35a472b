import { GREASE } from '../../vocabulary/hello-spec.js';
import type { Profile } from '../types.js';
import { cfnetworkAppHeaderPlacement, cfnetworkAppHeaders } from './cfnetwork-app.js';
import { http1From, plainHpack } from './variant.js';

const headers = cfnetworkAppHeaders();

const headerPlacement = cfnetworkAppHeaderPlacement();

const http2: Profile['http2'] = {
  settings: [
    [1, 4096], // HEADER_TABLE_SIZE
    [3, 100], // MAX_CONCURRENT_STREAMS
    [4, 2097152], // INITIAL_WINDOW_SIZE
  ],
  connectionWindowUpdate: 15663105,
  priorityFrames: [],
  // tls-client sets no HEADERS priority for this profile, so fhttp's default goes out: wire weight 255, exclusive.
  headersPriority: { exclusive: true, dependsOn: 0, weight: 256 },
  pseudoHeaderOrder: [':method', ':authority', ':scheme', ':path'],
  settingsAckBeforeHeaders: true,
  streamWindowUpdate: null,
  firstStreamId: 1,
  hpack: plainHpack,
  trailingHeaders: [],
};

/** Mesh's iOS app, second capture: CBC-SHA256/384 suites added, a shorter SETTINGS frame, Chrome-like pseudo-header order. */
export const meshIos2: Profile = {
  id: 'mesh_ios_2',
  browser: 'safari',
  // An app stack, not a browser version: 0 keeps it from ever being its family's newest.
  version: 0,
  source:
    'bogdanfinn/tls-client profiles/contributed_custom_profiles.go MeshIos2: suites with ECDHE AES-CBC-SHA384/SHA256 (0xc024, 0xc023, 0xc028, 0xc027), SETTINGS 1:4096;3:100;4:2097152, WINDOW_UPDATE 15663105, m,a,s,p. Engine imitated: Apple\'s CFNetwork. Headers: CFNetwork\'s defaults.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [GREASE, 0x1301, 0x1302, 0x1303, 0xc02c, 0xc02b, 0xcca9, 0xc030, 0xc02f, 0xcca8, 0xc024, 0xc023, 0xc00a, 0xc009, 0xc028, 0xc027, 0xc014, 0xc013],
    compressionMethods: [0],
    sessionIdLength: 32,
    permuteExtensions: false,
    extensions: [
      { type: 'grease', slot: 1 },
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      { type: 'supported_groups', groups: [GREASE, 0x001d, 0x0017, 0x0018, 0x0019] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'signature_algorithms', schemes: [0x0403, 0x0804, 0x0401, 0x0503, 0x0203, 0x0805, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201] },
      { type: 'signed_certificate_timestamp' },
      { type: 'key_share', groups: [GREASE, 0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'supported_versions', versions: [GREASE, 0x0304, 0x0303] },
      { type: 'compress_certificate', algorithms: [1] },
      { type: 'grease', slot: 2 },
      { type: 'padding', rule: 'boringssl' },
      // Apple's stack resumes with a TLS 1.3 ticket; tls-client never resumes, so its spec omits it.
      { type: 'pre_shared_key', ticketAge: 'seconds' },
    ],
  },
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Cookie'),
  headers,
  headerPlacement,
};

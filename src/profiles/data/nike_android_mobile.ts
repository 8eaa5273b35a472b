import type { Profile } from '../types.js';
import { http1From, okhttpHpack } from './variant.js';

const headers: Profile['headers'] = [
  // OkHttp's BridgeInterceptor defaults (the app may set its own user agent).
  ['accept-encoding', 'gzip'],
  ['user-agent', 'okhttp/4.10.0'],
];

const headerPlacement: Profile['headerPlacement'] = {
  // Not captured: appended after the engine's defaults.
  'content-type': { after: 'user-agent' },
  'content-length': { after: 'content-type' },
  origin: { after: 'content-length' },
  authorization: { after: 'origin' },
  referer: { after: 'authorization' },
  cookie: { after: 'referer' },
};

const http2: Profile['http2'] = {
  settings: [
    [1, 4096], // HEADER_TABLE_SIZE
    [3, 4294967295], // MAX_CONCURRENT_STREAMS
    [4, 16777216], // INITIAL_WINDOW_SIZE
    [5, 16384], // MAX_FRAME_SIZE
    [6, 4294967295], // MAX_HEADER_LIST_SIZE
  ],
  connectionWindowUpdate: 15663105,
  priorityFrames: [],
  // tls-client sets no HEADERS priority for this profile, so fhttp's default goes out: wire weight 255, exclusive.
  headersPriority: { exclusive: true, dependsOn: 0, weight: 256 },
  pseudoHeaderOrder: [':method', ':path', ':authority', ':scheme'],
  settingsAckBeforeHeaders: false,
  streamWindowUpdate: null,
  firstStreamId: 3,
  hpack: okhttpHpack,
  trailingHeaders: [],
};

/** Nike's Android app: okhttp4_android_13's ClientHello with zalando_android_mobile's SETTINGS. */
export const nikeAndroidMobile: Profile = {
  id: 'nike_android_mobile',
  browser: 'okhttp',
  // An app stack, not a browser version: 0 keeps it from ever being its family's newest.
  version: 0,
  source:
    'bogdanfinn/tls-client profiles/contributed_custom_profiles.go NikeAndroidMobile: the okhttp4_android_13 suites and extensions with a GREASE entry in key_share and nowhere else (left out here: OpenSSL servers reject that hello with illegal_parameter, RFC 8446 §4.2.8), SETTINGS 1:4096;3:4294967295;4:16777216;5:16384;6:4294967295, WINDOW_UPDATE 15663105, m,p,a,s. Engine imitated: OkHttp/Conscrypt. Headers: OkHttp\'s defaults.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02c, 0xcca9, 0xc02f, 0xc030, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035],
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
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'signature_algorithms', schemes: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201] },
      // tls-client adds a one-byte GREASE share here with no GREASE group in supported_groups;
      // RFC 8446 §4.2.8 forbids a share for an unlisted group and OpenSSL answers illegal_parameter,
      // and Conscrypt never GREASEs, so the share is left out (JA3 and JA4 are unchanged).
      { type: 'key_share', groups: [0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'supported_versions', versions: [0x0304, 0x0303] },
      { type: 'padding', rule: 'boringssl' },
      { type: 'pre_shared_key', ticketAge: 'seconds' },
    ],
  },
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Host'),
  headers,
  headerPlacement,
};

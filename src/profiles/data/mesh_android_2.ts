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
    [1, 65536], // HEADER_TABLE_SIZE
    [3, 1000], // MAX_CONCURRENT_STREAMS
    [4, 6291456], // INITIAL_WINDOW_SIZE
    [6, 262144], // MAX_HEADER_LIST_SIZE
  ],
  connectionWindowUpdate: 15663105,
  priorityFrames: [],
  // tls-client sets no HEADERS priority for this profile, so fhttp's default goes out: wire weight 255, exclusive.
  headersPriority: { exclusive: true, dependsOn: 0, weight: 256 },
  pseudoHeaderOrder: [':method', ':authority', ':scheme', ':path'],
  settingsAckBeforeHeaders: false,
  streamWindowUpdate: null,
  firstStreamId: 3,
  hpack: okhttpHpack,
  trailingHeaders: [],
};

/** Mesh's Android app, second capture: OkHttp on an older Conscrypt, TLS 1.2 only, ALPN http/1.1 only. */
export const meshAndroid2: Profile = {
  id: 'mesh_android_2',
  browser: 'okhttp',
  // An app stack, not a browser version: 0 keeps it from ever being its family's newest.
  version: 0,
  source:
    'bogdanfinn/tls-client profiles/contributed_custom_profiles.go MeshAndroid2: a TLS 1.2-only ClientHello in Conscrypt\'s order with ECDSA CBC suites and ALPN http/1.1 only (tls-client: no HTTP/2 for this app), no padding; SETTINGS 1:65536;3:1000;4:6291456;6:262144 and WINDOW_UPDATE 15663105 kept as published though never sent. Engine imitated: OkHttp/Conscrypt. Session id: empty, as BoringSSL sends with TLS 1.3 off and nothing to resume (tls-client, through Go, sends 32 random bytes; JA3 and JA4 do not see it). Headers: OkHttp\'s defaults.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [0xc02b, 0xc02c, 0xcca9, 0xc02f, 0xc030, 0xcca8, 0xc009, 0xc00a, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035],
    compressionMethods: [0],
    sessionIdLength: 0,
    permuteExtensions: false,
    extensions: [
      { type: 'renegotiation_info' },
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'session_ticket' },
      { type: 'signature_algorithms', schemes: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201] },
      { type: 'status_request' },
      { type: 'alpn', protocols: ['http/1.1'] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'supported_groups', groups: [0x001d, 0x0017, 0x0018] },
    ],
  },
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Host'),
  headers,
  headerPlacement,
};

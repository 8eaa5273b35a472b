import type { Profile } from '../types.js';
import { http1From, okhttpHpack } from './variant.js';

// OkHttp's BridgeInterceptor adds these two to every request the app did not set them on.
const headers: Profile['headers'] = [
  ['accept-encoding', 'gzip'],
  ['user-agent', 'okhttp/4.10.0'],
];

// BridgeInterceptor's order: Content-Type and Content-Length from the body, then Host,
// Connection, Accept-Encoding, Cookie, User-Agent; the app's own headers come first.
const headerPlacement: Profile['headerPlacement'] = {
  'content-type': { after: '' },
  'content-length': { after: 'content-type' },
  authorization: { after: 'content-length' },
  origin: { after: 'authorization' },
  referer: { after: 'origin' },
  cookie: { after: 'accept-encoding' },
};

const http2: Profile['http2'] = {
  // Only INITIAL_WINDOW_SIZE: OkHttp's Http2Connection sends its 16 MiB stream window.
  settings: [[4, 16777216]],
  // Connection window raised to 16 MiB.
  connectionWindowUpdate: 16711681,
  priorityFrames: [],
  // OkHttp never sets the PRIORITY flag.
  headersPriority: null,
  pseudoHeaderOrder: [':method', ':path', ':authority', ':scheme'],
  // The reader thread acks the server's SETTINGS while the first request is already on its way.
  settingsAckBeforeHeaders: false,
  streamWindowUpdate: null,
  // OkHttp's client streams start at 3 (1 is reserved for an HTTP/1.1 upgrade).
  firstStreamId: 3,
  hpack: okhttpHpack,
  trailingHeaders: [],
};

/**
 * OkHttp 4 on Android 10-13 (Conscrypt, BoringSSL without GREASE): one ClientHello and one HTTP/2
 * opening for all four Android versions in tls-client, so 10, 11 and 12 are aliases of this one.
 */
export const okhttp4Android13: Profile = {
  id: 'okhttp4_android_13',
  aliases: ['okhttp4_android_10', 'okhttp4_android_11', 'okhttp4_android_12'],
  browser: 'okhttp',
  version: 13,
  source:
    'shared/profiles/okhttp4_android_13.json: bogdanfinn/tls-client profiles/contributed_custom_profiles.go Okhttp4Android13, whose ClientHello is Okhttp4Android10\'s (11 and 12 share it too, with the same HTTP/2 values: hence the aliases); tls-client tests publish JA3 f79b6bad2ad0641e1921aef10262856b and Akamai 605a1154008045d7e3cb3c6fb062c0ce for all four. JA4 t13d1513h2_8daaf6152771_eca864cca44a is published by wreq-util (okhttp4_9). ' +
    'The cipher list differs by source (apify/impit 9 suites, wreq-util 16 with 3DES); tls-client\'s 15 are used, as the JSON does. First stream 3 and HPACK: OkHttp\'s Http2Connection and Hpack.Writer. Headers: OkHttp\'s BridgeInterceptor defaults with the 4.10.0 version tls-client labels these profiles with.',
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

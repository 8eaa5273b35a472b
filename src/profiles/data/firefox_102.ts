import type { Profile } from '../types.js';
import { firefox153 } from './firefox_153.js';
import { http1From } from './variant.js';

const headers: Profile['headers'] = [
  ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:102.0) Gecko/20100101 Firefox/102.0'],
  ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'],
  ['accept-language', 'en-US,en;q=0.5'],
  ['accept-encoding', 'gzip, deflate, br'],
  ['upgrade-insecure-requests', '1'],
  ['sec-fetch-dest', 'document'],
  ['sec-fetch-mode', 'navigate'],
  ['sec-fetch-site', 'none'],
  ['sec-fetch-user', '?1'],
];

// Necko appends headers as it learns them (as in firefox_153): the upload's fields and the
// credentials after the standard ones, Referer and Cookie before the fetch metadata.
const headerPlacement: Profile['headerPlacement'] = {
  'content-type': { after: 'accept-encoding' },
  'content-length': { after: 'content-type' },
  origin: { after: 'content-length' },
  authorization: { after: 'origin' },
  referer: { after: 'authorization' },
  cookie: { after: 'referer' },
};

const http2: Profile['http2'] = {
  settings: [
    [1, 65536], // HEADER_TABLE_SIZE
    [4, 131072], // INITIAL_WINDOW_SIZE
    [5, 16384], // MAX_FRAME_SIZE
  ],
  connectionWindowUpdate: 12517377,
  // Necko's priority tree of idle streams (urgent-start, leader, unblocked, background,
  // speculative, follower), before Firefox dropped RFC 7540 priorities. Real weights.
  priorityFrames: [
    { streamId: 3, exclusive: false, dependsOn: 0, weight: 201 },
    { streamId: 5, exclusive: false, dependsOn: 0, weight: 101 },
    { streamId: 7, exclusive: false, dependsOn: 0, weight: 1 },
    { streamId: 9, exclusive: false, dependsOn: 7, weight: 1 },
    { streamId: 11, exclusive: false, dependsOn: 3, weight: 1 },
    { streamId: 13, exclusive: false, dependsOn: 0, weight: 241 },
  ],
  // A top-level document joins the "follower" group (stream 13), weight 42 (wire 41).
  headersPriority: { exclusive: false, dependsOn: 13, weight: 42 },
  pseudoHeaderOrder: [':method', ':path', ':authority', ':scheme'],
  settingsAckBeforeHeaders: true,
  // Necko raises each stream's window to the connection's 12 MiB right after HEADERS (seen in the
  // firefox-153 capture; the same Http2Session code path in these versions).
  streamWindowUpdate: 12451840,
  // Streams 3..13 are the idle priority groups, so the first request takes 15.
  firstStreamId: 15,
  hpack: structuredClone(firefox153.http2.hpack),
  trailingHeaders: [['te', 'trailers']],
};

/**
 * Firefox 102 on Windows: the ClientHello and the request headers are lwthiker/curl-impersonate's
 * capture tests/signatures/firefox_102.0_win10.yaml (NSS: fixed order, no GREASE, no ECH, padding).
 */
export const firefox102: Profile = {
  id: 'firefox_102',
  browser: 'firefox',
  version: 102,
  source:
    'TLS and headers: lwthiker/curl-impersonate tests/signatures/firefox_102.0_win10.yaml (capture); the same ClientHello is captured for 109.0 and 117.0.1, and bogdanfinn/tls-client tests publish JA3 579ccef312d18482fc42e2b822ca2430 for firefox_102..108 and 117. ' +
    'uTLS HelloFirefox_102 offers ALPN h2 only; the capture shows h2 and http/1.1, which this file follows. ' +
    'HTTP/2: tls-client profiles Firefox_102 (SETTINGS, WINDOW_UPDATE, the six PRIORITY frames, HEADERS priority on stream 13 with wire weight 41), Akamai 3d9132023bf26a71d40fe766e5c24c9d as tls-client publishes; first stream 15 after the idle streams 3..13 (wreq-util ff109/ff117). HPACK, stream WINDOW_UPDATE and header placement: Necko as in firefox_153.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [
      0x1301, // TLS_AES_128_GCM_SHA256
      0x1303, // TLS_CHACHA20_POLY1305_SHA256
      0x1302, // TLS_AES_256_GCM_SHA384
      0xc02b, // ECDHE_ECDSA_AES_128_GCM_SHA256
      0xc02f, // ECDHE_RSA_AES_128_GCM_SHA256
      0xcca9, // ECDHE_ECDSA_CHACHA20_POLY1305
      0xcca8, // ECDHE_RSA_CHACHA20_POLY1305
      0xc02c, // ECDHE_ECDSA_AES_256_GCM_SHA384
      0xc030, // ECDHE_RSA_AES_256_GCM_SHA384
      0xc00a, // ECDHE_ECDSA_AES_256_CBC_SHA
      0xc009, // ECDHE_ECDSA_AES_128_CBC_SHA
      0xc013, // ECDHE_RSA_AES_128_CBC_SHA
      0xc014, // ECDHE_RSA_AES_256_CBC_SHA
      0x009c, // RSA_AES_128_GCM_SHA256
      0x009d, // RSA_AES_256_GCM_SHA384
      0x002f, // RSA_AES_128_CBC_SHA
      0x0035, // RSA_AES_256_CBC_SHA
    ],
    compressionMethods: [0],
    sessionIdLength: 32,
    permuteExtensions: false,
    extensions: [
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      // x25519, P-256, P-384, P-521, ffdhe2048, ffdhe3072.
      { type: 'supported_groups', groups: [0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'session_ticket' },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'delegated_credentials', schemes: [0x0403, 0x0503, 0x0603, 0x0203] },
      // Two shares: x25519 (32 bytes) and P-256 (65).
      { type: 'key_share', groups: [0x001d, 0x0017] },
      { type: 'supported_versions', versions: [0x0304, 0x0303] },
      {
        type: 'signature_algorithms',
        schemes: [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201],
      },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'record_size_limit', limit: 0x4001 },
      // NSS pads a hello of 256..511 bytes to 512 (ssl3_CalculatePaddingExtLen, the rule
      // BoringSSL copied); without ECH this hello is in that window for most host names.
      { type: 'padding', rule: 'boringssl' },
      { type: 'pre_shared_key', ticketAge: 'milliseconds' },
    ],
  },
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Authorization'),
  headers,
  headerPlacement,
};

import type { Profile } from '../types.js';
import { firefox153 } from './firefox_153.js';
import { http1From } from './variant.js';

const headers: Profile['headers'] = [
  ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'],
  ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['accept-language', 'en-US,en;q=0.5'],
  ['accept-encoding', 'gzip, deflate, br, zstd'],
  ['upgrade-insecure-requests', '1'],
  ['sec-fetch-dest', 'document'],
  ['sec-fetch-mode', 'navigate'],
  ['sec-fetch-site', 'none'],
  ['sec-fetch-user', '?1'],
  ['priority', 'u=0, i'],
];

const headerPlacement: Profile['headerPlacement'] = structuredClone(firefox153.headerPlacement);

const http2: Profile['http2'] = {
  settings: [
    [1, 65536], // HEADER_TABLE_SIZE
    [2, 0], // ENABLE_PUSH
    [4, 131072], // INITIAL_WINDOW_SIZE
    [5, 16384], // MAX_FRAME_SIZE
  ],
  connectionWindowUpdate: 12517377,
  // No PRIORITY frames any more: Firefox signals priority with the `priority` header (RFC 9218).
  priorityFrames: [],
  headersPriority: { exclusive: false, dependsOn: 0, weight: 42 },
  pseudoHeaderOrder: [':method', ':path', ':authority', ':scheme'],
  settingsAckBeforeHeaders: true,
  streamWindowUpdate: 12451840,
  // Without the idle priority streams Necko's first request is stream 3 (wreq-util ff133, and the
  // firefox-153 capture); lexiforest's 133 yaml records 15 while sending no PRIORITY frames, which
  // no other source supports.
  firstStreamId: 3,
  hpack: structuredClone(firefox153.http2.hpack),
  trailingHeaders: [['te', 'trailers']],
};

/**
 * Firefox 133 on Windows: the ClientHello of a real capture (X25519MLKEM768 with three key shares,
 * certificate compression, ECH GREASE), no PRIORITY frames, the `priority` header.
 */
export const firefox133: Profile = {
  id: 'firefox_133',
  browser: 'firefox',
  version: 133,
  source:
    'shared/profiles/firefox_133.json: TLS from lexiforest/curl-impersonate tests/signatures/firefox_133.0.3 (capture; JA3 2d692a4485ca2f5f2b10ecb2d2909ad3 published there, JA4 t13d1716h2_5b57614c22b0_eeeea6562960 by wreq-util), HTTP/2 and headers from the same capture (Akamai 6ea73faa8fc5aac76bded7bd238f6433), the user agent switched from the capture\'s macOS to Windows like every Firefox profile here. ' +
    'tls-client Firefox_133 omits session_ticket and psk_key_exchange_modes and sets no HEADERS priority; the capture wins. ECH GREASE: the capture does not pin the AEAD or length; NSS draws AES-128-GCM or ChaCha20-Poly1305 and sends 239 bytes for host names up to 100 bytes (tls13_MaybeGreaseEch, as in firefox_153), where tls-client guesses AES-256-GCM too and 144 bytes. HPACK, stream WINDOW_UPDATE, placements: Necko as in firefox_153.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [
      0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f,
      0x0035,
    ],
    compressionMethods: [0],
    sessionIdLength: 32,
    permuteExtensions: false,
    extensions: [
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      // X25519MLKEM768, x25519, P-256, P-384, P-521, ffdhe2048, ffdhe3072.
      { type: 'supported_groups', groups: [0x11ec, 0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'session_ticket' },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'delegated_credentials', schemes: [0x0403, 0x0503, 0x0603, 0x0203] },
      // X25519MLKEM768 (1216 bytes), x25519 (32), P-256 (65).
      // NSS reuses the X25519 key: the x25519 share is the hybrid's last 32 bytes (lib/ssl/tls13con.c
      // tls13_CreateKeyShare, tls13_FindHybridKeyPair; seen in every firefox-153 capture).
      { type: 'key_share', groups: [0x11ec, 0x001d, 0x0017], reuseEcdhKey: true },
      { type: 'supported_versions', versions: [0x0304, 0x0303] },
      {
        type: 'signature_algorithms',
        schemes: [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201],
      },
      // After a HelloRetryRequest with a cookie, NSS sends it here (as in firefox_153).
      { type: 'cookie' },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'record_size_limit', limit: 0x4001 },
      { type: 'compress_certificate', algorithms: [1, 2, 3] },
      { type: 'ech_grease', kdf: 0x0001, aeads: [0x0001, 0x0003], payloadLengths: [239], encLength: 32, enc: 'random' },
      { type: 'pre_shared_key' },
    ],
  },
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Authorization'),
  headers,
  headerPlacement,
};

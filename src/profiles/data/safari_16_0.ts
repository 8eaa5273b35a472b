import { GREASE } from '../../vocabulary/hello-spec.js';
import type { Profile } from '../types.js';
import { http1From, plainHpack } from './variant.js';

const headers: Profile['headers'] = [
  ['user-agent', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Safari/605.1.15'],
  ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['accept-language', 'en-US,en;q=0.9'],
  ['accept-encoding', 'gzip, deflate, br'],
];

// No capture shows where WebKit puts these; appended after the defaults in this order.
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
    [4, 4194304], // INITIAL_WINDOW_SIZE
    [3, 100], // MAX_CONCURRENT_STREAMS
  ],
  // Connection window 10 MiB + 65535.
  connectionWindowUpdate: 10485760,
  priorityFrames: [],
  // curl-impersonate's Safari 15.x targets: weight 255 (wire 254), not exclusive.
  headersPriority: { exclusive: false, dependsOn: 0, weight: 255 },
  pseudoHeaderOrder: [':method', ':scheme', ':path', ':authority'],
  settingsAckBeforeHeaders: true,
  streamWindowUpdate: null,
  firstStreamId: 1,
  hpack: plainHpack,
  trailingHeaders: [],
};

/**
 * Safari 16.0 on macOS: Apple's BoringSSL-derived stack with GREASE, a fixed extension order, 3DES
 * at the end of the suites, TLS 1.0-1.3 offered, zlib certificate compression and BoringSSL padding.
 */
export const safari160: Profile = {
  id: 'safari_16_0',
  browser: 'safari',
  version: 16,
  source:
    'shared/profiles/safari_16_0.json: TLS from refraction-networking/utls HelloSafari_16_0, which is byte for byte the lwthiker/curl-impersonate Safari 15.5 (macOS) and 17.2 (iOS) captures; JA4 t13d2014h2_a09f3c656075_14788d8d241b published by wreq-util, JA3 773906b0efdefa24a7f2b8eb6985bf37 by bogdanfinn/tls-client (safari_16_0) and lexiforest. ' +
    'HTTP/2 from tls-client Safari_16_0 (Akamai dda308d35f4e5db7b52a61720ca1b122); HEADERS weight 255 from curl-impersonate safari15_5. ' +
    'Headers: the lwthiker Safari 15.5 capture (user-agent, accept, accept-language, accept-encoding) with the 16.0 user agent. The reference JSON takes wreq-util\'s Safari 16/17 list with Sec-Fetch-*; WebKit added Fetch Metadata in Safari 16.4, so 16.0 sends none, and this file follows the 15.5 capture.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [
      GREASE,
      0x1301, 0x1302, 0x1303, // TLS 1.3
      0xc02c, 0xc02b, 0xcca9, // ECDHE_ECDSA AES-256-GCM, AES-128-GCM, ChaCha20
      0xc030, 0xc02f, 0xcca8, // ECDHE_RSA AES-256-GCM, AES-128-GCM, ChaCha20
      0xc00a, 0xc009, // ECDHE_ECDSA AES-256-CBC, AES-128-CBC
      0xc014, 0xc013, // ECDHE_RSA AES-256-CBC, AES-128-CBC
      0x009d, 0x009c, 0x0035, 0x002f, // RSA AES-256-GCM, AES-128-GCM, AES-256-CBC, AES-128-CBC
      0xc008, 0xc012, 0x000a, // 3DES: offered for fidelity, refused by name if a server picks one
    ],
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
      // rsa_pss_rsae_sha384 twice, as Safari sends it.
      {
        type: 'signature_algorithms',
        schemes: [0x0403, 0x0804, 0x0401, 0x0503, 0x0203, 0x0805, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201],
      },
      { type: 'signed_certificate_timestamp' },
      { type: 'key_share', groups: [GREASE, 0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      // TLS 1.1 and 1.0 are offered on the wire; the engine completes 1.3 and 1.2 only.
      { type: 'supported_versions', versions: [GREASE, 0x0304, 0x0303, 0x0302, 0x0301] },
      { type: 'compress_certificate', algorithms: [1] },
      { type: 'grease', slot: 2 },
      { type: 'padding', rule: 'boringssl' },
      { type: 'pre_shared_key', ticketAge: 'seconds' },
    ],
  },
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Cookie'),
  headers,
  headerPlacement,
};

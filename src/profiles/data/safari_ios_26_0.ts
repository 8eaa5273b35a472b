import { GREASE } from '../../vocabulary/hello-spec.js';
import type { Profile } from '../types.js';
import { safari180 } from './safari_18_0.js';
import { http1From, variant } from './variant.js';

const headers: Profile['headers'] = [
  ['sec-fetch-dest', 'document'],
  ['user-agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 26_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1'],
  ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['sec-fetch-site', 'none'],
  ['sec-fetch-mode', 'navigate'],
  ['accept-language', 'en-US,en;q=0.9'],
  ['priority', 'u=0, i'],
  ['accept-encoding', 'gzip, deflate, br, zstd'],
];

const http2: Profile['http2'] = {
  ...structuredClone(safari180.http2),
  settings: [
    [2, 0], // ENABLE_PUSH
    [3, 100], // MAX_CONCURRENT_STREAMS
    [4, 2097152], // INITIAL_WINDOW_SIZE
    [9, 1], // NO_RFC7540_PRIORITIES
  ],
};

/**
 * Safari on iOS 26.0: X25519MLKEM768 with its key share, AES-256-GCM first among the TLS 1.3
 * suites, TLS 1.3/1.2 only, and no padding (the 1216-byte share puts the hello past 512 bytes).
 */
export const safariIos260: Profile = variant(safari180, {
  id: 'safari_ios_26_0',
  version: 26,
  source:
    'TLS: bogdanfinn/tls-client Safari_IOS_26_0 (added after v1.13.1; read from a stored port of its profiles): suites with TLS_AES_256_GCM_SHA384 first, X25519MLKEM768 in groups and key_share, supported_versions 1.3/1.2, zlib, no padding. ' +
    'HTTP/2 and headers: lexiforest/curl-impersonate tests/signatures/safari_26.0_iOS.yaml (SETTINGS 2:0;3:100;4:2097152;9:1, WINDOW_UPDATE 10420225, m,s,a,p, accept-encoding with zstd), which tls-client\'s SETTINGS agree with. ' +
    'The lexiforest yaml\'s ClientHello is the Safari 18 one (no ML-KEM); shared/profiles/README.md reports the later Safari 26 capture (apify/impit) with AES-256-GCM first and X25519MLKEM768, as tls-client has it, so this file follows tls-client for TLS.',
  tls: {
    ...structuredClone(safari180.tls),
    cipherSuites: [
      GREASE,
      0x1302, 0x1303, 0x1301, // TLS 1.3: AES-256-GCM, ChaCha20, AES-128-GCM
      0xc02c, 0xc02b, 0xcca9,
      0xc030, 0xc02f, 0xcca8,
      0xc00a, 0xc009,
      0xc014, 0xc013,
      0x009d, 0x009c, 0x0035, 0x002f,
      0xc008, 0xc012, 0x000a, // 3DES: offered for fidelity, refused by name if a server picks one
    ],
    extensions: [
      { type: 'grease', slot: 1 },
      { type: 'server_name' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      { type: 'supported_groups', groups: [GREASE, 0x11ec, 0x001d, 0x0017, 0x0018, 0x0019] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      { type: 'signature_algorithms', schemes: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201] },
      { type: 'signed_certificate_timestamp' },
      // GREASE (one byte), X25519MLKEM768 (1216), x25519 (32).
      { type: 'key_share', groups: [GREASE, 0x11ec, 0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'supported_versions', versions: [GREASE, 0x0304, 0x0303] },
      { type: 'compress_certificate', algorithms: [1] },
      { type: 'grease', slot: 2 },
      { type: 'pre_shared_key', ticketAge: 'seconds' },
    ],
  },
  http2,
  http1: http1From({ headers, headerPlacement: safari180.headerPlacement, http2 }, 'Cookie'),
  headers,
});

/**
 * The pieces every Chromium profile from 103 on shares, so each data file shows only what its
 * version changed. Every helper returns a fresh value: profiles never share arrays or objects, and
 * a caller that edits one profile (a copy made for a custom client, say) leaves the others alone.
 *
 * What does not change from Chrome 103 to 150 (uTLS HelloChrome_100..133, tls-client Chrome_103..150,
 * the lwthiker/lexiforest curl-impersonate captures of 104, 107, 110, 116, 118, 119, 120, 124, 131,
 * 133, 149, 150): the 15 cipher suites after GREASE, the 8 signature schemes (150 prepends ML-DSA),
 * ALPN h2 + http/1.1, brotli certificate compression, the record and legacy versions, a 32-byte
 * session id, the 15663105 connection WINDOW_UPDATE and the HEADERS priority (weight 256,
 * exclusive, stream 0), the pseudo-header order m,a,s,p and the HPACK encoder (quiche's).
 */
import { GREASE, type ExtensionSpec, type Grease } from '../../vocabulary/hello-spec.js';
import type { HeaderPlacement, Http1Profile, Http2Profile, PlacedHeader } from '../types.js';

export function chromeCipherSuites(): (number | Grease)[] {
  return [
    GREASE,
    0x1301, // TLS_AES_128_GCM_SHA256
    0x1302, // TLS_AES_256_GCM_SHA384
    0x1303, // TLS_CHACHA20_POLY1305_SHA256
    0xc02b, // ECDHE_ECDSA_AES_128_GCM_SHA256
    0xc02f, // ECDHE_RSA_AES_128_GCM_SHA256
    0xc02c, // ECDHE_ECDSA_AES_256_GCM_SHA384
    0xc030, // ECDHE_RSA_AES_256_GCM_SHA384
    0xcca9, // ECDHE_ECDSA_CHACHA20_POLY1305
    0xcca8, // ECDHE_RSA_CHACHA20_POLY1305
    0xc013, // ECDHE_RSA_AES_128_CBC_SHA
    0xc014, // ECDHE_RSA_AES_256_CBC_SHA
    0x009c, // RSA_AES_128_GCM_SHA256
    0x009d, // RSA_AES_256_GCM_SHA384
    0x002f, // RSA_AES_128_CBC_SHA
    0x0035, // RSA_AES_256_CBC_SHA
  ];
}

export function chromeSignatureSchemes(): number[] {
  return [
    0x0403, // ecdsa_secp256r1_sha256
    0x0804, // rsa_pss_rsae_sha256
    0x0401, // rsa_pkcs1_sha256
    0x0503, // ecdsa_secp384r1_sha384
    0x0805, // rsa_pss_rsae_sha384
    0x0501, // rsa_pkcs1_sha384
    0x0806, // rsa_pss_rsae_sha512
    0x0601, // rsa_pkcs1_sha512
  ];
}

/** X25519Kyber768Draft00 (draft-tls-westerbaan-xyber768d00): Chrome's hybrid from 116 (trial) to 130. */
export const X25519_KYBER768_DRAFT00 = 0x6399;
/** X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem): Chrome's hybrid from 131. */
export const X25519_MLKEM768 = 0x11ec;

/** ALPS codepoints: BoringSSL's application_settings_old, and the one Chrome moved to in 133. */
export const ALPS_OLD = 0x4469;
export const ALPS_NEW = 0x44cd;

/**
 * ALPS for h2 only. Chromium enables ALPS for HTTP/2 "with empty data" (HttpNetworkSession,
 * features::kAlpsForHttp2), so its own settings, sent if the server answers, are empty.
 */
export function alps(codepoint: number): ExtensionSpec {
  return { type: 'application_settings', codepoint, protocols: ['h2'], settings: { h2: '' } };
}

/**
 * ECH GREASE as BoringSSL's setup_ech_grease builds it: HKDF-SHA256, AES-128-GCM (ChaCha20-Poly1305
 * only on CPUs without AES instructions), a fresh X25519 `enc`, and 32 * random(4..7) + 16 bytes.
 */
export function echGrease(): ExtensionSpec {
  return { type: 'ech_grease', kdf: 0x0001, aeads: [0x0001], payloadLengths: [144, 176, 208, 240], encLength: 32, enc: 'x25519' };
}

/**
 * BoringSSL's F5 workaround: a hello of 256..511 bytes is padded to 512. Chrome's hellos without a
 * post-quantum share (through 123) land in that window for most server names, so the captures of
 * 104 to 120 carry it; the 1216-byte hybrid share keeps later hellos far above it.
 */
export function boringPadding(): ExtensionSpec {
  return { type: 'padding', rule: 'boringssl' };
}

/**
 * Only when resuming, and always last. BoringSSL counts the ticket age in whole seconds
 * (ext_pre_shared_key_add_clienthello) and keeps a TLS 1.3 session two days at most
 * (SSL_DEFAULT_SESSION_PSK_DHE_TIMEOUT).
 */
export function chromePreSharedKey(): ExtensionSpec {
  return { type: 'pre_shared_key', ticketAge: 'seconds', maxTicketLifetime: 2 * 86400 };
}

/** SETTINGS of Chrome 103-105 (lexiforest curl_chrome104, tls-client Chrome_103..105): no ENABLE_PUSH yet. */
export const H2_SETTINGS_103: readonly (readonly [number, number])[] = [
  [1, 65536], // HEADER_TABLE_SIZE
  [3, 1000], // MAX_CONCURRENT_STREAMS
  [4, 6291456], // INITIAL_WINDOW_SIZE
  [6, 262144], // MAX_HEADER_LIST_SIZE
];

/** SETTINGS of Chrome 106-116 (lexiforest curl_chrome107/110/116, tls-client Chrome_106..116): ENABLE_PUSH 0 added. */
export const H2_SETTINGS_106: readonly (readonly [number, number])[] = [
  [1, 65536], // HEADER_TABLE_SIZE
  [2, 0], // ENABLE_PUSH
  [3, 1000], // MAX_CONCURRENT_STREAMS
  [4, 6291456], // INITIAL_WINDOW_SIZE
  [6, 262144], // MAX_HEADER_LIST_SIZE
];

/** SETTINGS from Chrome 117 on (tls-client Chrome_117; lwthiker captures of 118 and 119): MAX_CONCURRENT_STREAMS gone. */
export const H2_SETTINGS_117: readonly (readonly [number, number])[] = [
  [1, 65536], // HEADER_TABLE_SIZE
  [2, 0], // ENABLE_PUSH
  [4, 6291456], // INITIAL_WINDOW_SIZE
  [6, 262144], // MAX_HEADER_LIST_SIZE
];

/** Chrome's HTTP/2 opening with the given SETTINGS; the rest has not changed from 103 to 156. */
export function chromeHttp2(settings: readonly (readonly [number, number])[]): Http2Profile {
  return {
    settings: settings.map(([id, value]): [number, number] => [id, value]),
    connectionWindowUpdate: 15663105,
    priorityFrames: [],
    // Chromium derives the weight from the request priority: a navigation is HIGHEST, 256.
    headersPriority: { exclusive: true, dependsOn: 0, weight: 256 },
    pseudoHeaderOrder: [':method', ':authority', ':scheme', ':path'],
    // As chrome_156's capture shows; lwthiker's 118/119 captures have the ACK first, which is the
    // timing of their local server (its SETTINGS already read when the request was written).
    settingsAckBeforeHeaders: false,
    streamWindowUpdate: null,
    firstStreamId: 1,
    hpack: {
      default: { indexing: 'incremental', huffman: 'shorter', useIndexedField: true, nameReference: 'first' },
      rules: [
        {
          names: [':method', ':scheme', ':path', ':protocol'],
          encoding: { indexing: 'without', huffman: 'shorter', useIndexedField: true, nameReference: 'first' },
        },
      ],
    },
    trailingHeaders: [],
  };
}

/** Chromium's HTTP/1.1 header order (HttpNetworkTransaction and the navigation's own headers). */
export function chromeHttp1(): Http1Profile {
  return {
    headerOrder: [
      'Host',
      'Connection',
      'Content-Length',
      'Authorization',
      'sec-ch-ua',
      'sec-ch-ua-mobile',
      'sec-ch-ua-platform',
      'Origin',
      'Content-Type',
      'Upgrade-Insecure-Requests',
      'User-Agent',
      'Accept',
      'Sec-Fetch-Site',
      'Sec-Fetch-Mode',
      'Sec-Fetch-User',
      'Sec-Fetch-Dest',
      'Referer',
      'Accept-Encoding',
      'Accept-Language',
      'Cookie',
    ],
    extraHeaders: [['Connection', 'keep-alive']],
    // From 124 on Chrome sends `priority` over HTTP/2 and HTTP/3 only; earlier profiles have none.
    omitHeaders: ['priority'],
  };
}

/** Where a request's own headers go among the navigation headers (see chrome_156). */
export function chromeHeaderPlacement(): Record<PlacedHeader, HeaderPlacement> {
  return {
    'content-length': { after: '' },
    authorization: { after: 'content-length' },
    origin: { after: 'sec-ch-ua-platform' },
    'content-type': { after: 'origin' },
    referer: { after: 'sec-fetch-dest' },
    cookie: { after: 'accept-language' },
  };
}

/**
 * The desktop user agent on Windows. From Chrome 101 the minor version is reduced to 0.0.0 (UA
 * reduction phase 4), as every capture from 104 on shows.
 */
export function windowsChromeUserAgent(major: number): string {
  return `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

/** A navigation's Accept through Chrome 109: signed exchanges at q=0.9 (captures of 104 and 107). */
export const ACCEPT_NAVIGATION_SXG_09 =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.9';
/** From Chrome 110 on (captures of 110, 116, 118-150): signed exchanges at q=0.7. */
export const ACCEPT_NAVIGATION_SXG_07 =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';

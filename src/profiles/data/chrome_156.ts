import { GREASE } from '../../vocabulary/hello-spec.js';
import { secChUa } from '../sec-ch-ua.js';
import { chromiumSubresource } from '../behavior.js';
import type { Profile } from '../types.js';

/**
 * The trust anchor IDs (draft-ietf-tls-trust-anchor-ids, BoringSSL's experimental codepoint
 * 0xca34) as Chromium 156 sent them: byte-identical in all six captured hellos. The list follows
 * the root store the build ships, so a later build may send another.
 */
const TRUST_ANCHORS =
  '00b80582df1302010582df1302060582df13020d0582df13020e0582df13020f0582df1302120582df1302130582df13021408839a648c9b2d010708839a648c9b2d010808839a648c9b2d010908839a648c9b2d010a08839a648c9b2d010b08839a648c9b2d010c08839a648c9b2d010d08839a648c9b2d011208839a648c9b2d011304d679090104d679090404d679090504d679090604d679090704d679090804d679090a04d679090b04d679090c04d679090d04d679090f';

/**
 * Chrome 156 on Windows. The TLS ClientHello and the HTTP/2 frames are Chromium 156.0.8078.108's,
 * from the six hellos and three page loads in shared/captures (chromium-156-*). The HTTP-level
 * identity is branded desktop Chrome's: the captures come from headless Debian Chromium, whose
 * user agent says HeadlessChrome and whose sec-ch-ua lists only Chromium; the header names,
 * order and other values are the capture's.
 */
export const chrome156: Profile = {
  id: 'chrome_156',
  browser: 'chrome',
  version: 156,
  source:
    'shared/captures chromium-156-{1,2,3}{,.c2} (Chromium 156.0.8078.108, headless, Debian 12): cipher suites, extensions and their bodies, GREASE, ECH GREASE, HTTP/2 frames and HPACK. BoringSSL ssl/extensions.cc, ssl/encrypted_client_hello.cc (setup_ech_grease): permutation and ECH payload lengths. Chromium components/embedder_support/user_agent_utils.cc: the brand list.',
  tls: {
    recordVersion: 0x0301,
    legacyVersion: 0x0303,
    cipherSuites: [
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
    ],
    compressionMethods: [0],
    sessionIdLength: 32,
    // BoringSSL shuffles every extension between the two GREASE ones on each connection; the
    // order below is its table order, for reading only. No padding: BoringSSL pads only hellos of
    // 256..511 bytes and the 1216-byte ML-KEM share keeps this one near 2 KB (BoringSSL has since
    // dropped that workaround altogether).
    permuteExtensions: true,
    extensions: [
      { type: 'grease', slot: 1, body: 'empty' },
      { type: 'server_name' },
      // AES-128-GCM: BoringSSL picks ChaCha20-Poly1305 only on CPUs without AES instructions.
      { type: 'ech_grease', kdf: 0x0001, aeads: [0x0001], payloadLengths: [144, 176, 208, 240], encLength: 32, enc: 'x25519' },
      { type: 'extended_master_secret' },
      { type: 'renegotiation_info' },
      { type: 'supported_groups', groups: [GREASE, 0x11ec, 0x001d, 0x0017, 0x0018] },
      { type: 'ec_point_formats', formats: [0] },
      { type: 'session_ticket' },
      { type: 'alpn', protocols: ['h2', 'http/1.1'] },
      { type: 'status_request' },
      {
        type: 'signature_algorithms',
        schemes: [
          GREASE,
          0x0904, // mldsa44
          0x0905, // mldsa65
          0x0906, // mldsa87
          0x0403, // ecdsa_secp256r1_sha256
          0x0804, // rsa_pss_rsae_sha256
          0x0401, // rsa_pkcs1_sha256
          0x0503, // ecdsa_secp384r1_sha384
          0x0805, // rsa_pss_rsae_sha384
          0x0501, // rsa_pkcs1_sha384
          0x0806, // rsa_pss_rsae_sha512
          0x0601, // rsa_pkcs1_sha512
        ],
      },
      { type: 'signed_certificate_timestamp' },
      // GREASE share (one zero byte, the supported_groups GREASE value), X25519MLKEM768 (1216), x25519.
      // Independent keys: BoringSSL ssl/ssl_key_share.cc X25519MLKEM768KeyShare::Generate draws its
      // own X25519 pair (X25519_keypair), so no reuseEcdhKey (chromium-156-* captures: halves differ).
      { type: 'key_share', groups: [GREASE, 0x11ec, 0x001d] },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'supported_versions', versions: [GREASE, 0x0304, 0x0303] },
      // Sent only after a HelloRetryRequest with a cookie; permuted like the rest.
      { type: 'cookie' },
      { type: 'compress_certificate', algorithms: [2] },
      // The client's own settings for h2 are empty: Chromium's HttpNetworkSession enables ALPS for
      // HTTP/2 "with empty data" (application_settings_[kProtoHTTP2] = {}, features::kAlpsForHttp2).
      { type: 'application_settings', codepoint: 0x44cd, protocols: ['h2'], settings: { h2: '' } },
      { type: 'raw', id: 0xca34, data: TRUST_ANCHORS },
      { type: 'grease', slot: 2, body: 'zero-byte' },
      // Only when resuming; BoringSSL always writes it last. Its ticket age counts whole seconds
      // (ext_pre_shared_key_add_clienthello: 1000 * (now.tv_sec - session->time)), and a TLS 1.3
      // session lives at most SSL_DEFAULT_SESSION_PSK_DHE_TIMEOUT, two days (Chromium sets only
      // the TLS 1.2 timeout, SSL_CTX_set_timeout).
      { type: 'pre_shared_key', ticketAge: 'seconds', maxTicketLifetime: 2 * 86400 },
    ],
  },
  http2: {
    settings: [
      [1, 65536], // HEADER_TABLE_SIZE
      [2, 0], // ENABLE_PUSH
      [4, 6291456], // INITIAL_WINDOW_SIZE
      [6, 262144], // MAX_HEADER_LIST_SIZE
    ],
    connectionWindowUpdate: 15663105,
    priorityFrames: [],
    // Chromium derives the weight from the request priority: a navigation is HIGHEST, 256.
    headersPriority: { exclusive: true, dependsOn: 0, weight: 256 },
    // Every request's weight from its urgency, chained on the open streams (h2/priority.ts): the
    // capture's favicon (u=1) went out with weight 220.
    priorityByUrgency: 'chromium',
    pseudoHeaderOrder: [':method', ':authority', ':scheme', ':path'],
    // The captured HEADERS went out before the ACK of the server's SETTINGS.
    settingsAckBeforeHeaders: false,
    streamWindowUpdate: null,
    firstStreamId: 1,
    // quiche's HpackEncoder, as the capture's header block shows it.
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
  },
  http1: {
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
    omitHeaders: ['priority'],
  },
  headers: [
    ['sec-ch-ua', secChUa(156, 'Google Chrome')],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['upgrade-insecure-requests', '1'],
    ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'],
    [
      'accept',
      'text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
    ],
    ['sec-fetch-site', 'none'],
    ['sec-fetch-mode', 'navigate'],
    ['sec-fetch-user', '?1'],
    ['sec-fetch-dest', 'document'],
    ['accept-encoding', 'gzip, deflate, br, zstd'],
    ['accept-language', 'en-US,en;q=0.9'],
    ['priority', 'u=0, i'],
  ],
  // Not in the captures (a plain GET navigation): Chromium's HttpNetworkTransaction puts
  // Content-Length and the auth header before the page's headers, a form POST adds Origin and
  // Content-Type after the client hints, Referer follows Sec-Fetch-Dest, and the cookie comes last
  // (before the HTTP/2 priority field, which the HTTP/2 layer appends).
  headerPlacement: {
    'content-length': { after: '' },
    authorization: { after: 'content-length' },
    origin: { after: 'sec-ch-ua-platform' },
    'content-type': { after: 'origin' },
    referer: { after: 'sec-fetch-dest' },
    cookie: { after: 'accept-language' },
  },
  // The favicon request of the chromium-156-* captures: Chromium 156 puts image/jxl first.
  requestKinds: {
    image: {
      headers: chromiumSubresource('image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8', 'no-cors', 'image', 'i'),
    },
  },
  // A bare FIN: no GOAWAY on a graceful or idle close (Chromium SpdySession::DoDrainSession), no
  // close_notify (SSLClientSocketImpl::Disconnect); the chromium-156-* pcaps end so.
  goodbye: { goaway: false, closeNotify: false },
};

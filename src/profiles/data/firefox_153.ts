import type { Profile } from '../types.js';

/**
 * Firefox 153 on Windows. The TLS ClientHello and HTTP/2 frames are Firefox ESR 153.7.0esr's, from
 * the three hellos and two page loads in shared/captures (firefox-153-*): a fixed extension order,
 * no GREASE. The user agent is the Windows one; every other header is the capture's.
 */
export const firefox153: Profile = {
  id: 'firefox_153',
  browser: 'firefox',
  version: 153,
  source:
    'shared/captures firefox-153-{1,2,2.c2} (Firefox ESR 153.7.0esr, headless, Debian): cipher suites, extensions in order and their bodies, ECH GREASE, HTTP/2 frames and HPACK. NSS lib/ssl/ssl3ext.c (extension order) and lib/ssl/tls13ech.c (tls13_MaybeGreaseEch, tls13_PadChInner): ECH GREASE AEAD and payload length.',
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
      0xc013, // ECDHE_RSA_AES_128_CBC_SHA
      0xc014, // ECDHE_RSA_AES_256_CBC_SHA
      0x009c, // RSA_AES_128_GCM_SHA256
      0x009d, // RSA_AES_256_GCM_SHA384
      0x002f, // RSA_AES_128_CBC_SHA
      0x0035, // RSA_AES_256_CBC_SHA
    ],
    compressionMethods: [0],
    sessionIdLength: 32,
    // NSS's fixed sender order (ssl3ext.c); ECH GREASE is appended after the others, and only the
    // PSK may follow it. No padding: NSS pads only hellos under 512 bytes and the ML-KEM share
    // keeps this one near 1.9 KB.
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
      {
        type: 'delegated_credentials',
        schemes: [
          0x0403, // ecdsa_secp256r1_sha256
          0x0503, // ecdsa_secp384r1_sha384
          0x0603, // ecdsa_secp521r1_sha512
          0x0203, // ecdsa_sha1
        ],
      },
      { type: 'signed_certificate_timestamp' },
      // Three shares: X25519MLKEM768 (1216 bytes), x25519 (32), P-256 (65).
      // NSS reuses the X25519 key: the x25519 share is the hybrid's last 32 bytes (lib/ssl/tls13con.c
      // tls13_CreateKeyShare, tls13_FindHybridKeyPair; seen in every firefox-153 capture).
      { type: 'key_share', groups: [0x11ec, 0x001d, 0x0017], reuseEcdhKey: true },
      { type: 'supported_versions', versions: [0x0304, 0x0303] },
      {
        type: 'signature_algorithms',
        schemes: [
          0x0403, // ecdsa_secp256r1_sha256
          0x0503, // ecdsa_secp384r1_sha384
          0x0603, // ecdsa_secp521r1_sha512
          0x0804, // rsa_pss_rsae_sha256
          0x0805, // rsa_pss_rsae_sha384
          0x0806, // rsa_pss_rsae_sha512
          0x0401, // rsa_pkcs1_sha256
          0x0501, // rsa_pkcs1_sha384
          0x0601, // rsa_pkcs1_sha512
          0x0203, // ecdsa_sha1
          0x0201, // rsa_pkcs1_sha1
        ],
      },
      // After a HelloRetryRequest with a cookie, NSS sends it between these two.
      { type: 'cookie' },
      { type: 'psk_key_exchange_modes', modes: [1] },
      { type: 'record_size_limit', limit: 0x4001 },
      { type: 'compress_certificate', algorithms: [1, 2, 3] },
      // NSS draws the AEAD from one random bit: AES-128-GCM or ChaCha20-Poly1305 (the captures
      // show both). The payload is the size of the inner hello a real ECH offer would encrypt,
      // with the server name padded to 100 bytes and the total to 31 mod 32 (NSS before 155),
      // plus the 16-byte tag: 239 for every fresh hello whose server name is at most 100 bytes.
      { type: 'ech_grease', kdf: 0x0001, aeads: [0x0001, 0x0003], payloadLengths: [239], encLength: 32, enc: 'random' },
      // Only when resuming; NSS writes it last.
      { type: 'pre_shared_key' },
    ],
  },
  http2: {
    settings: [
      [1, 65536], // HEADER_TABLE_SIZE
      [2, 0], // ENABLE_PUSH
      [4, 131072], // INITIAL_WINDOW_SIZE
      [5, 16384], // MAX_FRAME_SIZE
    ],
    connectionWindowUpdate: 12517377,
    priorityFrames: [],
    // Necko's weight for a top-level document (wire byte 41).
    headersPriority: { exclusive: false, dependsOn: 0, weight: 42 },
    // Weight = 22 - nsISupportsPriority (Http2StreamBase::SetPriority), the priority each urgency of
    // Firefox's own kinds comes with (UrgencyFromCoSFlags): u=0 HIGHEST 42, u=2/u=4 NORMAL 22, u=5 LOW 12.
    priorityByUrgency: { weights: [42, 32, 22, 22, 22, 12, 22, 2] },
    pseudoHeaderOrder: [':method', ':path', ':authority', ':scheme'],
    settingsAckBeforeHeaders: true,
    streamWindowUpdate: 12451840,
    // Necko starts its HTTP/2 stream ids at 3.
    firstStreamId: 3,
    // Necko's Http2Compressor, as the capture's header block shows it.
    hpack: {
      default: { indexing: 'incremental', huffman: true, useIndexedField: true, nameReference: 'last' },
      rules: [
        { names: ['authorization'], encoding: { indexing: 'never', huffman: true, useIndexedField: false, nameReference: 'last' } },
        {
          names: ['cookie'],
          valueShorterThan: 20,
          encoding: { indexing: 'never', huffman: true, useIndexedField: false, nameReference: 'last' },
        },
        { names: [':path'], encoding: { indexing: 'without', huffman: true, useIndexedField: false, nameReference: 'last' } },
        {
          entryExceeds: { tableFraction: 0.5, orTableBelow: 128 },
          encoding: { indexing: 'without', huffman: true, useIndexedField: true, nameReference: 'last' },
        },
      ],
    },
    trailingHeaders: [['te', 'trailers']],
  },
  http1: {
    // No HTTP/1.1 capture of this version: Firefox's usual HTTP/1.1 order, with the placed
    // headers where Necko adds them.
    headerOrder: [
      'Host',
      'User-Agent',
      'Accept',
      'Accept-Language',
      'Accept-Encoding',
      'Content-Type',
      'Content-Length',
      'Origin',
      'Authorization',
      'Connection',
      'Referer',
      'Cookie',
      'Upgrade-Insecure-Requests',
      'Sec-Fetch-Dest',
      'Sec-Fetch-Mode',
      'Sec-Fetch-Site',
      'Priority',
    ],
    extraHeaders: [['Connection', 'keep-alive']],
    omitHeaders: [],
  },
  // The capture's navigation (a headless --screenshot load): no Sec-Fetch-User, which Firefox
  // sends only for user-activated navigations.
  headers: [
    ['user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:153.0) Gecko/20100101 Firefox/153.0'],
    ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
    ['accept-language', 'en-US,en;q=0.9'],
    ['accept-encoding', 'gzip, deflate, br, zstd'],
    ['upgrade-insecure-requests', '1'],
    ['sec-fetch-dest', 'document'],
    ['sec-fetch-mode', 'navigate'],
    ['sec-fetch-site', 'none'],
    ['priority', 'u=0, i'],
  ],
  // Not in the captures: Necko appends headers as it learns them, so the upload's Content-Type and
  // Content-Length, then Origin and credentials follow the standard headers, and Referer and
  // Cookie come before the fetch metadata.
  headerPlacement: {
    'content-type': { after: 'accept-encoding' },
    'content-length': { after: 'content-type' },
    origin: { after: 'content-length' },
    authorization: { after: 'origin' },
    referer: { after: 'authorization' },
    cookie: { after: 'referer' },
  },
  // GOAWAY (NO_ERROR, last stream 0) then close_notify (Necko Http2Session::Close, NSS
  // ssl_SecureClose), each its own record and TCP segment, then the FIN (firefox-153-* pcaps).
  goodbye: { goaway: true, closeNotify: true },
};

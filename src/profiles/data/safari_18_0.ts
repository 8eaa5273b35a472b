import type { Profile } from '../types.js';
import { safari160 } from './safari_16_0.js';
import { http1From, variant } from './variant.js';

const headers: Profile['headers'] = [
  ['sec-fetch-dest', 'document'],
  ['user-agent', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15'],
  ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['sec-fetch-site', 'none'],
  ['sec-fetch-mode', 'navigate'],
  ['accept-language', 'en-US,en;q=0.9'],
  ['priority', 'u=0, i'],
  ['accept-encoding', 'gzip, deflate, br'],
];

const headerPlacement: Profile['headerPlacement'] = {
  'content-type': { after: 'accept-encoding' },
  'content-length': { after: 'content-type' },
  origin: { after: 'content-length' },
  authorization: { after: 'origin' },
  referer: { after: 'authorization' },
  cookie: { after: 'referer' },
};

const http2: Profile['http2'] = {
  ...structuredClone(safari160.http2),
  settings: [
    [2, 0], // ENABLE_PUSH
    [3, 100], // MAX_CONCURRENT_STREAMS
    [4, 2097152], // INITIAL_WINDOW_SIZE
    [8, 1], // ENABLE_CONNECT_PROTOCOL (RFC 8441)
    [9, 1], // NO_RFC7540_PRIORITIES (RFC 9218)
  ],
  // 10 MiB - 65535.
  connectionWindowUpdate: 10420225,
  // curl-impersonate safari180: weight 256 (wire 255), not exclusive.
  headersPriority: { exclusive: false, dependsOn: 0, weight: 256 },
  pseudoHeaderOrder: [':method', ':scheme', ':authority', ':path'],
};

/** Safari 18.0 on macOS: the Safari 16 ClientHello without ecdsa_sha1, the Safari 18 HTTP/2 opening. */
export const safari180: Profile = variant(safari160, {
  id: 'safari_18_0',
  version: 18,
  source:
    'shared/profiles/safari_18_0.json: TLS, HTTP/2 and headers from lexiforest/curl-impersonate tests/signatures/safari_18.0_macOS.yaml (capture; JA3 773906b0efdefa24a7f2b8eb6985bf37, Akamai d4a2dcbfde511b5040ed5a5190a8d78b published there and by wreq-util), HEADERS weight 256 non-exclusive from curl-impersonate safari180. ' +
    'signature_algorithms: the capture has no ecdsa_sha1 (JA4 c-hash e42f34c56612, which wreq-util publishes for Safari 18.2+); tls-client Safari_IOS_18_0 and wreq-util safari18 keep it (14788d8d241b). This file follows the capture.',
  tls: {
    ...structuredClone(safari160.tls),
    extensions: safari160.tls.extensions.map((e) =>
      e.type === 'signature_algorithms'
        ? { type: 'signature_algorithms', schemes: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201] }
        : structuredClone(e),
    ),
  },
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Cookie'),
  headers,
  headerPlacement,
});

import type { Profile } from '../types.js';
import { safari160 } from './safari_16_0.js';
import { http1From, variant } from './variant.js';

// Safari 17's navigation headers, Fetch Metadata included, in the order of the lwthiker iOS 17.2
// capture (WebKit hands CFNetwork an unordered map, hence the odd order).
const headers: Profile['headers'] = [
  ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['sec-fetch-site', 'none'],
  ['accept-encoding', 'gzip, deflate, br'],
  ['sec-fetch-mode', 'navigate'],
  ['user-agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'],
  ['accept-language', 'en-US,en;q=0.9'],
  ['sec-fetch-dest', 'document'],
];

const headerPlacement: Profile['headerPlacement'] = {
  'content-type': { after: 'sec-fetch-dest' },
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
    [4, 2097152], // INITIAL_WINDOW_SIZE
    [3, 100], // MAX_CONCURRENT_STREAMS
  ],
};

/** Safari on iOS 17.0: Safari 16's ClientHello, push disabled in SETTINGS, Fetch Metadata headers. */
export const safariIos170: Profile = variant(safari160, {
  id: 'safari_ios_17_0',
  version: 17,
  source:
    'bogdanfinn/tls-client Safari_IOS_17_0: the Safari 16 ClientHello (published JA3 773906b0efdefa24a7f2b8eb6985bf37) and SETTINGS 2:0;4:2097152;3:100, WINDOW_UPDATE 10485760, m,s,p,a (published Akamai ad8424af1cc590e09f7b0c499bf7fcdb). ' +
    'The lwthiker/curl-impersonate Safari 17.2 iOS capture has the same ClientHello, SETTINGS and Akamai hash; its header list and order are used here with the 17.0 user agent.',
  http2,
  http1: http1From({ headers, headerPlacement, http2 }, 'Cookie'),
  headers,
  headerPlacement,
});

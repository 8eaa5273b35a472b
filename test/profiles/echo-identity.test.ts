// End to end, through AsyncClient and the worker pool: the local echo server sees the real
// browsers' fingerprints (JA4, and for Firefox's fixed order the JA3; the Akamai HTTP/2 string).
import { afterAll, describe, expect, it } from 'vitest';
import { AsyncClient } from '../../src/index.js';
import { startEchoServer, type EchoReport } from '../../src/fingerprint/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';

afterAll(async () => {
  await closeDefaultPool();
});

const expected = {
  chrome: {
    ja4: 't13d1517h2_8daaf6152771_cb7bf5808d99',
    akamai: '1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p',
    ja3Hash: undefined,
  },
  firefox: {
    ja4: 't13d1617h2_86a278354501_3cbfd9057e0d',
    akamai: '1:65536;2:0;4:131072;5:16384|12517377|0|m,p,a,s',
    ja3Hash: '6447ab086255d194909d4013b1a89e87',
  },
} as const;

describe('what a server sees of our profiles (captures README values)', () => {
  for (const [profile, want] of Object.entries(expected)) {
    it(`${profile}: JA4, JA3 and Akamai equal the real browser's`, async () => {
      // A fresh server per profile: a second connection to the same origin would resume (PSK), as
      // the browser's would, and that changes the JA4 extension count.
      await using echo = await startEchoServer();
      await using client = new AsyncClient({ clientIdentifier: profile, ca: echo.ca });
      const response = await client.get(echo.url);
      expect(response.httpVersion).toBe('HTTP/2');
      const report = response.json<EchoReport>();
      expect(report.tls.ja4).toBe(want.ja4);
      if (want.ja3Hash) expect(report.tls.ja3Hash).toBe(want.ja3Hash);
      expect(report.http2?.akamai).toBe(want.akamai);
    });
  }
});

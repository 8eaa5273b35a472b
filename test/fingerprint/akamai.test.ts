import { describe, expect, it } from 'vitest';
import { akamaiFingerprint, akamaiHash } from '../../src/fingerprint/akamai.js';

/** The Akamai string from already-decoded frames (the stream version is in akamai-stream.test.ts). */
describe('akamaiFingerprint', () => {
  it('formats the README values of the three HTTP/2 clients', () => {
    expect(
      akamaiFingerprint({
        settings: [
          [1, 65536],
          [2, 0],
          [4, 6291456],
          [6, 262144],
        ],
        windowUpdate: 15663105,
        priorities: [],
        pseudoHeaderOrder: [':method', ':authority', ':scheme', ':path'],
      }),
    ).toBe('1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p');
    expect(
      akamaiFingerprint({
        settings: [
          [3, 100],
          [4, 33554432],
          [2, 0],
        ],
        windowUpdate: 33488897,
        priorities: [],
        pseudoHeaderOrder: ['m', 'p', 's', 'a'],
      }),
    ).toBe('3:100;4:33554432;2:0|33488897|0|m,p,s,a');
  });

  it('prints PRIORITY frames as stream:exclusive:dependsOn:weight, and 00 for a missing WINDOW_UPDATE', () => {
    // The paper's (older) Firefox: a priority tree of PRIORITY frames before the first request.
    const text = akamaiFingerprint({
      settings: [
        [1, 65536],
        [4, 131072],
        [5, 16384],
      ],
      priorities: [
        { streamId: 3, exclusive: false, dependsOn: 0, weight: 201 },
        { streamId: 5, exclusive: false, dependsOn: 0, weight: 101 },
        { streamId: 7, exclusive: false, dependsOn: 0, weight: 1 },
        { streamId: 9, exclusive: false, dependsOn: 7, weight: 1 },
        { streamId: 11, exclusive: true, dependsOn: 3, weight: 1 },
      ],
      pseudoHeaderOrder: ['method', 'path', 'authority', 'scheme'],
    });
    expect(text).toBe('1:65536;4:131072;5:16384|00|3:0:0:201,5:0:0:101,7:0:0:1,9:0:7:1,11:1:3:1|m,p,a,s');
  });

  it('leaves the pseudo-header part empty when no request was sent', () => {
    expect(akamaiFingerprint({ settings: [], windowUpdate: 0, priorities: [], pseudoHeaderOrder: [] })).toBe('|00|0|');
  });

  it('hashes with MD5 as fingerprinting services publish it', () => {
    // browserleaks.com publishes akamai_hash 52d84b11... beside this akamai_text for Chrome.
    expect(akamaiHash('1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p')).toBe('52d84b11737d980aef856699f885ca86');
  });
});

// The Akamai HTTP/2 string into a profile's opening frames (validated against RFC 9113), and the
// header order option: both as profileFromJa3 options and on their own.
import { describe, expect, it } from 'vitest';
import { RequestError } from '../../src/errors.js';
import { akamaiFingerprint } from '../../src/fingerprint/index.js';
import { http1Headers } from '../../src/http/h1/request-headers.js';
import { http2Headers } from '../../src/http/h2-headers.js';
import { openingBytes } from '../../src/http/h2/opening.js';
import { http2FromAkamai, parseAkamai, profileFromJa3, profileWithAkamai, withHeaderOrder } from '../../src/profiles/custom/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { getProfile } from '../../src/profiles/registry.js';
import type { Http2Profile, Profile } from '../../src/profiles/types.js';
import { captureJson, labelOf, captureFiles } from '../fingerprint/captures.js';

function akamaiOf(http2: Http2Profile): string {
  return akamaiFingerprint({
    settings: http2.settings,
    ...(http2.connectionWindowUpdate !== null ? { windowUpdate: http2.connectionWindowUpdate } : {}),
    priorities: http2.priorityFrames,
    pseudoHeaderOrder: http2.pseudoHeaderOrder,
  });
}

/** Akamai strings of the captures whose first connection carried a request. */
const captured = captureFiles('.json')
  .map(labelOf)
  .map((label) => [label, captureJson(label).h2?.akamai] as const)
  .filter((entry): entry is readonly [string, string] => typeof entry[1] === 'string' && !entry[1].endsWith('|'));

/** Firefox before 59 built a PRIORITY tree on streams 3..13 and sent its first request on 15. */
const OLD_FIREFOX = '1:65536;4:131072;5:16384|12517377|3:0:0:201,5:0:0:101,7:0:0:1,9:0:7:1,11:0:3:1,13:0:0:241|m,p,a,s';

describe('the Akamai string', () => {
  it('finds the captured strings (chromium, firefox, curl)', () => {
    expect(captured.map(([l]) => l.split('-')[0])).toEqual(expect.arrayContaining(['chromium', 'firefox', 'curl']));
  });

  it.each(captured)('%s: becomes an opening whose fingerprint is that string', (_label, akamai) => {
    const http2 = http2FromAkamai(akamai, chrome156.http2);
    expect(akamaiOf(http2)).toBe(akamai);
    // What the session writes first: preface, SETTINGS, WINDOW_UPDATE, in that order.
    const bytes = openingBytes(http2);
    expect(bytes.length).toBe(24 + 9 + 6 * http2.settings.length + 9 + 4);
  });

  it('keeps what the string does not show from the base: HEADERS priority, HPACK, ACK timing', () => {
    const firefox = captured.find(([l]) => l.startsWith('firefox'))![1];
    const http2 = http2FromAkamai(firefox, chrome156.http2);
    expect(http2.headersPriority).toEqual(chrome156.http2.headersPriority);
    expect(http2.hpack).toEqual(chrome156.http2.hpack);
    expect(http2.settingsAckBeforeHeaders).toBe(chrome156.http2.settingsAckBeforeHeaders);
    expect(http2.firstStreamId).toBe(1);
    expect(http2FromAkamai(firefox, firefox153.http2)).toEqual(firefox153.http2);
  });

  it('reads PRIORITY frames (weights 1..256) and puts the first request after them', () => {
    const http2 = http2FromAkamai(OLD_FIREFOX, firefox153.http2);
    expect(http2.priorityFrames).toHaveLength(6);
    expect(http2.priorityFrames[3]).toEqual({ streamId: 9, exclusive: false, dependsOn: 7, weight: 1 });
    expect(http2.firstStreamId).toBe(15);
    expect(akamaiOf(http2)).toBe(OLD_FIREFOX);
    // Back to no PRIORITY frames from that base: the first stream no longer has to skip a tree.
    expect(http2FromAkamai('1:65536|00|0|m,a,s,p', getProfile('firefox_102').http2).firstStreamId).toBe(1);
  });

  it('takes "00" and "0" as no WINDOW_UPDATE, and an empty SETTINGS field as an empty frame', () => {
    expect(parseAkamai('|00|0|m,a,s,p')).toEqual({ settings: [], connectionWindowUpdate: null, priorityFrames: [], pseudoHeaderOrder: [':method', ':authority', ':scheme', ':path'] });
    expect(parseAkamai('2:0|0|0|m,p,s,a').connectionWindowUpdate).toBeNull();
  });

  const refused: [string, string, RegExp][] = [
    ['three fields', '1:65536|00|m,a,s,p', /4 fields/],
    ['a setting without a value', '1|00|0|m,a,s,p', /not "id:value"/],
    ['a non-numeric setting', '1:x|00|0|m,a,s,p', /"x" is not a number/],
    ['ENABLE_PUSH 2', '2:2|00|0|m,a,s,p', /ENABLE_PUSH \(2\) must be 0 or 1/],
    ['INITIAL_WINDOW_SIZE over 2^31-1', '4:2147483648|00|0|m,a,s,p', /INITIAL_WINDOW_SIZE/],
    ['MAX_FRAME_SIZE under 16384', '5:100|00|0|m,a,s,p', /MAX_FRAME_SIZE/],
    ['a setting id over 16 bits', '65536:1|00|0|m,a,s,p', /SETTINGS id 65536/],
    ['a WINDOW_UPDATE that overflows the window', '1:1|2147483647|0|m,a,s,p', /WINDOW_UPDATE increment/],
    ['a PRIORITY frame without its weight', '1:1|00|3:0:0|m,a,s,p', /stream:exclusive:dependsOn:weight/],
    ['weight 0', '1:1|00|3:0:0:0|m,a,s,p', /weight 0 is outside 1\.\.256/],
    ['weight 257', '1:1|00|3:0:0:257|m,a,s,p', /weight 257/],
    ['a stream on itself', '1:1|00|3:0:3:16|m,a,s,p', /cannot depend on itself/],
    ['an exclusive flag of 2', '1:1|00|3:2:0:16|m,a,s,p', /exclusive flag 2/],
    ['an unknown pseudo-header', '1:1|00|0|m,a,s,x', /"x" is not one of m, a, s, p/],
    ['a pseudo-header twice', '1:1|00|0|m,a,s,s', /once each/],
    ['no pseudo-headers (a connection without a request)', '1:65536;2:0;4:131072;5:16384|12517377|0|', /"" is not one of/],
  ];

  it.each(refused)('refuses %s', (_name, akamai, reason) => {
    expect(() => parseAkamai(akamai)).toThrow(RequestError);
    expect(() => parseAkamai(akamai)).toThrow(reason);
  });

  it('profileWithAkamai: a new profile (id and source say so), TLS untouched, base unchanged', () => {
    const before = structuredClone(chrome156);
    const curl = captured.find(([l]) => l.startsWith('curl'))![1];
    const profile = profileWithAkamai(chrome156, curl);
    expect(akamaiOf(profile.http2)).toBe(curl);
    expect(profile.tls).toEqual(chrome156.tls);
    expect(profile.id).toMatch(/^chrome_156\+h2_[0-9a-f]{12}$/);
    expect(profile.source).toContain(curl);
    expect(chrome156).toEqual(before);
    expect(structuredClone(profile)).toEqual(profile);
  });
});

describe('the header order option', () => {
  const GET = (profile: Profile): [string, string][] => [...profile.headers, ['cookie', 'a=1']];

  it('puts the listed names first, in order, for HTTP/2 and HTTP/1.1 alike', () => {
    const profile = withHeaderOrder(chrome156, ['User-Agent', 'accept', 'cookie', 'sec-ch-ua']);
    expect(profile.headers.slice(0, 3).map(([n]) => n)).toEqual(['user-agent', 'accept', 'sec-ch-ua']);
    // The cookie, a placed header, goes after the listed header before it.
    expect(profile.headerPlacement.cookie).toEqual({ after: 'accept' });
    const h2 = http2Headers({ method: 'GET', headers: GET(profile), profile, headerOrder: null, authority: 'example.com', body: null });
    expect(h2.headers.slice(0, 4).map(([n]) => n)).toEqual(['user-agent', 'accept', 'cookie', 'sec-ch-ua']);
    const h1 = http1Headers({ method: 'GET', headers: GET(profile), profile, headerOrder: null, authority: 'example.com', body: null });
    // Host stays first on HTTP/1.1; Chrome's spellings are kept.
    expect(h1.slice(0, 5).map(([n]) => n)).toEqual(['Host', 'User-Agent', 'Accept', 'Cookie', 'sec-ch-ua']);
  });

  it('keeps the unlisted headers in the base order, after the listed ones', () => {
    const profile = withHeaderOrder(chrome156, ['accept-language']);
    expect(profile.headers.map(([n]) => n)).toEqual(['accept-language', ...chrome156.headers.map(([n]) => n).filter((n) => n !== 'accept-language')]);
  });

  it('is a profileFromJa3 option, with akamai', () => {
    const ja3 = captureJson('firefox-153-1').client_hello.fingerprints.ja3_full;
    const akamai = captured.find(([l]) => l.startsWith('firefox'))![1];
    const profile = profileFromJa3(ja3, { akamai, headerOrder: ['accept', 'user-agent'] });
    expect(akamaiOf(profile.http2)).toBe(akamai);
    expect(profile.headers.slice(0, 2).map(([n]) => n)).toEqual(['accept', 'user-agent']);
    expect(profile.id).toMatch(/^ja3_[0-9a-f]{32}\+h2_[0-9a-f]{12}$/);
  });

  it.each([
    ['a pseudo-header', [':path'], /pseudo-header/],
    ['a name twice', ['accept', 'Accept'], /listed twice/],
    ['not a header name', ['user agent'], /not a header name/],
  ] as const)('refuses %s', (_name, order, reason) => {
    expect(() => withHeaderOrder(chrome156, order)).toThrow(RequestError);
    expect(() => withHeaderOrder(chrome156, order)).toThrow(reason);
  });
});

// The non-Chromium identifiers tls_requests accepts (anchors.md §1.11), plus the newer public ones:
// each resolves to a profile with a named source (or is a documented alias of one), builds a
// ClientHello that parses back to its spec, and meets every fingerprint a source publishes for it.
// Hellos are built with a seeded random source and the server name tls.peet.ws, the host whose
// answers bogdanfinn/tls-client's tests quote (the padding extension depends on the name's length).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { akamaiFingerprint, akamaiHash, ja3, ja4, parseClientHello, type ParsedClientHello } from '../../src/fingerprint/index.js';
import { orderHeaderNames } from '../../src/profiles/header-order.js';
import { getProfile, listProfiles } from '../../src/profiles/registry.js';
import type { Profile } from '../../src/profiles/types.js';
import { seededRandom } from '../../src/tls/random.js';
import { GREASE } from '../../src/vocabulary/hello-spec.js';
import { fixturePath } from '../helpers/fixtures.js';
import { helloContext } from './hello.js';
import { buildClientHello } from '../../src/tls/hello/build.js';
import { extensionCodepoint, extensionOmitted } from '../../src/tls/hello/encoders.js';

/** anchors.md §1.11: the non-Chromium entries of tls_requests' IdentifierLiterals (44 of 67). */
const TLS_REQUESTS_IDENTIFIERS = [
  'firefox_102', 'firefox_104', 'firefox_105', 'firefox_106', 'firefox_108', 'firefox_110', 'firefox_117', 'firefox_120', 'firefox_123', 'firefox_132', 'firefox_133',
  'safari_15_6_1', 'safari_16_0', 'safari_ipad_15_6', 'safari_ios_15_5', 'safari_ios_15_6', 'safari_ios_16_0', 'safari_ios_17_0', 'safari_ios_18_0', 'safari_ios_18_5',
  'okhttp4_android_7', 'okhttp4_android_8', 'okhttp4_android_9', 'okhttp4_android_10', 'okhttp4_android_11', 'okhttp4_android_12', 'okhttp4_android_13',
  'zalando_android_mobile', 'zalando_ios_mobile', 'nike_android_mobile', 'nike_ios_mobile',
  'mms_ios', 'mms_ios_1', 'mms_ios_2', 'mms_ios_3',
  'mesh_android', 'mesh_android_1', 'mesh_android_2', 'mesh_ios', 'mesh_ios_1', 'mesh_ios_2',
  'confirmed_android', 'confirmed_android_2', 'confirmed_ios',
]; // prettier-ignore

/** Newer public identifiers (tls-client after v1.13.1) and the reference files' extra Safari. */
const NEWER_IDENTIFIERS = ['firefox_135', 'firefox_147', 'safari_ios_26_0', 'safari_18_0', 'firefox_153'];

/** The names that are documented aliases, and the identifier each stands for. */
const ALIASES: Record<string, string> = {
  okhttp4_android_10: 'okhttp4_android_13',
  okhttp4_android_11: 'okhttp4_android_13',
  okhttp4_android_12: 'okhttp4_android_13',
  mms_ios_1: 'mms_ios',
  mesh_ios_1: 'mesh_ios',
  mesh_android_1: 'mesh_android',
  confirmed_ios: 'mesh_ios',
};

const SERVER_NAME = 'tls.peet.ws';

function hello(profile: Profile, serverName = SERVER_NAME): ParsedClientHello {
  const ctx = helloContext(profile.tls, { random: seededRandom(`others:${profile.id}`), serverName });
  return parseClientHello(buildClientHello(profile.tls, ctx).message);
}

function akamai(profile: Profile): string {
  const h2 = profile.http2;
  return akamaiFingerprint({
    settings: h2.settings,
    ...(h2.connectionWindowUpdate !== null ? { windowUpdate: h2.connectionWindowUpdate } : {}),
    priorities: h2.priorityFrames,
    pseudoHeaderOrder: h2.pseudoHeaderOrder,
  });
}

describe('every non-Chromium identifier of tls_requests, and the newer ones', () => {
  it('lists 44 tls_requests identifiers, as anchors.md §1.11 counts them (67 minus 20 Chrome and 3 Opera)', () => {
    expect(new Set(TLS_REQUESTS_IDENTIFIERS).size).toBe(44);
  });

  describe.each([...TLS_REQUESTS_IDENTIFIERS, ...NEWER_IDENTIFIERS])('%s', (name) => {
    const profile = getProfile(name);

    it('resolves to its own profile or to a documented alias, with a named source', () => {
      if (ALIASES[name]) {
        expect(profile.id).toBe(ALIASES[name]);
        expect(profile.aliases).toContain(name);
        // The alias is explained where the data lives.
        expect(profile.source).toMatch(/alias|identical on the wire/);
      } else {
        expect(profile.id).toBe(name);
      }
      expect(profile.source).toMatch(/tls-client|utls|curl-impersonate|capture|shared\/profiles/);
      expect(profile.source.length).toBeGreaterThan(80);
    });

    it('builds a valid ClientHello that parses back to its spec', () => {
      const ctx = helloContext(profile.tls, { random: seededRandom(`valid:${name}`), serverName: SERVER_NAME });
      const parsed = parseClientHello(buildClientHello(profile.tls, ctx).message);
      expect(parsed.legacyVersion).toBe(profile.tls.legacyVersion);
      expect(parsed.sessionId.length).toBe(profile.tls.sessionIdLength);
      expect(parsed.cipherSuites.map((c) => c.value)).toEqual(profile.tls.cipherSuites.map((c) => (c === GREASE ? ctx.grease.cipher : c)));
      const expectedTypes = ctx.extensionOrder
        .map((i) => profile.tls.extensions[i]!)
        .filter((e) => !extensionOmitted(e, ctx, false))
        .filter((e) => e.type !== 'padding')
        .map((e) => extensionCodepoint(e, ctx));
      expect(parsed.extensions.map((e) => e.type).filter((t) => t !== 21)).toEqual(expectedTypes);
    });

    it('survives structuredClone', () => {
      expect(structuredClone(profile)).toEqual(profile);
    });

    it('places cookie, content-type, content-length, origin, referer and authorization as in its HTTP/1.1 order', () => {
      const placed = Object.keys(profile.headerPlacement);
      const all = orderHeaderNames(profile, [...profile.headers.map(([n]) => n), ...placed]);
      const http1 = profile.http1.headerOrder.map((n) => n.toLowerCase()).filter((n) => n !== 'host' && n !== 'connection');
      expect(all.filter((n) => !profile.http1.omitHeaders.includes(n))).toEqual(http1);
    });
  });

  it('registers no other non-Chromium identifier than these', () => {
    const ours = listProfiles().filter((p) => p.browser !== 'chrome' || p.id === 'mesh_android');
    const names = new Set([...TLS_REQUESTS_IDENTIFIERS, ...NEWER_IDENTIFIERS]);
    expect(ours.map((p) => p.id).filter((id) => !names.has(id))).toEqual([]);
  });
});

// fixtures/profiles/*.json: every `tls.expected` value of the non-Chromium reference files.
interface ReferenceFile {
  name: string;
  tls: { expected: { ja3: string; ja3_hash: string; ja4: string; ja3n: string; ja3n_hash: string; akamai_hash: string } };
  http2: { akamai: string };
}
const REFERENCE_DIR = fixturePath('profiles');
const REFERENCE_FILES = ['firefox_120', 'firefox_133', 'safari_16_0', 'safari_18_0', 'safari_ios_18_0', 'okhttp4_android_13'];

describe.each(REFERENCE_FILES)('fixtures/profiles/%s.json tls.expected', (file) => {
  const reference = JSON.parse(readFileSync(`${REFERENCE_DIR}/${file}.json`, 'utf8')) as ReferenceFile;
  const profile = getProfile(reference.name);
  const expected = reference.tls.expected;

  it('JA3, JA3n and JA4', () => {
    const fp = ja3(hello(profile));
    expect(fp.ja3).toBe(expected.ja3);
    expect(fp.ja3Hash).toBe(expected.ja3_hash);
    expect(fp.ja3n).toBe(expected.ja3n);
    expect(fp.ja3nHash).toBe(expected.ja3n_hash);
    expect(ja4(hello(profile)).ja4).toBe(expected.ja4);
  });

  it('Akamai text and hash', () => {
    expect(akamai(profile)).toBe(reference.http2.akamai);
    expect(akamaiHash(akamai(profile))).toBe(expected.akamai_hash);
  });
});

// bogdanfinn/tls-client tests (the JA3 and Akamai values its test table quotes from tls.peet.ws).
const TLS_CLIENT_PUBLISHED: [name: string, ja3Hash: string, akamaiText: string][] = [
  ['firefox_102', '579ccef312d18482fc42e2b822ca2430', '1:65536;4:131072;5:16384|12517377|3:0:0:201,5:0:0:101,7:0:0:1,9:0:7:1,11:0:3:1,13:0:0:241|m,p,a,s'],
  ['firefox_104', '579ccef312d18482fc42e2b822ca2430', '1:65536;4:131072;5:16384|12517377|3:0:0:201,5:0:0:101,7:0:0:1,9:0:7:1,11:0:3:1,13:0:0:241|m,p,a,s'],
  ['firefox_105', '579ccef312d18482fc42e2b822ca2430', '1:65536;4:131072;5:16384|12517377|3:0:0:201,5:0:0:101,7:0:0:1,9:0:7:1,11:0:3:1,13:0:0:241|m,p,a,s'],
  ['firefox_106', '579ccef312d18482fc42e2b822ca2430', '1:65536;4:131072;5:16384|12517377|3:0:0:201,5:0:0:101,7:0:0:1,9:0:7:1,11:0:3:1,13:0:0:241|m,p,a,s'],
  ['firefox_108', '579ccef312d18482fc42e2b822ca2430', '1:65536;4:131072;5:16384|12517377|3:0:0:201,5:0:0:101,7:0:0:1,9:0:7:1,11:0:3:1,13:0:0:241|m,p,a,s'],
  ['firefox_117', '579ccef312d18482fc42e2b822ca2430', '1:65536;4:131072;5:16384|12517377|3:0:0:201,5:0:0:101,7:0:0:1,9:0:7:1,11:0:3:1,13:0:0:241|m,p,a,s'],
  ['safari_15_6_1', '773906b0efdefa24a7f2b8eb6985bf37', '4:4194304;3:100|10485760|0|m,s,p,a'],
  ['safari_16_0', '773906b0efdefa24a7f2b8eb6985bf37', '4:4194304;3:100|10485760|0|m,s,p,a'],
  ['safari_ipad_15_6', '773906b0efdefa24a7f2b8eb6985bf37', '4:2097152;3:100|10485760|0|m,s,p,a'],
  ['safari_ios_15_5', '773906b0efdefa24a7f2b8eb6985bf37', '4:2097152;3:100|10485760|0|m,s,p,a'],
  ['safari_ios_15_6', '773906b0efdefa24a7f2b8eb6985bf37', '4:2097152;3:100|10485760|0|m,s,p,a'],
  ['safari_ios_16_0', '773906b0efdefa24a7f2b8eb6985bf37', '4:2097152;3:100|10485760|0|m,s,p,a'],
  ['safari_ios_17_0', '773906b0efdefa24a7f2b8eb6985bf37', '2:0;4:2097152;3:100|10485760|0|m,s,p,a'],
  ['okhttp4_android_13', 'f79b6bad2ad0641e1921aef10262856b', '4:16777216|16711681|0|m,p,a,s'],
  ['okhttp4_android_12', 'f79b6bad2ad0641e1921aef10262856b', '4:16777216|16711681|0|m,p,a,s'],
  ['okhttp4_android_11', 'f79b6bad2ad0641e1921aef10262856b', '4:16777216|16711681|0|m,p,a,s'],
  ['okhttp4_android_10', 'f79b6bad2ad0641e1921aef10262856b', '4:16777216|16711681|0|m,p,a,s'],
  ['okhttp4_android_9', '6f5e62edfa5933b1332ddf8b9fb3ef9d', '4:16777216|16711681|0|m,p,a,s'],
  ['okhttp4_android_8', '6f5e62edfa5933b1332ddf8b9fb3ef9d', '4:16777216|16711681|0|m,p,a,s'],
  ['okhttp4_android_7', 'f6a0bfafe2bf7d9c79ffb3f269b64b46', '4:16777216|16711681|0|m,p,a,s'],
];

describe('bogdanfinn/tls-client published JA3 and Akamai values (tests/ fingerprint table)', () => {
  it.each(TLS_CLIENT_PUBLISHED)('%s: JA3 %s, Akamai %s', (name, ja3Hash, akamaiText) => {
    const profile = getProfile(name);
    expect(ja3(hello(profile)).ja3Hash).toBe(ja3Hash);
    expect(akamai(profile)).toBe(akamaiText);
  });

  it('firefox_110 deliberately differs: the Firefox 109 and 117 captures send session_ticket and psk_key_exchange_modes, tls-client ad55557b7cbd735c2627f7ebb3b3d493 lacks them', () => {
    const fp = ja3(hello(getProfile('firefox_110')));
    expect(fp.ja3Hash).not.toBe('ad55557b7cbd735c2627f7ebb3b3d493');
    expect(fp.ja3Hash).toBe('579ccef312d18482fc42e2b822ca2430');
  });

  it('firefox_132 deliberately differs: it follows the Firefox 133 capture, not tls-client a767f8ae9115cc5752e5cff59612e74f / 9:1', () => {
    const profile = getProfile('firefox_132');
    expect(ja3(hello(profile)).ja3Hash).toBe('2d692a4485ca2f5f2b10ecb2d2909ad3');
    expect(akamai(profile)).toBe('1:65536;2:0;4:131072;5:16384|12517377|0|m,p,a,s');
  });

  it('safari_ios_18_0: the JA3 matches; tls-client quotes a mangled Akamai text ("...;:1;9:1"), so the reference hash is checked instead', () => {
    const profile = getProfile('safari_ios_18_0');
    expect(ja3(hello(profile)).ja3Hash).toBe('773906b0efdefa24a7f2b8eb6985bf37');
    expect(akamaiHash(akamai(profile))).toBe('d4a2dcbfde511b5040ed5a5190a8d78b');
  });
});

describe('capture-published values', () => {
  it('safari_ios_17_0 meets the lwthiker/curl-impersonate safari_17.2_iOS capture: JA3, JA3n, Akamai', () => {
    const profile = getProfile('safari_ios_17_0');
    const fp = ja3(hello(profile));
    expect(fp.ja3Hash).toBe('773906b0efdefa24a7f2b8eb6985bf37');
    expect(fp.ja3nHash).toBe('44f7ed5185d22c92b96da72dbe68d307');
    expect(akamaiHash(akamai(profile))).toBe('ad8424af1cc590e09f7b0c499bf7fcdb');
  });

  it('firefox_102, 109-era and 117 captures: the lwthiker ClientHello extension order, padding included', () => {
    const types = hello(getProfile('firefox_102')).extensions.map((e) => e.type);
    expect(types).toEqual([0, 23, 65281, 10, 11, 35, 16, 5, 34, 51, 43, 13, 45, 28, 21]);
  });

  it('safari_ios_26_0 sends the lexiforest safari_26.0_iOS SETTINGS and WINDOW_UPDATE', () => {
    expect(akamai(getProfile('safari_ios_26_0'))).toBe('2:0;3:100;4:2097152;9:1|10420225|0|m,s,a,p');
  });
});

describe('per-connection shape', () => {
  it('Firefox and OkHttp send no GREASE; Safari GREASEs suites, groups, versions and two extensions', () => {
    for (const name of ['firefox_102', 'firefox_133', 'okhttp4_android_13']) {
      const h = hello(getProfile(name));
      expect(h.cipherSuites.some((c) => c.grease) || h.extensions.some((e) => e.grease)).toBe(false);
    }
    const safari = hello(getProfile('safari_16_0'));
    expect(safari.cipherSuites[0]!.grease).toBe(true);
    expect(safari.extensions[0]!.grease).toBe(true);
    expect(safari.extensions.filter((e) => e.grease)).toHaveLength(2);
  });

  it('pads a small hello to 512 bytes (Safari, OkHttp, Firefox before ECH) and leaves large ones alone', () => {
    expect(hello(getProfile('safari_16_0')).length).toBe(508);
    expect(hello(getProfile('okhttp4_android_13')).length).toBe(508);
    expect(hello(getProfile('firefox_117')).length).toBe(508);
    expect(hello(getProfile('safari_ios_26_0')).extensions.some((e) => e.type === 21)).toBe(false);
    expect(hello(getProfile('firefox_120')).extensions.some((e) => e.type === 21)).toBe(false);
  });

  it('OkHttp on Android 7-9 and the TLS 1.2-only app stacks offer no TLS 1.3 and an empty session id', () => {
    for (const name of ['okhttp4_android_7', 'okhttp4_android_8', 'okhttp4_android_9', 'confirmed_android', 'confirmed_android_2', 'mesh_android_2']) {
      const h = hello(getProfile(name));
      expect(h.extensions.some((e) => e.type === 43 || e.type === 51)).toBe(false);
      expect(h.sessionId.length).toBe(0);
      expect(ja4(h).ja4.startsWith('t12')).toBe(true);
    }
  });

  it('mms_ios sends no ALPN, so it only ever speaks HTTP/1.1', () => {
    expect(hello(getProfile('mms_ios')).extensions.some((e) => e.type === 16)).toBe(false);
    expect(ja4(hello(getProfile('mms_ios'))).ja4).toMatch(/^t13d181000_/);
  });

  it('the older Firefox HTTP/2 opening: six PRIORITY frames, HEADERS on stream 15 depending on 13', () => {
    const h2 = getProfile('firefox_108').http2;
    expect(h2.priorityFrames.map((p) => p.streamId)).toEqual([3, 5, 7, 9, 11, 13]);
    expect(h2.firstStreamId).toBe(15);
    expect(h2.headersPriority).toEqual({ exclusive: false, dependsOn: 13, weight: 42 });
    expect(getProfile('firefox_133').http2.priorityFrames).toEqual([]);
  });

  it('Firefox 110-119 freeze the rv token at 109.0', () => {
    expect(getProfile('firefox_110').headers.find(([n]) => n === 'user-agent')![1]).toContain('rv:109.0) Gecko/20100101 Firefox/110.0');
    expect(getProfile('firefox_120').headers.find(([n]) => n === 'user-agent')![1]).toContain('rv:120.0');
  });
});

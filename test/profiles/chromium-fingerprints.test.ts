// Published fingerprints of Chromium browsers, met by our profiles' hellos and HTTP/2 openings.
// Each value names where it was published. Chrome shuffles its extensions (from 110), so a JA3 is
// one connection's: we build the hello with that connection's order (a choice our profile can make,
// as the real browser did) and compare; JA3n and JA4 sort the extensions and hold for every order.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { akamaiFingerprint, akamaiHash, findExtension, ja3, ja4, type ParsedClientHello } from '../../src/fingerprint/index.js';
import { getProfile } from '../../src/profiles/index.js';
import type { Profile } from '../../src/profiles/types.js';
import { GREASE } from '../../src/vocabulary/hello-spec.js';
import { fixturePath } from '../helpers/fixtures.js';
import { parsedChromiumHello } from './chromium-hello.js';

const PROFILES_DIR = process.env.TLS_REQUESTS_REFERENCE_PROFILES ?? fixturePath('profiles');

const CIPHERS = '4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53';

function akamai(profile: Profile): string {
  const h2 = profile.http2;
  return akamaiFingerprint({
    settings: h2.settings,
    ...(h2.connectionWindowUpdate !== null ? { windowUpdate: h2.connectionWindowUpdate } : {}),
    priorities: h2.priorityFrames,
    pseudoHeaderOrder: h2.pseudoHeaderOrder,
  });
}

/** The extension field of a JA3 text, as codepoints in wire order. */
function ja3Order(text: string): number[] {
  return text.split(',')[2]!.split('-').map(Number);
}

/**
 * A hello with or without BoringSSL's padding: a 144-byte ECH payload and a short name keep a
 * pre-post-quantum hello inside the 256..511-byte window, a 240-byte payload pushes it out. Without
 * ECH GREASE (Chrome through 118) the hello is padded for any ordinary name.
 */
function hello(profile: Profile, padded: boolean, order?: number[]): ParsedClientHello {
  return parsedChromiumHello(profile.tls, {
    serverName: 'www.example.com',
    echPayload: padded ? 144 : 240,
    ...(order ? { order } : {}),
  });
}

function hasPadding(h: ParsedClientHello): boolean {
  return findExtension(h, 'padding') !== undefined;
}

interface ReferenceProfile {
  name: string;
  tls: {
    cipher_suites: (number | 'GREASE')[];
    expected: { ja3: string; ja3_hash: string; ja3n: string; ja3n_hash: string; ja4: string; ja4_with_padding?: string; akamai_hash: string };
  };
  http2: { settings: [number, number][]; akamai: string };
  headers: { order: string[]; defaults: Record<string, string> };
}

const references = readdirSync(PROFILES_DIR)
  .filter((f) => /^(chrome|edge)_.*\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(join(PROFILES_DIR, f), 'utf8')) as ReferenceProfile);

describe('fixtures/profiles reference data (tls.expected, recomputed there and cross-checked against published values)', () => {
  it('finds the Chromium reference files', () => {
    expect(references.map((r) => r.name).sort()).toEqual(expect.arrayContaining(['chrome_120', 'chrome_124', 'chrome_131', 'chrome_133', 'edge_131']));
  });

  describe.each(references.map((r) => [r.name, r] as const))('%s', (name, reference) => {
    const profile = getProfile(name);
    const expected = reference.tls.expected;
    const order = ja3Order(expected.ja3);
    const built = hello(profile, order.includes(21), order);

    it('offers the same cipher suites and HTTP/2 SETTINGS', () => {
      expect(profile.tls.cipherSuites.map((c) => (c === GREASE ? 'GREASE' : c))).toEqual(reference.tls.cipher_suites);
      expect(profile.http2.settings).toEqual(reference.http2.settings);
    });

    it(`JA3 ${expected.ja3_hash} with that connection's extension order`, () => {
      expect(ja3(built).ja3).toBe(expected.ja3);
      expect(ja3(built).ja3Hash).toBe(expected.ja3_hash);
    });

    it(`JA3n ${expected.ja3n_hash} and JA4 ${expected.ja4}`, () => {
      expect(ja3(built).ja3n).toBe(expected.ja3n);
      expect(ja3(built).ja3nHash).toBe(expected.ja3n_hash);
      expect(ja4(built).ja4).toBe(expected.ja4);
      // Any other order gives the same two.
      const shuffled = hello(profile, order.includes(21));
      expect([ja3(shuffled).ja3nHash, ja4(shuffled).ja4]).toEqual([expected.ja3n_hash, expected.ja4]);
    });

    if (expected.ja4_with_padding) {
      it(`JA4 ${expected.ja4_with_padding} when BoringSSL pads the hello`, () => {
        const padded = hello(profile, true);
        expect(hasPadding(padded)).toBe(true);
        expect(ja4(padded).ja4).toBe(expected.ja4_with_padding);
      });
    }

    it(`Akamai ${expected.akamai_hash}`, () => {
      expect(akamai(profile)).toBe(reference.http2.akamai);
      expect(akamaiHash(akamai(profile))).toBe(expected.akamai_hash);
    });

    it('sends the reference headers in its order (the platform aside)', () => {
      expect(profile.headers.map(([n]) => n)).toEqual(reference.headers.order);
      for (const [n, v] of profile.headers) {
        if (n === 'user-agent' || n === 'sec-ch-ua-platform') continue;
        expect([n, v]).toEqual([n, reference.headers.defaults[n]]);
      }
    });
  });
});

/**
 * 0x676e67/wreq-util tests/emulation_chrome.rs: the JA4s (with and without padding where both
 * occur) and Akamai hash its emulations must produce. Not used where the captures contradict it:
 * test_chrome105/116/117 list ECH-era JA4s (no capture before 119 has ECH GREASE) and test_chrome110
 * an Akamai hash without ENABLE_PUSH (lexiforest and tls-client both send 2:0 from 106).
 */
const WREQ_UTIL: [id: string, ja4s: string[], akamai: string][] = [
  ['chrome_104', ['t13d1516h2_8daaf6152771_e5627efa2ab1'], '4f04edce68a7ecbe689edce7bf5f23f3'],
  ['edge_101', ['t13d1516h2_8daaf6152771_e5627efa2ab1'], '4f04edce68a7ecbe689edce7bf5f23f3'],
  ['chrome_106', ['t13d1516h2_8daaf6152771_e5627efa2ab1'], 'a345a694846ad9f6c97bcc3c75adbe26'],
  ['chrome_107', ['t13d1516h2_8daaf6152771_e5627efa2ab1'], 'a345a694846ad9f6c97bcc3c75adbe26'],
  ['chrome_108', ['t13d1516h2_8daaf6152771_e5627efa2ab1'], 'a345a694846ad9f6c97bcc3c75adbe26'],
  ['chrome_109', ['t13d1516h2_8daaf6152771_e5627efa2ab1'], 'a345a694846ad9f6c97bcc3c75adbe26'],
  ['chrome_120', ['t13d1516h2_8daaf6152771_02713d6af862', 't13d1517h2_8daaf6152771_b1ff8ab2d16f'], '52d84b11737d980aef856699f885ca86'],
  ['chrome_124', ['t13d1516h2_8daaf6152771_02713d6af862'], '52d84b11737d980aef856699f885ca86'],
  ['chrome_130', ['t13d1516h2_8daaf6152771_02713d6af862'], '52d84b11737d980aef856699f885ca86'],
  ['chrome_131', ['t13d1516h2_8daaf6152771_02713d6af862'], '52d84b11737d980aef856699f885ca86'],
  ['edge_131', ['t13d1516h2_8daaf6152771_02713d6af862'], '52d84b11737d980aef856699f885ca86'],
  ['chrome_133', ['t13d1516h2_8daaf6152771_d8a2da3f94cd'], '52d84b11737d980aef856699f885ca86'],
  ['chrome_146', ['t13d1516h2_8daaf6152771_d8a2da3f94cd'], '52d84b11737d980aef856699f885ca86'],
];

describe('wreq-util published JA4 and Akamai hashes (tests/emulation_chrome.rs)', () => {
  it.each(WREQ_UTIL)('%s: JA4 %j, Akamai %s', (id, ja4s, akamaiHashValue) => {
    const profile = getProfile(id);
    const produced = new Set([false, true].map((padded) => ja4(hello(profile, padded)).ja4));
    expect([...produced].sort()).toEqual([...ja4s].sort());
    expect(akamaiHash(akamai(profile))).toBe(akamaiHashValue);
  });

  it('with the 103-105 and 106-116 SETTINGS hashes published there too: 4f04... and a345...', () => {
    expect(akamai(getProfile('chrome_103'))).toBe('1:65536;3:1000;4:6291456;6:262144|15663105|0|m,a,s,p');
    expect(akamai(getProfile('chrome_116'))).toBe('1:65536;2:0;3:1000;4:6291456;6:262144|15663105|0|m,a,s,p');
    expect(akamaiHash(akamai(getProfile('chrome_117')))).toBe('52d84b11737d980aef856699f885ca86');
  });
});

describe('curl-impersonate captures (lwthiker and lexiforest tests/signatures)', () => {
  // lwthiker chrome_104.0.5112.81_win10, chrome_107.0.5304.107_win10 and edge_101.0.1210.47_win10:
  // the unshuffled 100-109 order, padding last. This JA3's MD5 is cd08e31494f9531f560d64c695473da9,
  // the hash JA3 lists give for Chrome of that era.
  const FIXED_ORDER_JA3 = `771,${CIPHERS},0-23-65281-10-11-35-16-5-13-18-51-45-43-27-17513-21,29-23-24,0`;
  it.each(['chrome_103', 'chrome_104', 'chrome_105', 'chrome_106', 'chrome_107', 'chrome_108', 'chrome_109', 'edge_101', 'opera_89', 'opera_90', 'opera_91'])(
    '%s sends the captured order, every connection: JA3 cd08e31494f9531f560d64c695473da9',
    (id) => {
      for (const seed of ['a', 'b', 'c']) {
        const h = parsedChromiumHello(getProfile(id).tls, { seed, serverName: 'www.example.com' });
        expect(ja3(h).ja3).toBe(FIXED_ORDER_JA3);
        expect(ja3(h).ja3Hash).toBe('cd08e31494f9531f560d64c695473da9');
      }
    },
  );

  // lwthiker chrome_118.0.5993.117_linux third_party: the shuffled X25519-only set with padding.
  it.each(['chrome_110', 'chrome_111', 'chrome_112', 'chrome_116', 'chrome_117'])('%s: JA3n aa56c057ad164ec4fdcb7a5a283be9fc (Chrome 118 capture)', (id) => {
    expect(ja3(hello(getProfile(id), true)).ja3nHash).toBe('aa56c057ad164ec4fdcb7a5a283be9fc');
  });

  // lwthiker chrome_119.0.6045.123_linux and edge_120.0.2210.61_linux third_party: with ECH, padded.
  it.each(['chrome_120', 'edge_120'])('%s padded: JA3n 8a9ee1d3c6f0f892b4d43cabcf554150 (Chrome 119 / Edge 120 captures)', (id) => {
    const h = hello(getProfile(id), true);
    expect(hasPadding(h)).toBe(true);
    expect(ja3(h).ja3nHash).toBe('8a9ee1d3c6f0f892b4d43cabcf554150');
  });

  it('edge_120: the capture`s JA3 e4a862bbeaca0dc0e99c8b0c5f7f58da with its order', () => {
    const text = `771,${CIPHERS},10-65037-18-16-51-23-27-35-5-17513-11-0-13-45-65281-43-21,29-23-24,0`;
    const h = hello(getProfile('edge_120'), true, ja3Order(text));
    expect(ja3(h).ja3).toBe(text);
    expect(ja3(h).ja3Hash).toBe('e4a862bbeaca0dc0e99c8b0c5f7f58da');
    expect(akamaiHash(akamai(getProfile('edge_120')))).toBe('52d84b11737d980aef856699f885ca86');
  });

  // lexiforest chrome_149.0.7827.102 (tls.peet.ws): JA4 and Akamai from its header. Its JA3
  // c8993abafe571b0a8117dc2ac407cbd5 is another connection's: the yaml's own order gives
  // f406645ae0104658178af61e3bae9152, the lexiforest 133 capture's.
  it.each(['chrome_144', 'chrome_146', 'chrome_149'])('%s: JA4 t13d1516h2_8daaf6152771_d8a2da3f94cd, Akamai 52d84b... (Chrome 149 capture)', (id) => {
    const profile = getProfile(id);
    expect(ja4(hello(profile, false)).ja4).toBe('t13d1516h2_8daaf6152771_d8a2da3f94cd');
    expect(akamaiHash(akamai(profile))).toBe('52d84b11737d980aef856699f885ca86');
    const text = `771,${CIPHERS},17613-45-27-51-43-65281-65037-23-11-5-35-10-18-16-13-0,4588-29-23-24,0`;
    expect(ja3(hello(profile, false, ja3Order(text))).ja3Hash).toBe('f406645ae0104658178af61e3bae9152');
  });

  // lexiforest chrome_150.0.7871.127_macOS: no hash published; the capture's lists themselves.
  it('chrome_150: the capture`s signature schemes, groups and extension set', () => {
    const h = hello(getProfile('chrome_150'), false);
    expect(findExtension(h, 'signature_algorithms')?.algorithms).toEqual([2308, 2309, 2310, 1027, 2052, 1025, 1283, 2053, 1281, 2054, 1537]);
    expect(findExtension(h, 'supported_groups')?.groups.slice(1)).toEqual([4588, 29, 23, 24]);
    expect(
      h.extensions
        .filter((e) => !e.grease)
        .map((e) => e.type)
        .sort((a, b) => a - b),
    ).toEqual([0, 5, 10, 11, 13, 16, 18, 23, 27, 35, 43, 45, 51, 17613, 65037, 65281]);
  });
});

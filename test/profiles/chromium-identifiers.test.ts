// Every Chromium-family name a tls_requests user can type resolves to a profile that names its
// sources (or to a documented alias of one) and builds a valid ClientHello with the hello's shape
// the profile promises. The list is tls_requests' `IdentifierLiterals`
// (fixtures/reference/anchors.md §1.11), written out here so a renamed or dropped identifier fails.
import { describe, expect, it } from 'vitest';
import { UnknownProfileError } from '../../src/errors.js';
import { findExtension, isGrease, type ParsedClientHello } from '../../src/fingerprint/index.js';
import { getProfile, listProfiles } from '../../src/profiles/index.js';
import type { Profile } from '../../src/profiles/types.js';
import { GREASE } from '../../src/vocabulary/hello-spec.js';
import { parsedChromiumHello } from './chromium-hello.js';

/** tls_requests' 67 `IdentifierLiterals`, as anchors.md §1.11 lists them. */
const TLS_REQUESTS_CHROMIUM = [
  'chrome_103',
  'chrome_104',
  'chrome_105',
  'chrome_106',
  'chrome_107',
  'chrome_108',
  'chrome_109',
  'chrome_110',
  'chrome_111',
  'chrome_112',
  'chrome_116_PSK',
  'chrome_116_PSK_PQ',
  'chrome_117',
  'chrome_120',
  'chrome_124',
  'chrome_130_PSK',
  'chrome_131',
  'chrome_131_PSK',
  'chrome_133',
  'chrome_133_PSK',
  'opera_89',
  'opera_90',
  'opera_91',
];
const TLS_REQUESTS_OTHERS = [
  'firefox_102', 'firefox_104', 'firefox_105', 'firefox_106', 'firefox_108', 'firefox_110', 'firefox_117', 'firefox_120',
  'firefox_123', 'firefox_132', 'firefox_133',
  'safari_15_6_1', 'safari_16_0', 'safari_ipad_15_6', 'safari_ios_15_5', 'safari_ios_15_6', 'safari_ios_16_0',
  'safari_ios_17_0', 'safari_ios_18_0', 'safari_ios_18_5',
  'okhttp4_android_7', 'okhttp4_android_8', 'okhttp4_android_9', 'okhttp4_android_10', 'okhttp4_android_11',
  'okhttp4_android_12', 'okhttp4_android_13',
  'zalando_android_mobile', 'zalando_ios_mobile', 'nike_android_mobile', 'nike_ios_mobile',
  'mms_ios', 'mms_ios_1', 'mms_ios_2', 'mms_ios_3',
  'mesh_android', 'mesh_android_1', 'mesh_android_2', 'mesh_ios', 'mesh_ios_1', 'mesh_ios_2',
  'confirmed_android', 'confirmed_android_2', 'confirmed_ios',
];

/** Newer public Chromium identifiers (tls-client after v1.13.1, curl-impersonate, wreq-util) shipped too. */
const NEWER_CHROMIUM = [
  'chrome_116_PQ',
  'chrome_130',
  'chrome_144',
  'chrome_144_PSK',
  'chrome_146',
  'chrome_146_PSK',
  'chrome_149',
  'chrome_150',
  'chrome_150_PSK',
  'chrome_156',
  'edge_101',
  'edge_120',
  'edge_131',
];

const SOURCE_NAMES = /capture|tls-client|uTLS|utls|curl-impersonate|wreq-util|shared\/profiles|BoringSSL/;

const KEY_SHARE_LENGTH: Record<number, number> = { 0x001d: 32, 0x11ec: 1216, 0x6399: 1216 };

function nonGrease(values: (number | typeof GREASE)[]): number[] {
  return values.filter((v): v is number => v !== GREASE);
}

function specExtension<T extends Profile['tls']['extensions'][number]['type']>(profile: Profile, type: T) {
  return profile.tls.extensions.find((e): e is Extract<Profile['tls']['extensions'][number], { type: T }> => e.type === type);
}

describe('the tls_requests identifier list', () => {
  it('has all 67 names, 23 of them Chromium-based', () => {
    expect(TLS_REQUESTS_CHROMIUM).toHaveLength(23);
    expect(new Set([...TLS_REQUESTS_CHROMIUM, ...TLS_REQUESTS_OTHERS]).size).toBe(67);
  });
});

describe.each([...TLS_REQUESTS_CHROMIUM, ...NEWER_CHROMIUM])('%s', (name) => {
  const profile = getProfile(name);

  it('resolves to a profile that names its sources, or is a documented alias of one', () => {
    expect(listProfiles()).toContain(profile);
    expect(profile.browser).toBe('chrome');
    expect(profile.source).toMatch(SOURCE_NAMES);
    if (profile.id !== name) {
      // An alias is listed on the profile, spelled as users type it, and the source says why.
      expect(profile.aliases).toContain(name);
      expect(profile.source).toContain(name.endsWith('_PQ') ? 'PSK' : name);
    }
    expect(getProfile(name.toUpperCase())).toBe(profile);
  });

  it('is plain data (survives structuredClone unchanged)', () => {
    expect(structuredClone(profile)).toEqual(profile);
  });

  describe('builds a valid ClientHello', () => {
    const hello: ParsedClientHello = parsedChromiumHello(profile.tls, { seed: name, serverName: 'shop.example.org' });
    it('that parses', () => {
      expect(hello.legacyVersion).toBe(0x0303);
      expect(hello.sessionId).toHaveLength(32);
      expect(hello.compressionMethods).toEqual([0]);
    });

    it('with GREASE first in the suites, then the spec`s suites', () => {
      expect(hello.cipherSuites[0]!.grease).toBe(true);
      expect(hello.cipherSuites.filter((c) => !c.grease).map((c) => c.value)).toEqual(nonGrease(profile.tls.cipherSuites));
    });

    it('with an empty GREASE extension first and a one-zero-byte GREASE extension after the others', () => {
      const exts = hello.extensions;
      expect([exts[0]!.grease, exts[0]!.data.length]).toEqual([true, 0]);
      const second = exts.findIndex((e, i) => i > 0 && e.grease);
      expect([...exts[second]!.data]).toEqual([0]);
      // Only padding can follow the second GREASE on a first connection (pre_shared_key needs a ticket).
      expect(exts.slice(second + 1).every((e) => e.kind === 'padding')).toBe(true);
    });

    it('with the extensions the spec sends, each once', () => {
      const types = hello.extensions.filter((e) => !e.grease && e.kind !== 'padding').map((e) => e.type);
      expect(new Set(types).size).toBe(types.length);
      const expected = profile.tls.extensions
        .filter((e) => e.type !== 'grease' && e.type !== 'padding' && e.type !== 'pre_shared_key' && e.type !== 'cookie')
        .length;
      expect(types).toHaveLength(expected);
    });

    it('with the spec`s groups, versions, signature schemes, ALPN and ALPS', () => {
      expect(findExtension(hello, 'server_name')?.serverNames[0]?.name).toBe('shop.example.org');
      expect(findExtension(hello, 'supported_groups')?.groups.slice(1)).toEqual(nonGrease(specExtension(profile, 'supported_groups')!.groups));
      expect(findExtension(hello, 'supported_versions')?.versions.slice(1)).toEqual([0x0304, 0x0303]);
      expect(findExtension(hello, 'signature_algorithms')?.algorithms.filter((a) => !isGrease(a))).toEqual(nonGrease(specExtension(profile, 'signature_algorithms')!.schemes));
      expect(findExtension(hello, 'alpn')?.protocols).toEqual(['h2', 'http/1.1']);
      const alps = findExtension(hello, 'application_settings');
      expect(alps?.codepoint).toBe(specExtension(profile, 'application_settings')!.codepoint);
      expect(alps?.protocols).toEqual(['h2']);
      expect(findExtension(hello, 'compress_certificate')?.algorithms).toEqual([2]);
    });

    it('with a one-byte GREASE key share, then a share of the right size per group', () => {
      const shares = findExtension(hello, 'key_share')!.shares;
      expect([shares[0]!.grease, shares[0]!.length]).toEqual([true, 1]);
      const groups = nonGrease(specExtension(profile, 'key_share')!.groups);
      expect(shares.slice(1).map((s) => [s.group, s.length])).toEqual(groups.map((g) => [g, KEY_SHARE_LENGTH[g]]));
    });

    it('with ECH GREASE exactly when the profile sends it', () => {
      expect(findExtension(hello, 'encrypted_client_hello') !== undefined).toBe(specExtension(profile, 'ech_grease') !== undefined);
    });
  });

  it('sends the headers of its version', () => {
    const headers = new Map(profile.headers);
    const v = profile.version;
    expect(headers.get('user-agent')).toContain(`Chrome/${v}.`);
    expect(headers.get('sec-ch-ua')).toContain(`"Chromium";v="${v}"`);
    if (name.startsWith('chrome_')) expect(headers.get('sec-ch-ua')).toContain(`"Google Chrome";v="${v}"`);
    if (name.startsWith('edge_')) expect(headers.get('user-agent')).toContain(' Edg/');
    if (name.startsWith('opera_')) expect(headers.get('user-agent')).toContain(` OPR/${name.slice(6)}.`);
    // Signed exchanges drop to q=0.7 in 110, zstd arrives in 123, the priority header in 124.
    expect(headers.get('accept')).toMatch(v < 110 ? /signed-exchange;v=b3;q=0\.9$/ : /signed-exchange;v=b3;q=0\.7$/);
    expect(headers.get('accept-encoding')).toBe(v >= 123 ? 'gzip, deflate, br, zstd' : 'gzip, deflate, br');
    expect(headers.get('priority')).toBe(v >= 124 ? 'u=0, i' : undefined);
    expect(profile.http2.pseudoHeaderOrder).toEqual([':method', ':authority', ':scheme', ':path']);
  });
});

describe('names that are not identifiers', () => {
  it('raise UnknownProfileError listing the closest Chromium names', () => {
    let error: unknown;
    try {
      getProfile('chrome_133_PKS');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownProfileError);
    expect((error as UnknownProfileError).suggestions).toContain('chrome_133_psk');
  });
});

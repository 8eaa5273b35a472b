// profileFromJa3: the JA3 of every capture (its JSON's ja3_full) becomes a profile whose hello
// shows exactly that JA3, with sensible data in every extension; JA3 strings that cannot be
// honoured are refused with a RequestError that says why.
import { describe, expect, it } from 'vitest';
import { RequestError, UnknownProfileError } from '../../src/errors.js';
import { findExtension, ja3String, ja4, parseClientHello, type ParsedClientHello } from '../../src/fingerprint/index.js';
import { profileFromJa3 } from '../../src/profiles/custom/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { isGrease } from '../../src/vocabulary/grease.js';
import { GREASE, type ExtensionSpec } from '../../src/vocabulary/hello-spec.js';
import { seededRandom } from '../../src/tls/random.js';
import { captureJson, helloLabels } from '../fingerprint/captures.js';
import { buildProfileHello } from './hello.js';

const FIREFOX = captureJson('firefox-153-1').client_hello.fingerprints.ja3_full;
const CURL = captureJson('curl-7.88.1-1').client_hello.fingerprints.ja3_full;
/** Chrome-like: TLS 1.3 with ML-KEM, ALPS, ECH GREASE, brotli, no padding. */
const CHROMIUM = captureJson('chromium-156-1').client_hello.fingerprints.ja3_full;

function built(ja3: string, options: Parameters<typeof profileFromJa3>[1] = {}, serverName = 'localhost'): ParsedClientHello {
  const profile = profileFromJa3(ja3, options);
  return parseClientHello(buildProfileHello(profile.tls, { serverName, random: seededRandom(ja3) }));
}

function ext<T extends ExtensionSpec['type']>(ja3: string, type: T, options: Parameters<typeof profileFromJa3>[1] = {}): Extract<ExtensionSpec, { type: T }> | undefined {
  return profileFromJa3(ja3, options).tls.extensions.find((e): e is Extract<ExtensionSpec, { type: T }> => e.type === type);
}

/** The clients whose JA3 offers suites or extensions the engine cannot finish (OpenSSL's defaults). */
const needsAllow = (label: string): boolean => label.startsWith('curl-') || label.startsWith('node-');

describe('every capture JA3', () => {
  const labels = helloLabels();

  it('finds the captures (chromium, firefox, curl, node)', () => {
    for (const prefix of ['chromium-', 'firefox-', 'curl-', 'node-']) expect(labels.some((l) => l.startsWith(prefix))).toBe(true);
  });

  describe.each(labels.map((l) => [l] as const))('%s', (label) => {
    const capture = captureJson(label).client_hello;
    const ja3 = capture.fingerprints.ja3_full;
    const options = needsAllow(label) ? { allowUnimplemented: true } : {};

    it('builds a hello whose JA3 is exactly the JA3 given, for any server name', () => {
      expect(ja3String(built(ja3, options))).toBe(ja3);
      expect(ja3String(built(ja3, options, 'www.example.com'))).toBe(ja3);
    });

    it('with the matching base profile, the JA4 is the capture\'s too (it adds the signature algorithms a JA3 lacks)', () => {
      const base = label.startsWith('chromium-') ? 'chrome_156' : label.startsWith('firefox-') ? 'firefox_153' : undefined;
      if (!base) return;
      expect(ja4(buildProfileHello(profileFromJa3(ja3, { base }).tls, { serverName: 'localhost' })).ja4).toBe(capture.fingerprints.ja4);
    });

    it(needsAllow(label) ? 'is refused without allowUnimplemented' : 'needs no allowUnimplemented', () => {
      if (needsAllow(label)) expect(() => profileFromJa3(ja3)).toThrow(RequestError);
      else expect(() => profileFromJa3(ja3)).not.toThrow();
    });
  });
});

describe('the hello built from a JA3', () => {
  it('keeps the JA3 order exactly: no permutation, on every connection', () => {
    const profile = profileFromJa3(CHROMIUM);
    expect(profile.tls.permuteExtensions).toBe(false);
    const orders = ['a', 'b', 'c'].map((seed) => ja3String(buildProfileHello(profile.tls, { serverName: 'localhost', random: seededRandom(seed) })));
    expect(new Set(orders).size).toBe(1);
  });

  it('sends no GREASE unless asked (a JA3 cannot show whether the client sent any)', () => {
    const hello = built(CHROMIUM);
    expect(hello.cipherSuites.some((c) => c.grease)).toBe(false);
    expect(hello.extensions.some((e) => e.grease)).toBe(false);
    expect(findExtension(hello, 'supported_groups')!.groups.some(isGrease)).toBe(false);
    expect(findExtension(hello, 'supported_versions')!.versions.some(isGrease)).toBe(false);
    expect(findExtension(hello, 'key_share')!.shares.some((s) => s.grease)).toBe(false);
    // Chrome 156's GREASE signature scheme is left out with the rest.
    expect(findExtension(hello, 'signature_algorithms')!.algorithms.some(isGrease)).toBe(false);
  });

  it('with grease: true, places GREASE where BoringSSL does, and the JA3 stays the same', () => {
    const profile = profileFromJa3(CHROMIUM, { grease: true });
    expect(profile.tls.cipherSuites[0]).toBe(GREASE);
    const types = profile.tls.extensions.map((e) => e.type);
    expect(types[0]).toBe('grease');
    expect(types[types.length - 1]).toBe('grease');
    expect(ext(CHROMIUM, 'supported_groups', { grease: true })!.groups[0]).toBe(GREASE);
    expect(ext(CHROMIUM, 'key_share', { grease: true })!.groups[0]).toBe(GREASE);
    expect(ext(CHROMIUM, 'supported_versions', { grease: true })!.versions).toEqual([GREASE, 0x0304, 0x0303]);
    expect(ja3String(built(CHROMIUM, { grease: true }))).toBe(CHROMIUM);
    // Second GREASE extension before padding: curl's JA3 ends with padding.
    const curl = profileFromJa3(CURL, { grease: true, allowUnimplemented: true }).tls.extensions.map((e) => e.type);
    expect(curl.slice(-2)).toEqual(['grease', 'padding']);
  });

  it('honours GREASE values written in the JA3 text where they stand', () => {
    const text = '771,2570-4865-4866,2570-0-10-11-13-16-43-51-6682,2570-29-23,0';
    const profile = profileFromJa3(text);
    expect(profile.tls.cipherSuites).toEqual([GREASE, 0x1301, 0x1302]);
    expect(profile.tls.extensions[0]).toEqual({ type: 'grease', slot: 1, body: 'empty' });
    expect(profile.tls.extensions[profile.tls.extensions.length - 1]).toEqual({ type: 'grease', slot: 2, body: 'zero-byte' });
    expect(ja3String(built(text))).toBe('771,4865-4866,0-10-11-13-16-43-51,29-23,0');
  });

  it('fills each extension with data: groups and point formats from the JA3, the rest from the base', () => {
    expect(ext(CURL, 'supported_groups', { allowUnimplemented: true })!.groups).toEqual([29, 23, 30, 25, 24, 256, 257, 258, 259, 260]);
    expect(ext(CURL, 'ec_point_formats', { allowUnimplemented: true })!.formats).toEqual([0, 1, 2]);
    const chromeSchemes = chrome156.tls.extensions.find((e) => e.type === 'signature_algorithms');
    expect(ext(FIREFOX, 'signature_algorithms')!.schemes).toEqual(chromeSchemes?.type === 'signature_algorithms' ? chromeSchemes.schemes.filter((s) => s !== GREASE) : []);
    const firefoxSchemes = firefox153.tls.extensions.find((e) => e.type === 'signature_algorithms');
    expect(ext(FIREFOX, 'signature_algorithms', { base: 'firefox_153' })!.schemes).toEqual(firefoxSchemes?.type === 'signature_algorithms' ? firefoxSchemes.schemes : []);
    expect(ext(FIREFOX, 'supported_versions')!.versions).toEqual([0x0304, 0x0303]);
    expect(ext(FIREFOX, 'psk_key_exchange_modes')!.modes).toEqual([1]);
    expect(ext(FIREFOX, 'alpn')!.protocols).toEqual(['h2', 'http/1.1']);
    expect(ext(FIREFOX, 'alpn', { alpn: ['http/1.1'] })!.protocols).toEqual(['http/1.1']);
    // Certificate compression: brotli from a Chrome base, Firefox's three from a Firefox base.
    expect(ext(FIREFOX, 'compress_certificate')!.algorithms).toEqual([2]);
    expect(ext(FIREFOX, 'compress_certificate', { base: 'firefox_153' })!.algorithms).toEqual([1, 2, 3]);
    expect(ext(FIREFOX, 'record_size_limit')!.limit).toBe(0x4001);
    expect(ext(FIREFOX, 'ech_grease')!.kdf).toBe(1);
    expect(ext(CHROMIUM, 'application_settings')).toMatchObject({ codepoint: 0x44cd, protocols: ['h2'] });
    expect(ext(CHROMIUM, 'raw')).toMatchObject({ id: 0xca34 });
    expect(ext(CHROMIUM, 'raw', { base: 'firefox_153' })).toEqual({ type: 'raw', id: 0xca34, data: '0000' });
    expect(ext(CURL, 'padding', { allowUnimplemented: true })).toEqual({ type: 'padding', rule: 'boringssl' });
  });

  it('shares keys for X25519MLKEM768 and x25519 when listed, else for the first group', () => {
    expect(ext(FIREFOX, 'key_share')!.groups).toEqual([0x11ec, 0x001d]);
    expect(ext(CURL, 'key_share', { allowUnimplemented: true })!.groups).toEqual([0x001d]);
    expect(ext('771,4865,10-13-43-51,24-23,', 'key_share')!.groups).toEqual([24]);
  });

  it('pads like BoringSSL: curl\'s JA3 gives a 512-byte hello, as curl sent', () => {
    const hello = buildProfileHello(profileFromJa3(CURL, { allowUnimplemented: true }).tls, { serverName: 'localhost' });
    expect(hello.length).toBe(512);
  });

  it('sends an extension no table names empty, and the JA3 still shows it', () => {
    const text = '771,4865,0-10-13-43-51-65000,29,';
    expect(ext(text, 'raw')).toEqual({ type: 'raw', id: 65000, data: '' });
    expect(ja3String(built(text))).toBe(text);
  });

  it('is plain data on a copy of the base, which stays as it was', () => {
    const before = structuredClone(chrome156);
    const profile = profileFromJa3(CHROMIUM, { base: chrome156 });
    expect(structuredClone(profile)).toEqual(profile);
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
    expect(chrome156).toEqual(before);
    expect(profile.aliases).toBeUndefined();
    expect(profile.id).toMatch(/^ja3_[0-9a-f]{32}$/);
    expect(profile.id).toBe(`ja3_${captureJson('chromium-156-1').client_hello.fingerprints.ja3}`);
    expect(profile.http2).toEqual(chrome156.http2);
    expect(profile.headers).toEqual(chrome156.headers);
    expect(profileFromJa3(CHROMIUM, { id: 'mine' }).id).toBe('mine');
    expect(() => profileFromJa3(CHROMIUM, { base: 'chrome_9999' })).toThrow(UnknownProfileError);
  });
});

describe('refused JA3 strings, each with its reason', () => {
  const cases: [string, string, RegExp][] = [
    ['not five fields', '771,4865,0-10', /5 comma-separated fields/],
    ['a JA3 hash', '6447ab086255d194909d4013b1a89e87', /JA3 hash/],
    ['a non-number', '771,4865-x,0,29,0', /"x" is not a decimal number/],
    ['out of range', '771,70000,0,29,0', /out of range/],
    ['TLS 1.0', '769,47,0,,', /TLS 1\.0 hello/],
    ['772', '772,4865,10-13-43-51,29,', /772 is TLS 1\.3/],
    ['a repeated extension', '771,4865,0-0-10-13-43-51,29,', /listed twice/],
    ['max_fragment_length', '771,4865,1-10-13-43-51,29,', /max_fragment_length.*fragment length/],
    ['token_binding', '771,4865,24-10-13-43-51,29,', /token_binding/],
    ['QUIC transport parameters', '771,4865,57-10-13-43-51,29,', /belongs to QUIC/],
    ['encrypt_then_mac', '771,4865,22-10-13-43-51,29,', /encrypt_then_mac.*allowUnimplemented: true/],
    ['a suite the engine lacks', '771,4865-51,10-13-43-51,29,', /0x0033 \(TLS_DHE_RSA_WITH_AES_128_CBC_SHA\)/],
    ['a CCM suite', '771,4865-49308,10-13-43-51,29,', /0xc09c \(an AES-CCM suite\)/],
    ['a group the engine cannot compute', '771,4865,10-13-43-51,29-26,', /group 26 \(0x001a\)/],
    ['secp224r1', '771,4865,10-13-43-51,29-21,', /group 21 \(0x0015\)/],
    ['TLS 1.3 without a TLS 1.3 suite', '771,49199,10-13-43-51,29,', /no TLS 1\.3 cipher suite/],
    ['TLS 1.2 with no suite the engine implements', '771,51,0-10,29,', /no TLS 1\.2 cipher suite/],
    ['TLS 1.3 without key_share', '771,4865,10-13-43,29,', /needs 51 \(key_share\)/],
    ['TLS 1.3 without signature_algorithms', '771,4865,10-43-51,29,', /needs 13 \(signature_algorithms\)/],
    ['pre_shared_key not last', '771,4865,10-13-41-43-45-51,29,', /must be the last extension/],
    ['early_data without pre_shared_key', '771,4865,10-13-42-43-51,29,', /only sent with pre_shared_key/],
    ['ALPS without ALPN', '771,4865,10-13-43-51-17613,29,', /needs ALPN/],
    ['supported_groups without groups', '771,4865,10-13-43-51,,', /groups field is empty/],
    ['groups without supported_groups', '771,49199,0,29,', /not listed/],
    ['point formats without uncompressed', '771,4865,10-11-13-43-51,29,1', /must include 0/],
    ['three GREASE extensions', '771,4865,2570-6682-10794-10-13-43-51,29,', /more than two GREASE/],
  ];

  it.each(cases)('%s', (_name, ja3, reason) => {
    let error: unknown;
    try {
      profileFromJa3(ja3);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestError);
    expect((error as Error).message).toMatch(reason);
  });

  it('lists everything curl offers that the engine cannot finish, at once', () => {
    expect(() => profileFromJa3(CURL)).toThrow(/0x006b.*0x0067.*0x0039.*0x0033.*22 \(encrypt_then_mac\).*49 \(post_handshake_auth\)/);
  });

  it('refuses an ALPN list that leaves the JA3\'s ALPS out', () => {
    expect(() => profileFromJa3(CHROMIUM, { alpn: ['http/1.1'] })).toThrow(/ALPS \(17613\).*does not offer/);
  });

  it('refuses an ALPN option when the JA3 has no ALPN', () => {
    expect(() => profileFromJa3('771,4865,0-10-13-43-51,29,', { alpn: ['h2'] })).toThrow(/does not list ALPN/);
  });
});

// Clones: for every `*.clienthello.hex` in fixtures/captures (found by listing the folder; a missing
// folder fails), the cloned profile builds the captured hello byte for byte, apart from the random
// spans the replay test masks, when fed the capture's GREASE values with a seeded random; and
// exactly, record included, with the capture's random bytes and keys injected.
import { describe, expect, it } from 'vitest';
import { RequestError } from '../../src/errors.js';
import { findExtension, ja3String, ja4, parseClientHello } from '../../src/fingerprint/index.js';
import { profileFromClientHello } from '../../src/fingerprint/clone/from-client-hello.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import type { Profile } from '../../src/profiles/types.js';
import { buildClientHello } from '../../src/tls/hello/build.js';
import type { ClientHelloSpec, ExtensionSpec } from '../../src/vocabulary/hello-spec.js';
import { seededRandom } from '../../src/tls/random.js';
import { hex } from '../../src/tls/wire/writer.js';
import { captureJson, helloLabels, readCapture } from '../fingerprint/captures.js';
import { buildProfileHello, helloContext } from './hello.js';
import { hexBytes, masked, randomSpans, replayChoices } from './replay.js';

const labels = helloLabels();
/** curl and Node (OpenSSL's defaults) offer suites and extensions the engine cannot finish. */
const openssl = (label: string): boolean => label.startsWith('curl-') || label.startsWith('node-');
const optionsFor = (label: string): { allowUnimplemented?: boolean } => (openssl(label) ? { allowUnimplemented: true } : {});

describe('the captures', () => {
  it('include chromium, firefox, curl and node, and second connections', () => {
    for (const prefix of ['chromium-', 'firefox-', 'curl-', 'node-']) expect(labels.some((l) => l.startsWith(prefix))).toBe(true);
    expect(labels.filter((l) => l.endsWith('.c2')).length).toBeGreaterThanOrEqual(2);
  });
});

describe.each(labels.map((l) => [l] as const))('clone of %s', (label) => {
  const message = hexBytes(readCapture(`${label}.clienthello.hex`));
  const record = hexBytes(readCapture(`${label}.clienthello-record.hex`));
  const captured = parseClientHello(message);
  const profile = profileFromClientHello(message, optionsFor(label));
  const spec = profile.tls;

  it('equals the capture outside the random spans, with a seeded random and the capture\'s GREASE values', () => {
    const random = seededRandom(`clone ${label}`);
    const ours = buildProfileHello(spec, { ...replayChoices(spec, captured, (n) => random.bytes(n)), random });
    expect(ours.length).toBe(message.length);
    const spans = randomSpans(message);
    expect(randomSpans(ours)).toEqual(spans);
    expect(hex(masked(ours, spans))).toBe(hex(masked(message, spans)));
  });

  it('equals the capture exactly, record included, with its random bytes and keys injected', () => {
    const choices = replayChoices(spec, captured, (n) => new Uint8Array(n));
    const ech = findExtension(captured, 'encrypted_client_hello');
    if (ech?.echType === 'outer' && choices.ech) {
      choices.ech = { ...choices.ech, enc: ech.data.slice(8, 8 + ech.encLength), payload: ech.data.slice(10 + ech.encLength) };
    }
    const keys = new Map((findExtension(captured, 'key_share')?.shares ?? []).filter((s) => !s.grease).map((s) => [s.group, s.key.slice()] as const));
    const ours = buildProfileHello(spec, { ...choices, clientRandom: captured.random.slice(), sessionId: captured.sessionId.slice(), publicKeys: keys });
    expect(hex(ours)).toBe(hex(message));
    const header = Uint8Array.of(0x16, spec.recordVersion >> 8, spec.recordVersion & 0xff, ours.length >> 8, ours.length & 0xff);
    expect(hex(header) + hex(ours)).toBe(hex(record));
  });

  it('orders its extensions as the cloned browser does (Chrome permutes, the rest keep the capture\'s order) and shows its JA4 on any connection', () => {
    // Issue 17 item 6: a GREASEd (BoringSSL, so Chrome) hello's clone shuffles per connection.
    const boringssl = captured.extensions.some((e) => e.grease);
    expect(spec.permuteExtensions).toBe(boringssl);
    const fingerprints = captureJson(label).client_hello.fingerprints;
    for (const seed of ['one', 'two']) {
      const ours = buildProfileHello(spec, { serverName: 'localhost', random: seededRandom(seed) });
      if (!boringssl) expect(ja3String(ours)).toBe(fingerprints.ja3_full);
      expect(ja4(ours).ja4).toBe(fingerprints.ja4);
    }
  });

  it('decodes every extension it has an encoder for; only trust anchors and OpenSSL\'s flags stay raw', () => {
    const raw = spec.extensions.flatMap((e) => (e.type === 'raw' ? [e.id] : []));
    expect(raw.every((id) => [0xca34, 22, 49].includes(id))).toBe(true);
    const types = spec.extensions.map((e) => e.type);
    if (findExtension(captured, 'key_share')) expect(types).toContain('key_share');
    if (findExtension(captured, 'encrypted_client_hello')) expect(types).toContain('ech_grease');
  });

  it('takes the hello as hex, bytes, or the record that carried it, to the same profile', () => {
    expect(profileFromClientHello(readCapture(`${label}.clienthello.hex`), optionsFor(label))).toEqual(profile);
    expect(profileFromClientHello(record, optionsFor(label))).toEqual(profile);
    expect(profileFromClientHello(readCapture(`${label}.clienthello-record.hex`), optionsFor(label))).toEqual(profile);
  });

  it('takes the server name and ALPN of the connection', () => {
    const ours = parseClientHello(buildProfileHello(spec, { serverName: 'www.example.org', alpn: ['http/1.1'] }));
    expect(findExtension(ours, 'server_name')?.serverNames[0]?.name).toBe('www.example.org');
    if (findExtension(captured, 'alpn')) expect(findExtension(ours, 'alpn')?.protocols).toEqual(['http/1.1']);
  });

  it('is plain data', () => {
    expect(structuredClone(profile)).toEqual(profile);
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });

  if (openssl(label)) {
    it('is refused without allowUnimplemented, naming what the engine cannot finish', () => {
      expect(() => profileFromClientHello(message)).toThrow(RequestError);
      expect(() => profileFromClientHello(message)).toThrow(/0x0033 \(TLS_DHE_RSA_WITH_AES_128_CBC_SHA\).*22 \(encrypt_then_mac\)/);
    });
  }
});

describe('the profile around the clone', () => {
  const message = readCapture('firefox-153-1.clienthello.hex');

  it('takes HTTP/2 and headers from the base (default: the cloned browser\'s family, here Firefox), an id from the JA3 hash', () => {
    const profile = profileFromClientHello(message);
    expect(profile.http2).toEqual(firefox153.http2);
    expect(profileFromClientHello(message, { base: 'chrome' }).http2).toEqual(chrome156.http2);
    expect(profile.id).toBe(`clone_${captureJson('firefox-153-1').client_hello.fingerprints.ja3}`);
    const firefox = profileFromClientHello(message, { base: 'firefox_153', akamai: '1:65536|00|0|m,p,a,s', headerOrder: ['accept'] });
    expect(firefox.browser).toBe('firefox');
    expect(firefox.http2.settings).toEqual([[1, 65536]]);
    expect(firefox.headers[0]![0]).toBe('accept');
  });

  it('resumes later visits like the client: a pre_shared_key (the base\'s ticket policy) last, left out of a first hello', () => {
    const psk = (p: Profile): ExtensionSpec | undefined => p.tls.extensions.find((e) => e.type === 'pre_shared_key');
    const chrome = profileFromClientHello(readCapture('chromium-156-1.clienthello.hex'));
    expect(chrome.tls.extensions[chrome.tls.extensions.length - 1]).toEqual(psk(chrome156));
    const firefox = profileFromClientHello(message, { base: 'firefox_153' });
    expect(firefox.tls.extensions[firefox.tls.extensions.length - 1]).toEqual(psk(firefox153));
  });

  it('uses the base\'s ALPS settings, which a capture cannot show (they travel encrypted)', () => {
    const alps = profileFromClientHello(readCapture('chromium-156-1.clienthello.hex')).tls.extensions.find((e) => e.type === 'application_settings');
    expect(alps).toMatchObject({ codepoint: 0x44cd, protocols: ['h2'], settings: { h2: '' } });
  });
});

describe('hellos that cannot be cloned', () => {
  /** A hello from a spec, for the shapes no capture has. */
  function hello(spec: Partial<ClientHelloSpec>): Uint8Array {
    const full: ClientHelloSpec = {
      recordVersion: 0x0301,
      legacyVersion: 0x0303,
      cipherSuites: [0x1301],
      compressionMethods: [0],
      sessionIdLength: 32,
      permuteExtensions: false,
      extensions: [
        { type: 'supported_groups', groups: [0x001d] },
        { type: 'signature_algorithms', schemes: [0x0403] },
        { type: 'key_share', groups: [0x001d] },
        { type: 'supported_versions', versions: [0x0304] },
      ],
      ...spec,
    };
    return buildClientHello(full, helloContext(full, { random: seededRandom('refusals') })).message;
  }

  it('accepts the minimal TLS 1.3 hello these start from', () => {
    expect(() => profileFromClientHello(hello({}))).not.toThrow();
  });

  /** A well-formed pre_shared_key body: one 1-byte identity, one 32-byte binder. */
  const PSK = `0007000161000000000021${'20'}${'00'.repeat(32)}`;

  const cases: [string, () => Uint8Array | string, RegExp][] = [
    ['not a ClientHello at all', () => '02000004deadbeef', /not a ClientHello/],
    ['hex with a stray character', () => '01zz', /not a ClientHello.*non-hex/],
    ['a TLS 1.0 hello', () => hello({ legacyVersion: 0x0301, extensions: [] }), /legacy_version 0x301/],
    ['a group the engine cannot compute', () => hello({ extensions: [{ type: 'supported_groups', groups: [0x001d, 0x001a] }, { type: 'signature_algorithms', schemes: [0x0403] }, { type: 'key_share', groups: [0x001d] }, { type: 'supported_versions', versions: [0x0304] }] }), /group 26 \(0x001a\)/],
    ['TLS 1.3 without key_share', () => hello({ extensions: [{ type: 'supported_groups', groups: [0x001d] }, { type: 'supported_versions', versions: [0x0304] }] }), /without key_share/],
    ['TLS 1.3 without a TLS 1.3 suite', () => hello({ cipherSuites: [0xc02f] }), /no TLS 1\.3 cipher suite/],
    ['a repeated extension', () => hello({ extensions: [{ type: 'supported_groups', groups: [0x001d] }, { type: 'key_share', groups: [0x001d] }, { type: 'supported_versions', versions: [0x0304] }, { type: 'supported_versions', versions: [0x0304] }] }), /appears twice/],
    ['a PSK that is not last', () => hello({ extensions: [{ type: 'raw', id: 41, data: PSK }, { type: 'supported_groups', groups: [0x001d] }, { type: 'key_share', groups: [0x001d] }, { type: 'supported_versions', versions: [0x0304] }] }), /pre_shared_key is not the last/],
    ['heartbeat, kept as bytes, without allowUnimplemented', () => hello({ extensions: [{ type: 'raw', id: 15, data: '01' }, { type: 'supported_groups', groups: [0x001d] }, { type: 'key_share', groups: [0x001d] }, { type: 'supported_versions', versions: [0x0304] }] }), /15 \(heartbeat\)/],
  ];

  it.each(cases)('refuses %s', (_name, input, reason) => {
    let error: unknown;
    try {
      profileFromClientHello(input());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestError);
    expect((error as Error).message).toMatch(reason);
  });
});

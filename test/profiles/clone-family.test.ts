// Issue 17 item 6: a clone behaves like the browser it clones. A Firefox hello's clone gets
// Firefox's HTTP/2 opening, headers, goodbye and key reuse; a Chrome hello's clone Chrome's, and it
// permutes its extensions and draws ECH GREASE lengths as BoringSSL does; the base stays
// overridable; profileFromJa3 with a Firefox base sends Firefox's three key shares (one X25519 key
// in two of them). Captures: fixtures/captures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findExtension, ja4, parseClientHello } from '../../src/fingerprint/index.js';
import { profileFromClientHello } from '../../src/fingerprint/clone/from-client-hello.js';
import { profileFromJa3 } from '../../src/profiles/custom/index.js';
import { getProfile } from '../../src/profiles/registry.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { hex } from '../../src/tls/wire/writer.js';
import { fixturePath } from '../helpers/fixtures.js';
import { buildProfileHello } from './hello.js';

const capture = (file: string): string => readFileSync(fixturePath('captures', file), 'utf8').trim();
const ja3Of = (label: string): string => (JSON.parse(capture(`${label}.json`)) as { client_hello: { fingerprints: { ja3_full: string } } }).client_hello.fingerprints.ja3_full;

function shares(message: Uint8Array): { groups: number[]; reused: boolean } {
  const list = (findExtension(parseClientHello(message), 'key_share')?.shares ?? []).filter((s) => !s.grease);
  const hybrid = list.find((s) => s.group === Group.x25519mlkem768);
  const x = list.find((s) => s.group === Group.x25519);
  return { groups: list.map((s) => s.group), reused: !!hybrid && !!x && hex(hybrid.key.slice(-32)) === hex(x.key) };
}

describe('clones take their own browser as the base', () => {
  it('a Firefox hello: Firefox HTTP/2, headers and goodbye; key reuse; a fixed order', () => {
    const firefox = getProfile('firefox');
    const clone = profileFromClientHello(capture('firefox-153-1.clienthello.hex'));
    expect(clone.browser).toBe('firefox');
    expect(clone.http2).toEqual(firefox.http2);
    expect(clone.headers).toEqual(firefox.headers);
    expect(clone.tls.permuteExtensions).toBe(false);
    // NSS draws its ECH GREASE AEAD per connection (AES-128-GCM or ChaCha20-Poly1305), as firefox_153 does.
    const ech = clone.tls.extensions.find((e) => e.type === 'ech_grease');
    expect(ech?.type === 'ech_grease' && ech.aeads).toEqual([0x0001, 0x0003]);
    const ours = buildProfileHello(clone.tls);
    expect(shares(ours)).toEqual({ groups: [Group.x25519mlkem768, Group.x25519, Group.secp256r1], reused: true });
  });

  it('a Chrome hello: Chrome HTTP/2 and headers; extensions permuted per connection; BoringSSL ECH lengths', () => {
    const chrome = getProfile('chrome');
    const clone = profileFromClientHello(capture('chromium-156-1.clienthello.hex'));
    expect(clone.browser).toBe('chrome');
    expect(clone.http2).toEqual(chrome.http2);
    expect(clone.tls.permuteExtensions).toBe(true);
    const ech = clone.tls.extensions.find((e) => e.type === 'ech_grease');
    expect(ech?.type === 'ech_grease' && ech.payloadLengths).toEqual([144, 176, 208, 240]);
    const hellos = Array.from({ length: 12 }, () => parseClientHello(buildProfileHello(clone.tls, { serverName: 'localhost' })));
    const orders = new Set(hellos.map((h) => h.extensions.map((e) => e.type).join(',')));
    expect(orders.size).toBeGreaterThan(6);
    // JA4 sorts the order away: every connection shows the capture's.
    expect(new Set(hellos.map((h) => ja4(h).ja4))).toEqual(new Set([ja4(parseClientHello(capture('chromium-156-1.clienthello.hex'))).ja4]));
    expect(shares(buildProfileHello(clone.tls)).reused).toBe(false);
  });

  it('the base stays overridable', () => {
    const clone = profileFromClientHello(capture('firefox-153-1.clienthello.hex'), { base: 'chrome_156' });
    expect(clone.browser).toBe('chrome');
    expect(clone.http2).toEqual(getProfile('chrome_156').http2);
  });
});

describe('profileFromJa3', () => {
  const ja3 = ja3Of('firefox-153-1');

  it("with base firefox_153: Firefox's three key shares, one X25519 key in two", () => {
    const profile = profileFromJa3(ja3, { base: 'firefox_153' });
    expect(shares(buildProfileHello(profile.tls))).toEqual({ groups: [Group.x25519mlkem768, Group.x25519, Group.secp256r1], reused: true });
  });


  it("a Chrome JA3 keeps Chrome's two shares", () => {
    const profile = profileFromJa3(ja3Of('chromium-156-1'), { base: 'chrome_156' });
    expect(profile.browser).toBe('chrome');
    expect(shares(buildProfileHello(profile.tls))).toEqual({ groups: [Group.x25519mlkem768, Group.x25519], reused: false });
  });
});

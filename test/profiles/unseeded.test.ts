// Unseeded: hellos the engine sends with the system random source show BoringSSL's per-connection
// variation for Chrome (extension permutation, GREASE values, ECH GREASE lengths) and NSS's fixed
// shape for Firefox, while the fingerprints that ignore that variation stay put.
import { beforeAll, describe, expect, it } from 'vitest';
import { findExtension, isGrease, ja3, ja4, parseClientHello, type ParsedClientHello } from '../../src/fingerprint/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { drawGrease } from '../../src/tls/hello/grease.js';
import { wireHellos } from './wire-hellos.js';

const CHROME_JA4 = 't13d1517h2_8daaf6152771_cb7bf5808d99';
const FIREFOX_JA4 = 't13d1617h2_86a278354501_3cbfd9057e0d';
const FIREFOX_JA3 = '6447ab086255d194909d4013b1a89e87';

const distinct = <T>(values: T[]): number => new Set(values).size;

function ech(hello: ParsedClientHello): { aead: number; payloadLength: number; enc: Uint8Array } {
  const ext = findExtension(hello, 'encrypted_client_hello');
  if (ext?.echType !== 'outer') throw new Error('no outer ECH extension');
  return { aead: ext.aead, payloadLength: ext.payloadLength, enc: ext.data.subarray(8, 8 + ext.encLength) };
}

describe('chrome_156, 100 hellos with the system random', () => {
  let hellos: ParsedClientHello[] = [];
  beforeAll(async () => {
    hellos = (await wireHellos(chrome156.tls, 100)).map((record) => parseClientHello(record));
  });

  it('keeps JA4 t13d1517h2_8daaf6152771_cb7bf5808d99, while JA3 follows the shuffled order', () => {
    expect(distinct(hellos.map((h) => ja4(h).ja4))).toBe(1);
    expect(ja4(hellos[0]!).ja4).toBe(CHROME_JA4);
    expect(distinct(hellos.map((h) => ja3(h).ja3nHash))).toBe(1);
    expect(distinct(hellos.map((h) => ja3(h).ja3Hash))).toBeGreaterThan(90);
  });

  it('keeps a GREASE extension first (empty) and last (one zero byte), 19 extensions in all', () => {
    for (const h of hellos) {
      expect(h.extensions).toHaveLength(19);
      const [first, last] = [h.extensions[0]!, h.extensions[18]!];
      expect([first.grease, first.data.length]).toEqual([true, 0]);
      expect([last.grease, [...last.data]]).toEqual([true, [0]]);
      expect(h.extensions.slice(1, 18).every((e) => !e.grease)).toBe(true);
    }
  });

  it('moves every other extension: each is seen at several positions, and each position holds many', () => {
    const types = hellos[0]!.extensions.slice(1, 18).map((e) => e.type);
    for (const type of types) {
      const positions = hellos.map((h) => h.extensions.findIndex((e) => e.type === type));
      expect(positions.every((p) => p >= 1 && p <= 17)).toBe(true);
      expect(distinct(positions)).toBeGreaterThan(1);
    }
    for (let position = 1; position <= 17; position++) {
      // 17 equally likely holders over 100 draws: fewer than 8 distinct would be a broken shuffle.
      expect(distinct(hellos.map((h) => h.extensions[position]!.type))).toBeGreaterThanOrEqual(8);
    }
  });

  it('draws GREASE values per connection, and the two GREASE extensions always differ', () => {
    const slots = hellos.map((h) => ({
      cipher: h.cipherSuites[0]!.value,
      extension1: h.extensions[0]!.type,
      extension2: h.extensions[18]!.type,
      group: findExtension(h, 'supported_groups')!.groups[0]!,
      keyShare: findExtension(h, 'key_share')!.shares[0]!,
      version: findExtension(h, 'supported_versions')!.versions[0]!,
      sigalg: findExtension(h, 'signature_algorithms')!.algorithms[0]!,
    }));
    for (const s of slots) {
      for (const v of [s.cipher, s.extension1, s.extension2, s.group, s.version, s.sigalg]) expect(isGrease(v)).toBe(true);
      expect(s.extension2).not.toBe(s.extension1);
      // The GREASE key share reuses the supported_groups value, with a one-byte share.
      expect([s.keyShare.group, s.keyShare.length, [...s.keyShare.key]]).toEqual([s.group, 1, [0]]);
    }
    for (const slot of ['cipher', 'extension1', 'extension2', 'group', 'version', 'sigalg'] as const) {
      expect(distinct(slots.map((s) => s[slot]))).toBeGreaterThan(5);
    }
  });

  it('sends ECH GREASE with AES-128-GCM, an X25519 enc and payloads of 144/176/208/240 bytes', () => {
    const all = hellos.map(ech);
    expect(distinct(all.map((e) => e.aead))).toBe(1);
    expect(all[0]!.aead).toBe(0x0001);
    expect(new Set(all.map((e) => e.payloadLength))).toEqual(new Set([144, 176, 208, 240]));
    // A real X25519 public key is below 2^255: random bytes would set the top bit half the time.
    expect(all.every((e) => e.enc.length === 32 && (e.enc[31]! & 0x80) === 0)).toBe(true);
    // The hello length moves with the payload, and only with it (1908 + payload - 144 with SNI "localhost").
    for (const h of hellos) expect(h.length).toBe(1908 + ech(h).payloadLength - 144);
  });
});

describe('BoringSSL GREASE slots', () => {
  it('XORs the second GREASE extension with 0x1010 when it equals the first', () => {
    const same = { bytes: (n: number): Uint8Array => new Uint8Array(n).fill(0x3f) };
    const values = drawGrease(same);
    expect(values.extension1).toBe(0x3a3a);
    expect(values.extension2).toBe(0x2a2a);
    expect(values.cipher).toBe(0x3a3a);
    expect(values.signatureAlgorithm).toBe(0x3a3a);
  });
});

describe('firefox_153, 40 hellos with the system random', () => {
  let hellos: ParsedClientHello[] = [];
  beforeAll(async () => {
    hellos = (await wireHellos(firefox153.tls, 40)).map((record) => parseClientHello(record));
  });

  it('keeps JA4 t13d1617h2_86a278354501_3cbfd9057e0d and one JA3, 6447ab086255d194909d4013b1a89e87', () => {
    expect(new Set(hellos.map((h) => ja4(h).ja4))).toEqual(new Set([FIREFOX_JA4]));
    expect(new Set(hellos.map((h) => ja3(h).ja3Hash))).toEqual(new Set([FIREFOX_JA3]));
  });

  it('sends no GREASE, the same extension order and length every time', () => {
    expect(hellos.every((h) => h.extensions.every((e) => !e.grease) && h.cipherSuites.every((c) => !c.grease))).toBe(true);
    expect(distinct(hellos.map((h) => h.extensions.map((e) => e.type).join(',')))).toBe(1);
    expect(distinct(hellos.map((h) => h.length))).toBe(1);
    expect(hellos[0]!.length).toBe(1883);
  });

  it('draws the ECH GREASE AEAD from AES-128-GCM and ChaCha20-Poly1305, payload always 239', () => {
    const all = hellos.map(ech);
    expect(new Set(all.map((e) => e.aead))).toEqual(new Set([0x0001, 0x0003]));
    expect(new Set(all.map((e) => e.payloadLength))).toEqual(new Set([239]));
  });
});

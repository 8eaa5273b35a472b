// TLS 1.2 record protection on its own: AES-GCM with the sequence number as explicit nonce,
// ChaCha20-Poly1305 with XORed nonces, and CBC MAC-then-encrypt whose padding and MAC failures
// are one and the same error. (The live tests show servers and we agree on the real thing.)
import { describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { defaultProvider as p } from '../../src/tls/crypto/index.js';
import type { HashName } from '../../src/tls/crypto/provider.js';
import { HASH_LENGTH } from '../../src/tls/crypto/provider.js';
import { seededRandom } from '../../src/tls/random.js';
import { Tls12AeadProtection, Tls12CbcProtection } from '../../src/tls/record/protection12.js';
import { concatBytes, fromHex } from '../../src/tls/wire/writer.js';

const APP = 23;
const V12 = 0x0303;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const fragmentOf = (record: Uint8Array): Uint8Array => record.subarray(5);

function gcmPair(): [Tls12AeadProtection, Tls12AeadProtection] {
  const key = fromHex('00112233445566778899aabbccddeeff');
  const salt = fromHex('01020304');
  return [new Tls12AeadProtection(p.aead('aes-128-gcm', key), salt), new Tls12AeadProtection(p.aead('aes-128-gcm', key), salt)];
}

function cbcPair(mac: HashName, keyLength: 16 | 32 = 16): [Tls12CbcProtection, Tls12CbcProtection, Uint8Array, Uint8Array] {
  const key = new Uint8Array(keyLength).fill(7);
  const macKey = new Uint8Array(HASH_LENGTH[mac]).fill(9);
  const make = (): Tls12CbcProtection => new Tls12CbcProtection(p, p.aesCbc(key), mac, macKey, seededRandom('iv'));
  return [make(), make(), key, macKey];
}

function thrown(f: () => unknown): TLSError {
  try {
    f();
  } catch (error) {
    if (error instanceof TLSError) return error;
    throw error;
  }
  throw new Error('expected a TLSError');
}

/** A CBC record built by hand: plaintext, a MAC (right or wrong), and the given padding bytes. */
function handmadeCbc(key: Uint8Array, macKey: Uint8Array, mac: HashName, plaintext: Uint8Array, padding: Uint8Array, corruptMac = false): Uint8Array {
  const header = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, APP, 3, 3, plaintext.length >> 8, plaintext.length & 0xff);
  const tag = p.hmac(mac, macKey, concatBytes(header, plaintext));
  if (corruptMac) tag[0]! ^= 1;
  const iv = new Uint8Array(16).fill(3);
  return concatBytes(iv, p.aesCbc(key).encrypt(iv, concatBytes(plaintext, tag, padding)));
}

describe('AES-GCM (RFC 5288)', () => {
  it('sends the sequence number as the explicit nonce and opens its own records in order', () => {
    const [tx, rx] = gcmPair();
    const first = tx.seal(APP, text('hello'), V12);
    const second = tx.seal(APP, text('world'), V12);
    expect(first.length).toBe(5 + 8 + 5 + 16);
    expect(Array.from(fragmentOf(first).subarray(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(fragmentOf(second).subarray(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(rx.open(APP, V12, fragmentOf(first)).content).toEqual(text('hello'));
    expect(rx.open(APP, V12, fragmentOf(second)).content).toEqual(text('world'));
  });

  it('authenticates the sequence number, type and version', () => {
    const [tx, rx] = gcmPair();
    tx.seal(APP, text('skipped'), V12);
    expect(thrown(() => rx.open(APP, V12, fragmentOf(tx.seal(APP, text('x'), V12)))).alertName).toBe('bad_record_mac');
    const [tx2, rx2] = gcmPair();
    expect(thrown(() => rx2.open(22, V12, fragmentOf(tx2.seal(APP, text('x'), V12)))).alertName).toBe('bad_record_mac');
  });

  it('refuses a record shorter than explicit nonce plus tag', () => {
    const [, rx] = gcmPair();
    expect(thrown(() => rx.open(APP, V12, new Uint8Array(23))).alertName).toBe('bad_record_mac');
  });

  it('refuses more than 2^14 bytes of plaintext (record_overflow)', () => {
    const [tx, rx] = gcmPair();
    expect(thrown(() => rx.open(APP, V12, fragmentOf(tx.seal(APP, new Uint8Array(16385), V12)))).alertName).toBe('record_overflow');
  });
});

describe('ChaCha20-Poly1305 (RFC 7905)', () => {
  it('has no explicit nonce: iv XOR sequence number', () => {
    const key = new Uint8Array(32).fill(5);
    const iv = fromHex('000102030405060708090a0b');
    const tx = new Tls12AeadProtection(p.aead('chacha20-poly1305', key), iv);
    const rx = new Tls12AeadProtection(p.aead('chacha20-poly1305', key), iv);
    const records = ['a', 'bb', 'ccc'].map((s) => tx.seal(APP, text(s), V12));
    expect(records.map((r) => r.length)).toEqual([5 + 1 + 16, 5 + 2 + 16, 5 + 3 + 16]);
    expect(records.map((r) => new TextDecoder().decode(rx.open(APP, V12, fragmentOf(r)).content))).toEqual(['a', 'bb', 'ccc']);
  });
});

describe('CBC, MAC-then-encrypt (RFC 5246 §6.2.3.2)', () => {
  for (const [mac, keyLength] of [['sha1', 16], ['sha1', 32], ['sha256', 16], ['sha384', 32]] as const) {
    it(`round-trips every length across block boundaries (HMAC-${mac}, AES-${keyLength * 8})`, () => {
      const [tx, rx] = cbcPair(mac, keyLength);
      for (let n = 0; n < 70; n++) {
        const data = new Uint8Array(n).fill(n);
        const record = tx.seal(APP, data, V12);
        expect((record.length - 5) % 16).toBe(0);
        expect(rx.open(APP, V12, fragmentOf(record)).content).toEqual(data);
      }
      const big = new Uint8Array(16384).fill(1);
      expect(rx.open(APP, V12, fragmentOf(tx.seal(APP, big, V12))).content).toEqual(big);
    });
  }

  it('draws a fresh IV for every record', () => {
    const [tx] = cbcPair('sha1');
    const a = tx.seal(APP, text('same'), V12);
    const b = tx.seal(APP, text('same'), V12);
    expect(fragmentOf(a).subarray(0, 16)).not.toEqual(fragmentOf(b).subarray(0, 16));
  });

  it('accepts any valid padding length up to 255 (not only the minimum)', () => {
    const [, rx, key, macKey] = cbcPair('sha256');
    const data = text('padded generously');
    // The largest padding that makes 17 data + 32 MAC + padding + 1 length byte whole blocks: 254.
    const padLength = 255 - ((17 + 32 + 256) % 16);
    const record = handmadeCbc(key, macKey, 'sha256', data, new Uint8Array(padLength + 1).fill(padLength));
    expect(rx.open(APP, V12, record).content).toEqual(data);
  });

  it('gives one error for a bad MAC, a bad padding byte, an over-long padding length, or too short a record', () => {
    const data = text('sixteen bytes!!!');
    const errors: TLSError[] = [];
    const attempt = (record: Uint8Array): void => {
      const [, rx] = cbcPair('sha1');
      errors.push(thrown(() => rx.open(APP, V12, record)));
    };
    const [, , key, macKey] = cbcPair('sha1');
    // 16 + 20 = 36 bytes: 12 bytes of padding (value 11) make 48.
    attempt(handmadeCbc(key, macKey, 'sha1', data, new Uint8Array(12).fill(11), true)); // bad MAC, good padding
    const badByte = new Uint8Array(12).fill(11);
    badByte[3] = 10;
    attempt(handmadeCbc(key, macKey, 'sha1', data, badByte)); // good MAC, one wrong padding byte
    const tooLong = new Uint8Array(12).fill(11);
    tooLong[11] = 200;
    attempt(handmadeCbc(key, macKey, 'sha1', data, tooLong)); // padding length beyond the record
    attempt(new Uint8Array(32)); // IV plus one block: shorter than a MAC
    attempt(new Uint8Array(16 + 48 + 3)); // not whole blocks
    expect(errors.map((e) => [e.alert, e.alertName, e.direction, e.message])).toEqual(errors.map(() => [20, 'bad_record_mac', 'sent', errors[0]!.message]));
  });

  it('binds the MAC to the sequence number', () => {
    const [tx, rx] = cbcPair('sha1');
    tx.seal(APP, text('first'), V12);
    expect(thrown(() => rx.open(APP, V12, fragmentOf(tx.seal(APP, text('second'), V12)))).alertName).toBe('bad_record_mac');
  });
});

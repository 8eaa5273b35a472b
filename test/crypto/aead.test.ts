import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nobleProvider as p } from '../../src/tls/crypto/noble.js';
import type { AeadName } from '../../src/tls/crypto/provider.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'));

// McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 3, 4 and 16.
const GCM_P =
  'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255';
const GCM_IV = 'cafebabefacedbaddecaf888';
const GCM_AAD = 'feedfacedeadbeeffeedfacedeadbeefabaddad2';
const GCM_K128 = 'feffe9928665731c6d6a8f9467308308';

interface Vector {
  name: AeadName;
  label: string;
  key: string;
  nonce: string;
  aad: string;
  plaintext: string;
  ciphertext: string;
  tag: string;
}

const VECTORS: Vector[] = [
  {
    name: 'aes-128-gcm',
    label: 'GCM test case 3',
    key: GCM_K128,
    nonce: GCM_IV,
    aad: '',
    plaintext: GCM_P,
    ciphertext:
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985',
    tag: '4d5c2af327cd64a62cf35abd2ba6fab4',
  },
  {
    name: 'aes-128-gcm',
    label: 'GCM test case 4',
    key: GCM_K128,
    nonce: GCM_IV,
    aad: GCM_AAD,
    plaintext: GCM_P.slice(0, 120),
    ciphertext:
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091',
    tag: '5bc94fbc3221a5db94fae95ae7121a47',
  },
  {
    name: 'aes-256-gcm',
    label: 'GCM test case 16',
    key: GCM_K128 + GCM_K128,
    nonce: GCM_IV,
    aad: GCM_AAD,
    plaintext: GCM_P.slice(0, 120),
    ciphertext:
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
  {
    name: 'chacha20-poly1305',
    label: 'RFC 8439 §2.8.2',
    key: '808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f',
    nonce: '070000004041424344454647',
    aad: '50515253c0c1c2c3c4c5c6c7',
    plaintext: Buffer.from(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    ).toString('hex'),
    ciphertext:
      'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116',
    tag: '1ae10b594f09e26a7e902ecbd0600691',
  },
];

describe('aead known answers', () => {
  it.each(VECTORS)('$name: $label', (v) => {
    const aead = p.aead(v.name, bytes(v.key));
    const sealed = aead.seal(bytes(v.nonce), bytes(v.plaintext), bytes(v.aad));
    expect(hex(sealed)).toBe(v.ciphertext + v.tag);
    expect(hex(aead.open(bytes(v.nonce), sealed, bytes(v.aad)) ?? new Uint8Array(0))).toBe(v.plaintext);
  });
});

describe('aead behaviour', () => {
  const NAMES: AeadName[] = ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'];
  const keyFor = (name: AeadName): Uint8Array => new Uint8Array(name === 'aes-128-gcm' ? 16 : 32).map((_, i) => i * 3 + 1);
  const nonce = new Uint8Array(12).map((_, i) => 0xa0 + i);
  const aad = Uint8Array.of(0x17, 0x03, 0x03, 0x00, 0x20);

  it.each(NAMES)('%s reports its lengths', (name) => {
    const aead = p.aead(name, keyFor(name));
    expect([aead.keyLength, aead.nonceLength, aead.tagLength]).toEqual([name === 'aes-128-gcm' ? 16 : 32, 12, 16]);
  });

  it.each(NAMES)('%s agrees with node:crypto', (name) => {
    const plaintext = new Uint8Array(1000).map((_, i) => i & 0xff);
    const cipher =
      name === 'chacha20-poly1305'
        ? createCipheriv(name, keyFor(name), nonce, { authTagLength: 16 })
        : createCipheriv(name, keyFor(name), nonce, { authTagLength: 16 });
    cipher.setAAD(aad, { plaintextLength: plaintext.length });
    const expected = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    expect(hex(p.aead(name, keyFor(name)).seal(nonce, plaintext, aad))).toBe(expected.toString('hex'));
  });

  it.each(NAMES)('%s open returns null for a flipped bit in tag, ciphertext or aad, and for a short input', (name) => {
    const aead = p.aead(name, keyFor(name));
    const sealed = aead.seal(nonce, Uint8Array.of(1, 2, 3, 4), aad);
    for (const i of [0, sealed.length - 1]) {
      const bad = sealed.slice();
      bad[i]! ^= 1;
      expect(aead.open(nonce, bad, aad)).toBeNull();
    }
    expect(aead.open(nonce, sealed, Uint8Array.of(0x16))).toBeNull();
    expect(aead.open(nonce, sealed.subarray(0, 15), aad)).toBeNull();
    expect(aead.open(nonce, sealed, aad)).toEqual(Uint8Array.of(1, 2, 3, 4));
  });

  it.each(NAMES)('%s reuses one key object for many records', (name) => {
    const aead = p.aead(name, keyFor(name));
    for (let seq = 0; seq < 3; seq++) {
      const n = nonce.slice();
      n[11]! ^= seq;
      const sealed = aead.seal(n, Uint8Array.of(seq), aad);
      expect(aead.open(n, sealed, aad)).toEqual(Uint8Array.of(seq));
    }
  });

  it('throws RangeError for a wrong key or nonce length', () => {
    expect(() => p.aead('aes-128-gcm', new Uint8Array(32))).toThrow(RangeError);
    expect(() => p.aead('aes-256-gcm', new Uint8Array(16))).toThrow(RangeError);
    expect(() => p.aead('chacha20-poly1305', new Uint8Array(16))).toThrow(RangeError);
    const aead = p.aead('aes-128-gcm', new Uint8Array(16));
    expect(() => aead.seal(new Uint8Array(8), new Uint8Array(0), new Uint8Array(0))).toThrow(RangeError);
  });

  it('keeps its own copy of the key', () => {
    const key = keyFor('aes-256-gcm');
    const aead = p.aead('aes-256-gcm', key);
    const before = aead.seal(nonce, Uint8Array.of(9), aad);
    key.fill(0);
    expect(aead.seal(nonce, Uint8Array.of(9), aad)).toEqual(before);
  });
});

describe('aes-cbc', () => {
  // NIST SP 800-38A F.2.1 (CBC-AES128) and F.2.5 (CBC-AES256).
  const iv = bytes('000102030405060708090a0b0c0d0e0f');
  const plaintext = bytes(
    '6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710',
  );
  const CASES: Array<[string, string, string]> = [
    [
      'F.2.1 AES-128',
      '2b7e151628aed2a6abf7158809cf4f3c',
      '7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2 73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7',
    ],
    [
      'F.2.5 AES-256',
      '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
      'f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d 39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b',
    ],
  ];

  it.each(CASES)('SP 800-38A %s', (_label, key, ciphertext) => {
    const cbc = p.aesCbc(bytes(key));
    expect(hex(cbc.encrypt(iv, plaintext))).toBe(ciphertext.replace(/\s/g, ''));
    expect(cbc.decrypt(iv, bytes(ciphertext))).toEqual(plaintext);
  });

  it('adds no padding and refuses partial blocks or wrong sizes', () => {
    const cbc = p.aesCbc(new Uint8Array(16));
    expect(cbc.encrypt(iv, new Uint8Array(32)).length).toBe(32);
    expect(cbc.encrypt(iv, new Uint8Array(0)).length).toBe(0);
    expect(() => cbc.encrypt(iv, new Uint8Array(15))).toThrow(RangeError);
    expect(() => cbc.decrypt(iv, new Uint8Array(17))).toThrow(RangeError);
    expect(() => cbc.encrypt(new Uint8Array(12), new Uint8Array(16))).toThrow(RangeError);
    expect(() => p.aesCbc(new Uint8Array(24))).toThrow(RangeError);
  });
});

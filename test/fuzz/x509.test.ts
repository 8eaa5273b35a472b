/**
 * Fuzzing our X.509 code (src/tls/x509): the DER certificate parser over Node's Mozilla roots and
 * the test PKI's certificates, mutated; and chain verification (path building, name checks,
 * signatures through the crypto provider) over mutated, reordered and padded chains. Property: a
 * value or a CertificateError, in bounded time and memory; a certificate that parses is exactly
 * its input (strict DER: no trailing or skipped bytes).
 */
import { rootCertificates } from 'node:tls';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateError } from '../../src/errors.js';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import { parseCertificate, type Certificate } from '../../src/tls/x509/certificate.js';
import { parsePem } from '../../src/tls/x509/pem.js';
import { defaultTrustStore, TrustStore } from '../../src/tls/x509/trust-store.js';
import { verifyChain } from '../../src/tls/x509/verify.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { bytesArb, fuzzSync, mutatedArb, runs, summaryTable } from './harness.js';

let pki: Pki;
let mozilla: Uint8Array[];
let pkiCerts: Uint8Array[];
beforeAll(async () => {
  pki = await makePki();
  mozilla = rootCertificates.flatMap((pem) => parsePem(pem));
  pkiCerts = [pki.root, pki.intermediate, pki.untrustedRoot, pki.nonCaIntermediate, pki.constrainedIntermediate, ...Object.values(pki.leaves)].map((c) => c.certDer);
}, 120_000);
afterAll(() => console.log(summaryTable('X.509')));

describe('X.509', () => {
  it('parseCertificate: Mozilla roots and test certificates, mutated', () => {
    const seeds = [...mozilla, ...pkiCerts];
    expect(seeds.length).toBeGreaterThan(100);
    fuzzSync('parseCertificate', bytesArb(seeds, { randomWeight: 1, mutatedWeight: 9, maxEdits: 3 }), parseCertificate, {
      numRuns: runs(6000),
      sizeOf: (b) => b.length,
      check: (input, value) => expect((value as Certificate).raw.length).toBe(input.length),
    });
  });

  it('verifyChain: test PKI chains, mutated, reordered, with strangers and random host names', () => {
    const trust = TrustStore.from(pki.ca);
    const now = Date.now();
    const chains = Object.values(pki.leaves).map((l) => l.chainDer);
    const extras = [pki.root.certDer, pki.untrustedRoot.certDer, pki.nonCaIntermediate.certDer, pki.constrainedIntermediate.certDer, pki.intermediate.certDer];
    const chainArb = fc
      .record({
        chain: fc.constantFrom(...chains),
        // Which element to mutate (none when out of range) and how.
        target: fc.nat({ max: 3 }),
        mutated: fc.nat({ max: 1000 }),
        extra: fc.array(fc.constantFrom(...extras), { maxLength: 3 }),
        shuffle: fc.boolean(),
        host: fc.oneof(fc.constantFrom('localhost', '127.0.0.1', '::1', '[::1]', 'allowed.example', 'example.com', '', '.', '*.localhost'), fc.string({ maxLength: 40 })),
      })
      .chain((c) =>
        fc.tuple(fc.constant(c), c.target < c.chain.length ? mutatedArb([c.chain[c.target]!], 3) : fc.constant(new Uint8Array(0))).map(([cc, m]) => {
          const chain = [...cc.chain];
          if (cc.target < chain.length) chain[cc.target] = m;
          const all = [...chain, ...cc.extra];
          if (cc.shuffle && all.length > 1) all.push(all.splice(cc.mutated % all.length, 1)[0]!);
          return { chain: all, host: cc.host };
        }),
      );
    fuzzSync('verifyChain (test PKI)', chainArb, ({ chain, host }) => verifyChain({ chain, roots: trust, host, now, provider: defaultProvider }), {
      numRuns: runs(2500),
      sizeOf: ({ chain }) => chain.reduce((n, c) => n + c.length, 0),
    });
  });

  it('verifyChain: Mozilla roots as (mutated) chains against the Mozilla store', () => {
    const roots = defaultTrustStore();
    const now = Date.now();
    const arb = fc.array(mutatedArb(mozilla, 2), { minLength: 1, maxLength: 4 });
    fuzzSync('verifyChain (Mozilla store)', arb, (chain) => verifyChain({ chain, roots, host: 'example.com', now, provider: defaultProvider }), {
      numRuns: runs(1500),
      sizeOf: (chain) => chain.reduce((n, c) => n + c.length, 0),
    });
  });

  it('DER lengths far beyond the data are refused, long-form and all', () => {
    // A SEQUENCE claiming 2^32-1 bytes, one claiming 2^24, one with a 5-octet length.
    for (const hex of ['30 84 ffffffff 00', '30 84 01000000 00', '30 85 0100000000 00', '30 80 0000', '30 82 0001 00']) {
      expect(() => parseCertificate(Buffer.from(hex.replace(/ /g, ''), 'hex'))).toThrow(CertificateError);
    }
  });

  it('parsePem: random text never throws anything but returns certificates or nothing', () => {
    fuzzSync(
      'parsePem',
      fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom(...rootCertificates.slice(0, 20)).chain((pem) => fc.tuple(fc.nat({ max: pem.length }), fc.string({ maxLength: 8 })).map(([at, s]) => pem.slice(0, at) + s + pem.slice(at)))),
      parsePem,
      { numRuns: runs(1000) },
    );
  });
});

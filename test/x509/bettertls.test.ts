/**
 * Netflix BetterTLS (pathbuilding and nameconstraints suites), run through verifyChain.
 * The vectors live in fixtures/bettertls (see its README and fixtures/README.md): one trust root, the chain leaf
 * first, a host name, ACCEPT/REJECT, and a clock pinned to 2026-11-26T00:00:00Z.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CertificateError } from '../../src/errors.js';
import { defaultProvider, nobleProvider } from '../../src/tls/crypto/index.js';
import type { CryptoProvider } from '../../src/tls/crypto/provider.js';
import { TrustStore } from '../../src/tls/x509/trust-store.js';
import { verifyChain } from '../../src/tls/x509/verify.js';
import { fixturePath } from '../helpers/fixtures.js';

interface TestCase {
  id: number;
  certificates: string[];
  hostname: string;
  requiredFeatures: string[];
  expected: 'ACCEPT' | 'REJECT';
  failureIsWarning: boolean;
}

interface Export {
  betterTlsRevision: string;
  trustRoot: string;
  suites: Record<string, { testCases: TestCase[] }>;
}

const dataPath = fixturePath('bettertls', 'tests.json.gz');
const VALIDATION_TIME = Date.UTC(2026, 10, 26, 0, 0, 0);

function load(): Export {
  if (!existsSync(dataPath)) throw new Error(`BetterTLS vectors not found at ${dataPath}`);
  return JSON.parse(gunzipSync(readFileSync(dataPath)).toString('utf8')) as Export;
}

const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

describe('BetterTLS', () => {
  const data = load();
  const roots = TrustStore.from(b64(data.trustRoot));

  // The default provider for both suites; the pure-TypeScript one too on the small suite.
  it.each<[string, CryptoProvider]>([
    ['pathbuilding', defaultProvider],
    ['nameconstraints', defaultProvider],
    ['pathbuilding', nobleProvider],
  ])(
    '%s suite',
    (name, provider) => {
      const suite = data.suites[name];
      expect(suite, `suite ${name}`).toBeDefined();
      let passed = 0;
      let warnings = 0;
      const failures: string[] = [];
      for (const tc of suite!.testCases) {
        let got: 'ACCEPT' | 'REJECT' = 'ACCEPT';
        let why = '';
        try {
          verifyChain({ chain: tc.certificates.map(b64), roots, host: tc.hostname, now: VALIDATION_TIME, provider });
        } catch (error) {
          // Anything but a CertificateError is a crash, not a rejection.
          if (!(error instanceof CertificateError)) throw error;
          got = 'REJECT';
          why = `${error.reason}: ${error.message}`;
        }
        if (got === tc.expected) passed++;
        else if (tc.failureIsWarning) warnings++;
        else failures.push(`#${tc.id} expected ${tc.expected}, got ${got} (${tc.hostname}; ${tc.requiredFeatures.join(',')}) ${why}`);
      }
      console.log(`BetterTLS ${name} (${provider.name}): ${suite!.testCases.length} cases, ${passed} passed, ${failures.length} failed, ${warnings} warning-only`);
      expect(failures).toEqual([]);
    },
    300_000,
  );
});

// The custom builders check fingerprints against plain tables (they run on the caller's thread,
// which never loads the crypto code); these tests hold the tables to the engine itself.
import { describe, expect, it } from 'vitest';
import { ENGINE_GROUPS, KEY_SHARE_LENGTHS, suiteSupport } from '../../src/profiles/custom/engine-support.js';
import { allCipherSuites } from '../../src/vocabulary/cipher-suites.js';
import { defaultProvider, nativeProvider, nobleProvider } from '../../src/tls/crypto/index.js';
import { seededRandom } from '../../src/tls/random.js';

describe('the tables the builders check against', () => {
  it.each([
    ['native', nativeProvider],
    ['noble', nobleProvider],
  ] as const)('groups: exactly those the %s provider makes key shares for', (_name, provider) => {
    const supported: number[] = [];
    for (let g = 0; g <= 0xffff; g++) if (provider.supportsGroup(g)) supported.push(g);
    expect(supported).toEqual([...ENGINE_GROUPS].sort((a, b) => a - b));
  });

  it('key share lengths: those the provider generates', () => {
    for (const group of ENGINE_GROUPS) {
      expect(defaultProvider.generateKeyShare(group, seededRandom(`share ${group}`)).publicKey.length, `group 0x${group.toString(16)}`).toBe(KEY_SHARE_LENGTHS.get(group));
    }
    expect([...KEY_SHARE_LENGTHS.keys()].sort()).toEqual([...ENGINE_GROUPS].sort());
  });

  it('suites: every suite the engine knows, by version, 3DES being known but not implemented', () => {
    for (const suite of allCipherSuites) {
      const expected = suite.version === 'tls13' ? 'tls13' : suite.cipher.kind === 'cbc' && suite.cipher.blockCipher === '3des' ? 'unimplemented' : 'tls12';
      expect(suiteSupport(suite.id), suite.name).toBe(expected);
    }
    const known = new Set(allCipherSuites.map((s) => s.id));
    const others = new Map<number, string>();
    for (let id = 0; id <= 0xffff; id++) if (!known.has(id) && suiteSupport(id) !== 'unimplemented') others.set(id, suiteSupport(id));
    expect(others).toEqual(new Map([[0x00ff, 'signal'], [0x5600, 'signal']]));
  });
});

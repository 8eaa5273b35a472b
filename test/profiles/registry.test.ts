import { describe, expect, it } from 'vitest';
import { RequestError, UnknownProfileError } from '../../src/errors.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { closestNames, editDistance, getProfile, listProfiles, profileNames } from '../../src/profiles/registry.js';
import type { Profile } from '../../src/profiles/types.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('profile registry', () => {
  it('finds profiles by identifier, case-insensitively', () => {
    expect(getProfile('chrome_156')).toBe(chrome156);
    expect(getProfile('Firefox_153')).toBe(firefox153);
  });

  it('maps a family name to its newest version, and defaults to chrome', () => {
    expect(getProfile('chrome')).toBe(chrome156);
    expect(getProfile('firefox')).toBe(firefox153);
    expect(getProfile()).toBe(chrome156);
    expect(profileNames()).toEqual(expect.arrayContaining(['chrome', 'chrome_156', 'firefox', 'firefox_153', 'safari', 'okhttp']));
    // Every family name is the newest version of that family.
    for (const family of ['chrome', 'firefox', 'safari', 'okhttp']) {
      const newest = listProfiles()
        .filter((p) => p.browser === family)
        .reduce((a, b) => (b.version > a.version ? b : a));
      expect(getProfile(family)).toBe(newest);
    }
  });

  it('passes a profile value through unchanged', () => {
    const custom: Profile = { ...structuredClone(chrome156), id: 'my_chrome' };
    expect(getProfile(custom)).toBe(custom);
  });

  it('lists every shipped profile once, with unique identifiers', () => {
    const ids = listProfiles().map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['chrome_156', 'firefox_153', 'chrome_133', 'firefox_133', 'safari_ios_18_0', 'okhttp4_android_13']));
    // An alias never shadows an identifier.
    for (const p of listProfiles()) for (const alias of p.aliases ?? []) expect(ids).not.toContain(alias);
  });

  it('rejects an unknown name with UnknownProfileError listing the closest names', () => {
    const error = thrown(() => getProfile('chrome_15'));
    expect(error).toBeInstanceOf(UnknownProfileError);
    expect(error).toBeInstanceOf(RequestError);
    const e = error as UnknownProfileError;
    expect(e.identifier).toBe('chrome_15');
    expect(e.suggestions).toContain('chrome_156');
    expect(e.suggestions.length).toBeLessThanOrEqual(3);
    expect(e.message).toContain('did you mean "');
    expect((thrown(() => getProfile('firefx')) as UnknownProfileError).suggestions).toEqual(['firefox']);
    expect((thrown(() => getProfile('chrome_1333')) as UnknownProfileError).suggestions).toContain('chrome_133');
  });

  it('suggests nothing for a name that is no typo', () => {
    const e = thrown(() => getProfile('netscape_navigator')) as UnknownProfileError;
    expect(e).toBeInstanceOf(UnknownProfileError);
    expect(e.suggestions).toEqual([]);
    expect(e.message).toContain('Known: ');
    expect(e.message).toContain('chrome_156');
  });

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('chrome', 'chrome')).toBe(0);
    expect(closestNames('CHROM', ['chrome', 'firefox'])).toEqual(['chrome']);
  });
});

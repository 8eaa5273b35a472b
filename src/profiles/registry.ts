/**
 * The shipped profiles by identifier and alias. A family alias (`chrome`, `firefox`) names the
 * newest version of that family, and `chrome` is the default, as the most common browser.
 */
import { UnknownProfileError } from '../errors.js';
import { chromiumFamily } from './data/chromium-family.js';
import { otherFamilies } from './data/other-families.js';
import type { Profile } from './types.js';

const PROFILES: readonly Profile[] = [...chromiumFamily, ...otherFamilies];

export const DEFAULT_PROFILE = 'chrome';

function buildIndex(profiles: readonly Profile[]): Map<string, Profile> {
  const index = new Map<string, Profile>();
  const add = (name: string, profile: Profile): void => {
    const key = name.toLowerCase();
    const existing = index.get(key);
    if (existing && existing !== profile) throw new Error(`profile name "${name}" is used by both ${existing.id} and ${profile.id}`);
    index.set(key, profile);
  };
  for (const p of profiles) add(p.id, p);
  for (const p of profiles) for (const alias of p.aliases ?? []) add(alias, p);
  // The family name follows the newest version, so a new data file moves it without edits here.
  for (const p of profiles) {
    const newest = profiles.filter((q) => q.browser === p.browser).reduce((a, b) => (b.version > a.version ? b : a));
    if (newest === p) add(p.browser, p);
  }
  return index;
}

const INDEX = buildIndex(PROFILES);

/** Every shipped profile, one entry per identifier. */
export function listProfiles(): Profile[] {
  return [...PROFILES];
}

/** Every name `getProfile` accepts: identifiers and aliases. */
export function profileNames(): string[] {
  return [...INDEX.keys()].sort();
}

/** The profile a name or alias stands for (case-insensitive), or undefined. */
export function findProfile(name: string): Profile | undefined {
  return INDEX.get(name.trim().toLowerCase());
}

/**
 * A profile by identifier or alias, or a profile value passed through unchanged (one built from a
 * JA3 string, say). An unknown name throws UnknownProfileError listing the closest names.
 */
export function getProfile(nameOrProfile: string | Profile = DEFAULT_PROFILE): Profile {
  if (typeof nameOrProfile !== 'string') return nameOrProfile;
  const found = findProfile(nameOrProfile);
  if (found) return found;
  const suggestions = closestNames(nameOrProfile, profileNames());
  const hint = suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  throw new UnknownProfileError(`unknown client identifier "${nameOrProfile}"${hint} Known: ${profileNames().join(', ')}`, nameOrProfile, suggestions);
}

/** The names at the smallest edit distance from `name`, if that distance is small enough to be a typo. */
export function closestNames(name: string, candidates: string[], limit = 3): string[] {
  const wanted = name.trim().toLowerCase();
  const scored = candidates.map((c) => ({ c, d: editDistance(wanted, c) }));
  const best = Math.min(...scored.map((s) => s.d));
  // More than half the name wrong is no typo: suggesting something then would mislead.
  if (!Number.isFinite(best) || best > Math.max(2, Math.ceil(wanted.length / 2))) return [];
  return scored
    .filter((s) => s.d === best)
    .map((s) => s.c)
    .slice(0, limit);
}

/** Levenshtein distance (insertions, deletions, substitutions, each 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The browser profile for a request. An unknown name throws (with the closest names), where
 * tls_requests (through tls-client) silently sends Chrome 133 instead: a caller who asked for a
 * browser must not get another one without knowing. A `ja3` string rebuilds the ClientHello and
 * an `akamai` string the HTTP/2 opening, over that profile (tls-client's customTlsClient).
 */
import { profileWithAkamai } from '../profiles/custom/from-akamai.js';
import { profileFromJa3 } from '../profiles/custom/from-ja3.js';
import { getProfile } from '../profiles/registry.js';
import type { Profile } from '../profiles/types.js';

/**
 * Built profiles by base and strings: every request resolves its profile, and handing the pool
 * the same value each time spares rebuilding it and rehashing it for the origin key.
 */
const built = new WeakMap<Profile, Map<string, Profile>>();

export function resolveProfile(identifier: string | Profile, ja3: string | null, akamai: string | null): Profile {
  const base = getProfile(identifier);
  if (!ja3 && !akamai) return base;
  const key = `${ja3 ?? ''}|${akamai ?? ''}`;
  let byStrings = built.get(base);
  if (!byStrings) built.set(base, (byStrings = new Map()));
  let profile = byStrings.get(key);
  if (!profile) {
    // Both builders throw a RequestError saying what in the string cannot be honoured.
    profile = ja3 ? profileFromJa3(ja3, { base, ...(akamai ? { akamai } : {}) }) : profileWithAkamai(base, akamai!);
    byStrings.set(key, profile);
  }
  return profile;
}

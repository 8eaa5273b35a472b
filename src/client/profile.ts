/**
 * The browser profile for a request. An unknown name throws (with the closest names), where
 * tls_requests (through tls-client) silently sends Chrome 133 instead: a caller who asked for a
 * browser must not get another one without knowing.
 */
import { RequestError } from '../errors.js';
import { getProfile } from '../profiles/registry.js';
import type { Profile } from '../profiles/types.js';

export function resolveProfile(identifier: string | Profile, ja3: string | null, akamai: string | null): Profile {
  if (ja3 || akamai) {
    // There is no builder from these strings yet (src/profiles has none): refuse rather than
    // send a fingerprint the caller did not ask for.
    throw new RequestError(`the ${ja3 ? 'ja3' : 'akamai'} option is not supported yet: use clientIdentifier with a shipped profile or a Profile value`);
  }
  return getProfile(identifier);
}

/**
 * The parts every custom profile shares: the base it borrows from, and the profile put together
 * from a hello spec plus the base's HTTP/2, HTTP/1.1 and header data, with the Akamai string and
 * header order applied when given.
 */
import { DEFAULT_PROFILE, getProfile } from '../registry.js';
import type { Profile } from '../types.js';
import type { ClientHelloSpec } from '../../vocabulary/hello-spec.js';
import { profileWithAkamai } from './from-akamai.js';
import { withHeaderOrder } from './header-order.js';
import type { CustomProfileOptions } from './options.js';

/**
 * The base profile: a name resolves through the registry (an unknown one is an UnknownProfileError).
 * None given: the newest profile of the family the hello comes from (`inferred`), else Chrome.
 */
export function resolveBase(base: Profile | string | undefined, inferred?: Profile['browser'] | null): Profile {
  return getProfile(base ?? inferred ?? DEFAULT_PROFILE);
}

/**
 * The browser family a hello's extension codepoints (and GREASE) point to, or null: GREASE or ALPS
 * (0x4469, 0x44cd) is BoringSSL, so Chrome; record_size_limit (0x1c) or delegated_credentials
 * (0x22) without GREASE is NSS, so Firefox (BoringSSL sends neither; NSS never GREASEs).
 */
export function inferFamily(extensionIds: readonly number[], greased: boolean): Profile['browser'] | null {
  if (greased || extensionIds.includes(0x4469) || extensionIds.includes(0x44cd)) return 'chrome';
  if (extensionIds.includes(0x1c) || extensionIds.includes(0x22)) return 'firefox';
  return null;
}

export function assembleProfile(base: Profile, tls: ClientHelloSpec, id: string, source: string, options: CustomProfileOptions): Profile {
  // A copy: a custom profile owns its data, and it must not answer to the base's aliases.
  const copy = structuredClone(base);
  delete copy.aliases;
  let profile: Profile = { ...copy, id, source: `${source}; everything else from ${base.id}`, tls };
  if (options.akamai !== undefined) profile = profileWithAkamai(profile, options.akamai, options.id ? { id: options.id } : {});
  if (options.headerOrder !== undefined) profile = withHeaderOrder(profile, options.headerOrder);
  return profile;
}

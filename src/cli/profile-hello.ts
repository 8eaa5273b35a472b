/**
 * A profile's ClientHello built outside any connection, for the `profiles` and `fingerprint`
 * commands. Every per-connection value (client random, key shares, GREASE, extension order, ECH
 * GREASE) is drawn the way a connection draws it, but from a seeded source: the same command prints
 * the same bytes twice, and JA4 (which sorts away the random parts) is the one the wire shows.
 */
import type { Profile } from '../profiles/types.js';
import { defaultProvider } from '../tls/crypto/index.js';
import { buildClientHello, type BuiltHello } from '../tls/hello/build.js';
import { drawHelloContext } from '../tls/hello/draw-context.js';
import { helloKeyShares } from '../tls/hello/key-shares.js';
import { seededRandom } from '../tls/random.js';

export interface ProfileHelloOptions {
  /** SNI to put in the hello; a name, as a browser sends for any site (JA4's "d"). */
  serverName?: string;
  /** Seed of the deterministic random source. */
  seed?: string;
}

export const DEFAULT_SERVER_NAME = 'example.com';
const DEFAULT_SEED = 'tls-requests cli';

export function buildProfileHello(profile: Profile, options: ProfileHelloOptions = {}): BuiltHello {
  const spec = profile.tls;
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const keyShares = helloKeyShares(spec, (group) => defaultProvider.generateKeyShare(group, random));
  const ctx = drawHelloContext(spec, random, keyShares, defaultProvider, { serverName: options.serverName ?? DEFAULT_SERVER_NAME });
  return buildClientHello(spec, ctx);
}

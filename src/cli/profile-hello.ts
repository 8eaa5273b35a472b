/**
 * A profile's ClientHello built outside any connection, for the `profiles` and `fingerprint`
 * commands. Every per-connection value (client random, key shares, GREASE, extension order, ECH
 * GREASE) is drawn the way a connection draws it, but from a seeded source: the same command prints
 * the same bytes twice, and JA4 (which sorts away the random parts) is the one the wire shows.
 */
import type { Profile } from '../profiles/types.js';
import { defaultProvider } from '../tls/crypto/index.js';
import { buildClientHello, chooseEchGrease, chooseExtensionOrder, type BuiltHello } from '../tls/hello/build.js';
import type { HelloContext } from '../tls/hello/context.js';
import { drawGrease } from '../tls/hello/grease.js';
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
  const ctx: HelloContext = {
    random: random.bytes(32),
    sessionId: random.bytes(spec.sessionIdLength),
    keyShares,
    grease: drawGrease(random),
    randomSource: random,
    extensionOrder: chooseExtensionOrder(spec, random),
    serverName: options.serverName ?? DEFAULT_SERVER_NAME,
  };
  const ech = chooseEchGrease(spec, random, defaultProvider);
  if (ech) ctx.ech = ech;
  return buildClientHello(spec, ctx);
}

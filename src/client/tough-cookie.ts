/**
 * tough-cookie, loaded the first time a client holds a cookie rather than when the package is
 * imported: most scraping clients never receive one, and the library with its public-suffix list
 * is the largest part of the client's start-up. Loaded synchronously (the Cookies API is), as the
 * same ES module instance a user's `import 'tough-cookie'` gets, so their classes are ours.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as ToughCookie from 'tough-cookie';

let loaded: typeof ToughCookie | null = null;

export function toughCookie(): typeof ToughCookie {
  loaded ??= createRequire(import.meta.url)(fileURLToPath(import.meta.resolve('tough-cookie'))) as typeof ToughCookie;
  return loaded;
}

/** A tough-cookie jar, told by its shape (ours or a user's, whichever copy of the library made it). */
export function isCookieJar(value: unknown): value is ToughCookie.CookieJar {
  if (typeof value !== 'object' || value === null) return false;
  const jar = value as Partial<Record<'getCookies' | 'setCookie' | 'serializeSync', unknown>>;
  return typeof jar.getCookies === 'function' && typeof jar.setCookie === 'function' && typeof jar.serializeSync === 'function';
}

/**
 * tough-cookie, loaded the first time a client holds a cookie rather than when the package is
 * imported: most scraping clients never receive one, and the library with its public-suffix list
 * is the largest part of the client's start-up.
 *
 * A request's cookie handling is asynchronous and imports the module (`loadToughCookie`). The
 * synchronous Cookies API, used before any of that, loads it with require() of the same ES module
 * file, which Node (20.19+) resolves to the very module instance `import 'tough-cookie'` gives.
 * Whichever comes first is kept, so this library only ever uses one copy.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as ToughCookie from 'tough-cookie';

type ToughCookieModule = typeof ToughCookie;

let loaded: ToughCookieModule | null = null;
let loading: Promise<ToughCookieModule> | null = null;

/** The module, now (synchronous callers). */
export function toughCookie(): ToughCookieModule {
  loaded ??= createRequire(import.meta.url)(fileURLToPath(import.meta.resolve('tough-cookie'))) as ToughCookieModule;
  return loaded;
}

/** The module, through import() (asynchronous callers). */
export async function loadToughCookie(): Promise<ToughCookieModule> {
  if (loaded !== null) return loaded;
  loading ??= import('tough-cookie');
  const module = await loading;
  loaded ??= module;
  return loaded;
}

/** A tough-cookie jar, told by its shape (ours or a user's, whichever copy of the library made it). */
export function isCookieJar(value: unknown): value is ToughCookie.CookieJar {
  if (typeof value !== 'object' || value === null) return false;
  const jar = value as Partial<Record<'getCookies' | 'setCookie' | 'serializeSync', unknown>>;
  return typeof jar.getCookies === 'function' && typeof jar.setCookie === 'function' && typeof jar.serializeSync === 'function';
}

/**
 * A browser's bounds on what servers may store in the cookie jar, so a hostile server cannot
 * grow it without end (every later request to any of its hosts would carry, or scan, the lot).
 * Chrome's numbers (net/cookies/canonical_cookie.h and cookie_monster.h):
 * - a cookie whose name and value exceed 4,096 octets together is dropped
 *   (kMaxCookieNamePlusValueSize; RFC 6265bis §5.7 says the same);
 * - at most 180 cookies per registrable domain (kDomainMaxCookies) and 3,300 in all
 *   (kMaxCookies); past either, the oldest go. Chrome then purges further, to 150 and 3,000, and
 *   prefers the least recently used; evicting the oldest down to the cap keeps the same bound.
 * The registrable domain (eTLD+1) is Chrome's key, from the public suffix list, private
 * registries included (so each github.io site has its own 180).
 */
import { createRequire } from 'node:module';
import type { Cookie, CookieJar } from 'tough-cookie';

export const MAX_COOKIE_NAME_VALUE_OCTETS = 4096;
export const MAX_COOKIES_PER_DOMAIN = 180;
export const MAX_COOKIES = 3300;

/** Whether a Set-Cookie field's name=value pair is within the size a browser keeps. */
export function cookieSizeAllowed(setCookie: string): boolean {
  const semicolon = setCookie.indexOf(';');
  const pair = (semicolon < 0 ? setCookie : setCookie.slice(0, semicolon)).trim();
  const octets = Buffer.byteLength(pair, 'utf8') - (pair.includes('=') ? 1 : 0);
  return octets <= MAX_COOKIE_NAME_VALUE_OCTETS;
}

function registrableDomain(cookie: Cookie): string {
  const domain = cookie.domain ?? '';
  return publicSuffixList().getDomain(domain, { allowPrivateDomains: true }) ?? domain;
}

let tldts: typeof import('tldts') | null = null;

/** The public-suffix list, loaded with the first cookie (tough-cookie loads it then too). */
function publicSuffixList(): typeof import('tldts') {
  tldts ??= createRequire(import.meta.url)('tldts') as typeof import('tldts');
  return tldts;
}

/** Evicts the oldest cookies (by creation) past the per-domain and total caps. */
export async function enforceJarLimits(jar: CookieJar): Promise<void> {
  const store = jar.store;
  const all = await store.getAllCookies();
  if (all.length <= MAX_COOKIES_PER_DOMAIN) return;
  const oldestFirst = [...all].sort((x, y) => (x.creationIndex ?? 0) - (y.creationIndex ?? 0));
  const perDomain = new Map<string, Cookie[]>();
  for (const cookie of oldestFirst) {
    const key = registrableDomain(cookie);
    const list = perDomain.get(key);
    if (list) list.push(cookie);
    else perDomain.set(key, [cookie]);
  }
  const evicted = new Set<Cookie>();
  for (const list of perDomain.values()) {
    for (const cookie of list.slice(0, Math.max(0, list.length - MAX_COOKIES_PER_DOMAIN))) evicted.add(cookie);
  }
  let left = all.length - evicted.size;
  for (const cookie of oldestFirst) {
    if (left <= MAX_COOKIES) break;
    if (evicted.has(cookie)) continue;
    evicted.add(cookie);
    left--;
  }
  for (const cookie of evicted) await store.removeCookie(cookie.domain, cookie.path, cookie.key);
}

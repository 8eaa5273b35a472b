/**
 * Cookies: a tough-cookie jar, which applies RFC 6265's domain, path, Secure and expiry rules,
 * plus cookies given without a domain (`{ session: 'abc' }`), which, as in tls_requests and
 * httpx, go to every host. The client keeps one across requests and redirects; tls_requests
 * since 1.2.1 keeps none (anchors §1.12-2).
 */
import type { Cookie, CookieJar } from 'tough-cookie';
import { cookieSizeAllowed, enforceJarLimits } from './cookie-limits.js';
import { isCookieJar, loadToughCookie, toughCookie } from './tough-cookie.js';

export type CookiesInit = Cookies | CookieJar | Iterable<readonly [string, string]> | Readonly<Record<string, string>>;

export interface CookieOptions {
  /** Without a domain, the cookie goes to every host. */
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  expires?: Date;
}

export class Cookies implements Iterable<[string, string]> {
  /** Made (and tough-cookie loaded) when the first cookie with a domain comes. */
  #jar: CookieJar | null = null;
  readonly #anyHost = new Map<string, string>();

  constructor(init?: CookiesInit | null) {
    if (isCookieJar(init)) {
      this.#jar = init;
      return;
    }
    if (init instanceof Cookies) {
      for (const cookie of init.all()) this.jar.setCookieSync(cookie.clone() ?? cookie, cookieUrl(cookie));
      for (const [name, value] of init.#anyHost) this.#anyHost.set(name, value);
      return;
    }
    for (const [name, value] of pairs(init)) this.#anyHost.set(name, value);
  }

  /** Whether there is certainly no cookie to send (none given without a domain, an empty jar). */
  get certainlyEmpty(): boolean {
    return this.#anyHost.size === 0 && jarIsEmpty(this.#jar);
  }

  /** The tough-cookie jar that holds the cookies with a domain. */
  get jar(): CookieJar {
    this.#jar ??= new (toughCookie().CookieJar)();
    return this.#jar;
  }

  /**
   * Sets a cookie now. With a domain it goes into the jar (its synchronous API: a jar with an
   * asynchronous store must be filled through that store).
   */
  set(name: string, value: string, options: CookieOptions = {}): this {
    if (!options.domain) {
      this.#anyHost.set(name, value);
      return this;
    }
    const domain = options.domain.replace(/^\./, '');
    const cookie = new (toughCookie().Cookie)({
      key: name,
      value,
      domain,
      path: options.path ?? '/',
      secure: options.secure ?? false,
      httpOnly: options.httpOnly ?? false,
      expires: options.expires ?? 'Infinity',
    });
    this.jar.setCookieSync(cookie, cookieUrl(cookie));
    return this;
  }

  /** The value of the first cookie with this name (domain-less ones first), optionally on a domain. */
  get(name: string, options: { domain?: string; path?: string } = {}): string | undefined {
    if (!options.domain && this.#anyHost.has(name)) return this.#anyHost.get(name);
    const domain = options.domain?.replace(/^\./, '').toLowerCase();
    return this.all().find((c) => c.key === name && (!domain || c.domain === domain) && (!options.path || c.path === options.path))?.value;
  }

  delete(name: string, options: { domain?: string; path?: string } = {}): this {
    if (!options.domain) this.#anyHost.delete(name);
    const domain = options.domain?.replace(/^\./, '').toLowerCase();
    for (const c of this.all()) {
      if (c.key === name && (!domain || c.domain === domain) && (!options.path || c.path === options.path)) {
        // MemoryCookieStore removes at once; the promise only reports it.
        void this.jar.store.removeCookie(c.domain, c.path, c.key);
      }
    }
    return this;
  }

  clear(): this {
    this.#anyHost.clear();
    this.#jar?.removeAllCookiesSync();
    return this;
  }

  /** Every cookie in the jar, with its domain, path and flags. */
  all(): Cookie[] {
    if (this.#jar === null) return [];
    const serialized = this.#jar.serializeSync();
    const { Cookie } = toughCookie();
    return (serialized?.cookies ?? []).map((c) => Cookie.fromJSON(c)).filter((c): c is Cookie => c !== undefined);
  }

  get size(): number {
    return this.#anyHost.size + this.all().length;
  }

  entries(): [string, string][] {
    return [...this.#anyHost.entries(), ...this.all().map((c): [string, string] => [c.key, c.value])];
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries()[Symbol.iterator]();
  }

  toJSON(): Record<string, string> {
    return Object.fromEntries(this.entries());
  }

  /**
   * The Cookie header for a URL: the jar's matching cookies in RFC 6265 §5.4 order, then the
   * domain-less ones it does not shadow, then `extra` (a request's own), which replace any of the
   * same name. Empty when there are none.
   */
  async headerFor(url: string, extra: readonly [string, string][] = []): Promise<string> {
    // Most clients of a scraper never get a cookie: skip the jar's URL and domain matching then.
    if (this.#anyHost.size === 0 && extra.length === 0 && jarIsEmpty(this.#jar)) return '';
    const list: [string, string][] = this.#jar === null ? [] : (await this.#jar.getCookies(url)).map((c) => [c.key, c.value]);
    const named = new Set(list.map(([k]) => k));
    for (const [name, value] of this.#anyHost) if (!named.has(name)) list.push([name, value]);
    const replaced = new Set(extra.map(([k]) => k));
    return [...list.filter(([k]) => !replaced.has(k)), ...extra].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /**
   * Stores a response's Set-Cookie fields; one the rules reject is dropped, as a browser drops it,
   * and so is one over 4,096 octets; then the jar is held to a browser's caps (cookie-limits.ts).
   */
  async store(setCookies: readonly string[], url: string): Promise<void> {
    if (setCookies.length === 0) return;
    await loadToughCookie();
    for (const header of setCookies) if (cookieSizeAllowed(header)) await this.jar.setCookie(header, url, { ignoreError: true });
    await enforceJarLimits(this.jar);
  }
}

export function pairs(init: Iterable<readonly [string, string]> | Readonly<Record<string, string>> | null | undefined): [string, string][] {
  if (init == null) return [];
  if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') return [...(init as Iterable<readonly [string, string]>)].map(([k, v]) => [k, v]);
  return Object.entries(init as Record<string, string>);
}

/**
 * Whether a jar certainly holds no cookie: there is none yet, or its store is tough-cookie's
 * MemoryCookieStore with an empty index. Any other store (or a future index shape) counts as not empty.
 */
function jarIsEmpty(jar: CookieJar | null): boolean {
  if (jar === null) return true;
  const store = jar.store as { idx?: unknown };
  if (!(jar.store instanceof toughCookie().MemoryCookieStore) || typeof store.idx !== 'object' || store.idx === null) return false;
  for (const _domain in store.idx) return false;
  return true;
}

function cookieUrl(cookie: Cookie): string {
  return `${cookie.secure ? 'https' : 'http'}://${cookie.domain ?? 'localhost'}${cookie.path ?? '/'}`;
}

/** The cookies a response sets, read on their own (domain filled in from the URL, tls_requests #47). */
export function cookiesFromSetCookie(setCookies: readonly string[], url: string): Cookies {
  const cookies = new Cookies();
  for (const header of setCookies) cookies.jar.setCookieSync(header, url, { ignoreError: true });
  return cookies;
}

/**
 * Cookies in the adapter belong to Crawlee: a session's cookie jar comes with each request
 * (`cookieJar`). Our clients are shared by every session on the same (proxy, profile), so they
 * must keep no cookies of their own, or one session's cookies would leak into another's.
 */
import { CookieJar, MemoryCookieStore, type Cookie, type ErrorCallback } from 'tough-cookie';
import { Cookies } from '../client/cookies.js';
import type { HttpRequest } from './crawlee-types.js';

/** A store that accepts every cookie and keeps none (the jar stays empty, so lookups are free). */
class DiscardingStore extends MemoryCookieStore {
  override putCookie(cookie: Cookie): Promise<void>;
  override putCookie(cookie: Cookie, callback: ErrorCallback): void;
  override putCookie(_cookie: Cookie, callback?: ErrorCallback): Promise<void> | void {
    if (callback) return callback(null);
    return Promise.resolve();
  }
}

/** Cookies for a shared AsyncClient: never stores what a response sets. */
export function discardingCookies(): Cookies {
  return new Cookies(new CookieJar(new DiscardingStore()));
}

export type CrawleeCookieJar = NonNullable<HttpRequest['cookieJar']>;
type Done<T> = (error: Error | null, value: T) => void;

/**
 * Calls a jar method that may take a callback (tough-cookie's own jar, any version) or return a
 * promise (Crawlee's PromiseCookieJar): the callback is passed, and a promise returned is used too.
 */
function callJar<T>(method: (...args: never[]) => unknown, jar: CrawleeCookieJar, args: readonly unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done: Done<T> = (error, value) => (error ? reject(error) : resolve(value));
    const call = method as unknown as (...rest: unknown[]) => unknown;
    const returned = call.apply(jar, [...args, done]);
    if (returned instanceof Promise) (returned as Promise<T>).then(resolve, reject);
  });
}

export async function cookieString(jar: CrawleeCookieJar, url: string): Promise<string> {
  const value = await callJar<string | undefined>(jar.getCookieString, jar, [url]);
  return value ?? '';
}

/** Stores a response's Set-Cookie fields; a cookie the jar refuses (bad domain...) is skipped, as a browser would. */
export async function storeCookies(jar: CrawleeCookieJar, setCookies: readonly string[], url: string): Promise<void> {
  for (const raw of setCookies) {
    try {
      await callJar<unknown>(jar.setCookie, jar, [raw, url]);
    } catch {
      // Ignored on purpose: one malformed cookie must not fail the page.
    }
  }
}

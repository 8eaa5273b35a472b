/**
 * Option names are checked, not trusted: a misspelt option is a silent wrong request (`proxies`
 * goes direct and leaks the caller's address, `tls_identifier` sends Chrome, `follow_redirects`
 * follows). Every options object is checked against the keys of its interface, and an unknown
 * key is a TypeError naming the option the caller most likely meant.
 *
 * The tables are `satisfies Record<keyof X, true>`: adding an option to an interface without
 * adding it here (or the reverse) fails the typecheck, so the lists cannot drift.
 */
import { closestNames } from '../profiles/registry.js';
import type { ModuleRequestOptions } from './api.js';
import type { BodyOptions } from './body.js';
import type { FetchInit } from './fetch.js';
import type { Hooks } from './hooks.js';
import type { ClientOptions, RequestOptions, TransportOptions } from './options.js';

type KeyTable = Readonly<Record<string, true>>;

const TRANSPORT_KEYS = {
  clientIdentifier: true,
  ja3: true,
  akamai: true,
  randomTlsExtensionOrder: true,
  http2: true,
  headerOrder: true,
  kind: true,
  proxy: true,
  timeout: true,
  followRedirects: true,
  maxRedirects: true,
  verify: true,
  ca: true,
  retries: true,
  localAddress: true,
  family: true,
  lookup: true,
  maxBodySize: true,
  decode: true,
  keylog: true,
  crypto: true,
  debug: true,
  encoding: true,
  profileHeaders: true,
} as const satisfies Record<keyof TransportOptions, true>;

const BODY_KEYS = { json: true, data: true, files: true, content: true } as const satisfies Record<keyof BodyOptions, true>;

export const REQUEST_KEYS = {
  ...TRANSPORT_KEYS,
  ...BODY_KEYS,
  params: true,
  headers: true,
  cookies: true,
  auth: true,
  hooks: true,
  signal: true,
} as const satisfies Record<keyof RequestOptions, true>;

export const CLIENT_KEYS = {
  ...TRANSPORT_KEYS,
  baseUrl: true,
  params: true,
  headers: true,
  cookies: true,
  auth: true,
  hooks: true,
  trustEnv: true,
  transport: true,
  pool: true,
} as const satisfies Record<keyof ClientOptions, true>;

export const MODULE_KEYS = { ...REQUEST_KEYS, trustEnv: true, transport: true } as const satisfies Record<keyof ModuleRequestOptions, true>;

const { followRedirects: _notForFetch, ...FETCH_TRANSPORT_KEYS } = TRANSPORT_KEYS;

export const FETCH_KEYS = {
  ...FETCH_TRANSPORT_KEYS,
  method: true,
  headers: true,
  body: true,
  redirect: true,
  signal: true,
  duplex: true,
  keepalive: true,
  mode: true,
  credentials: true,
  cache: true,
  priority: true,
  window: true,
  trustEnv: true,
} as const satisfies Record<keyof FetchInit | 'trustEnv', true>;

const HOOK_KEYS = { request: true, response: true } as const satisfies Record<keyof Hooks, true>;

/**
 * Names other HTTP libraries use (requests, httpx, tls_requests, axios, curl_cffi, Node's tls)
 * for an option that exists here under another name: edit distance alone would not find them.
 */
const FOREIGN_NAMES: Readonly<Record<string, string>> = {
  proxies: 'proxy',
  tlsIdentifier: 'clientIdentifier',
  impersonate: 'clientIdentifier',
  allowRedirects: 'followRedirects',
  redirect: 'followRedirects',
  // fetch's name for it.
  followRedirects: 'redirect',
  maxRedirect: 'maxRedirects',
  rejectUnauthorized: 'verify',
  body: 'content',
  form: 'data',
  query: 'params',
  searchParams: 'params',
  cookieJar: 'cookies',
};

/** What the options object is, for the message: "AsyncClient option", "request option"... */
export type OptionKind = 'AsyncClient' | 'request' | 'fetch init' | 'hooks';

/** Throws a TypeError on the first key of `options` that `valid` does not list. */
export function checkOptionKeys(options: object | null | undefined, valid: KeyTable, kind: OptionKind): void {
  if (options == null) return;
  if (typeof options !== 'object') throw new TypeError(`${kind} options must be an object, not ${typeof options}`);
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(valid, key)) throw new TypeError(unknownOptionMessage(key, valid, kind));
  }
  if (Object.hasOwn(valid, 'hooks')) checkOptionKeys((options as { hooks?: object }).hooks, HOOK_KEYS, 'hooks');
}

export function checkClientOptions(options: ClientOptions | undefined): void {
  checkOptionKeys(options, CLIENT_KEYS, 'AsyncClient');
}

export function checkRequestOptions(options: RequestOptions | undefined): void {
  checkOptionKeys(options, REQUEST_KEYS, 'request');
}

function unknownOptionMessage(key: string, valid: KeyTable, kind: OptionKind): string {
  const label = kind === 'hooks' ? 'hook kind' : 'option';
  const head = `unknown ${label} "${key}"`;
  if (kind === 'request' && Object.hasOwn(CLIENT_KEYS, key)) return `${head} for a request: it is an AsyncClient option (new AsyncClient({ ${key} }))`;
  const suggestion = closestKey(key, Object.keys(valid));
  if (suggestion !== null) return `${head} — did you mean "${suggestion}"?`;
  return `${head}; the ${kind} ${label}s are: ${Object.keys(valid).join(', ')}`;
}

/** The valid key the caller most likely meant: its camelCase spelling, a known foreign name, or a near typo. */
export function closestKey(key: string, valid: readonly string[]): string | null {
  const camel = key.replace(/[_-]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
  const byLower = new Map(valid.map((v) => [v.toLowerCase(), v]));
  const exact = byLower.get(camel.toLowerCase());
  if (exact !== undefined) return exact;
  const foreign = FOREIGN_NAMES[camel];
  if (foreign !== undefined && valid.includes(foreign)) return foreign;
  const [nearest] = closestNames(camel.toLowerCase(), [...byLower.keys()], 1);
  return nearest === undefined ? null : byLower.get(nearest)!;
}

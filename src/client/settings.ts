/**
 * One request's effective settings: the request's options over the client's over the defaults
 * (tls_requests lets its method defaults override the client's, anchors §1.12-3; here a value
 * the request does not give is the client's). Rotators turn once per request, so every redirect
 * hop of a request uses the same profile and proxy.
 */
import { RequestError } from '../errors.js';
import type { EnvProxies } from './env-proxy.js';
import type { HttpVersionPreference } from '../pool/messages.js';
import { REQUEST_KINDS, kindHeaders } from '../profiles/behavior.js';
import type { Profile, RequestKind } from '../profiles/types.js';
import { http2Order } from '../profiles/http2-order.js';
import type { ClientIdentifierOption, DebugLogger, Http2Option, LookupOption, ProxyOption, TransportOptions } from './options.js';
import { resolveProfile } from './profile.js';
import { Proxy } from './proxy.js';
import { ProxyRotator, TLSIdentifierRotator } from './rotators.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REDIRECTS = 9;

/** Where a request's proxy comes from: none, a fixed or rotated one, or the environment (per hop). */
export type ProxyChoice = { kind: 'none' } | { kind: 'fixed'; proxy: Proxy; rotator: ProxyRotator | null } | { kind: 'env'; env: EnvProxies };

export interface Settings {
  profile: Profile;
  http2: HttpVersionPreference;
  randomTlsExtensionOrder: boolean;
  verify: boolean;
  ca: string[];
  proxy: ProxyChoice;
  timeout: number;
  followRedirects: boolean;
  maxRedirects: number;
  headerOrder: string[] | null;
  kind: RequestKind;
  retries: number;
  localAddress: string | null;
  family: 0 | 4 | 6;
  resolve: Record<string, string>;
  maxBodySize: number;
  decode: boolean;
  keylog: string | null;
  crypto: 'native' | 'noble';
  log: DebugLogger | null;
  encoding: string;
  profileHeaders: boolean;
}

type PlainKey = Exclude<keyof TransportOptions, 'clientIdentifier' | 'proxy'>;

/** Options after the client's constructor normalised them: lists became rotators. */
export type ClientTransportOptions = Omit<TransportOptions, 'clientIdentifier' | 'proxy'> & {
  clientIdentifier?: string | Profile | TLSIdentifierRotator;
  proxy?: Proxy | ProxyRotator | null;
};

/** The largest `timeout`: 24 days, under the 2^31 ms a Node timer can hold. */
export const MAX_TIMEOUT_MS = 24 * 24 * 3600 * 1000;

/** `env`: the client's snapshot of the environment's proxy variables, or null when it does not trust them. */
export function resolveSettings(client: ClientTransportOptions, request: TransportOptions, env: EnvProxies | null): Settings {
  const pick = <K extends PlainKey>(key: K): TransportOptions[K] => (request[key] !== undefined ? request[key] : client[key]);
  const identifier = request.clientIdentifier !== undefined ? toIdentifierSource(request.clientIdentifier, 'random') : client.clientIdentifier;
  const proxy = request.proxy !== undefined ? toProxySource(request.proxy, 'random') : client.proxy;
  const timeout = pick('timeout') ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = pick('maxRedirects') ?? DEFAULT_MAX_REDIRECTS;
  const retries = pick('retries') ?? 0;
  checkCount('timeout', timeout);
  // Node's timers take a signed 32-bit delay: 2^31 ms or more fires at once (TimeoutOverflowWarning),
  // and the pool's own deadline adds a little to ours; 24 days leaves it a minute.
  if (timeout > MAX_TIMEOUT_MS) throw new RequestError(`timeout must be at most 24 days (${MAX_TIMEOUT_MS} ms; 0 for none): Node's timers cannot hold ${timeout} ms`);
  checkCount('maxRedirects', maxRedirects);
  checkCount('retries', retries);
  const profile = resolveProfile(nextIdentifier(identifier), pick('ja3') ?? null, pick('akamai') ?? null);
  const kind = pick('kind') ?? 'navigate';
  if (!REQUEST_KINDS.includes(kind)) throw new RequestError(`kind must be one of ${REQUEST_KINDS.join(', ')}; got ${String(kind)}`);
  const headerOrder = pick('headerOrder');
  return {
    profile,
    http2: http2Preference(pick('http2') ?? 'auto'),
    randomTlsExtensionOrder: pick('randomTlsExtensionOrder') ?? false,
    verify: pick('verify') ?? true,
    ca: toCaList(pick('ca') ?? null),
    proxy: proxyChoice(proxy, env),
    timeout,
    followRedirects: pick('followRedirects') ?? true,
    maxRedirects,
    // Another kind's fields go out in that kind's order (the browser's), on the same connections.
    headerOrder: headerOrder ? [...headerOrder].map((n) => n.toLowerCase()) : kind === 'navigate' ? null : kindOrder(profile, kind),
    kind,
    retries,
    localAddress: pick('localAddress') ?? null,
    family: pick('family') ?? 0,
    resolve: toResolveMap(pick('lookup') ?? null),
    maxBodySize: pick('maxBodySize') ?? 0,
    decode: pick('decode') ?? true,
    keylog: pick('keylog') ?? null,
    crypto: pick('crypto') ?? 'native',
    log: toLogger(pick('debug') ?? false),
    encoding: pick('encoding') ?? 'utf-8',
    profileHeaders: pick('profileHeaders') ?? true,
  };
}

function checkCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RequestError(`${name} must be a number >= 0, not ${value}`);
}

/** A list becomes a rotator (the client's keeps its place between requests). */
export function toIdentifierSource(option: ClientIdentifierOption, strategy: 'round_robin' | 'random'): string | Profile | TLSIdentifierRotator {
  if (option instanceof TLSIdentifierRotator) return option;
  if (Array.isArray(option)) return new TLSIdentifierRotator(option as readonly (string | Profile)[], { strategy });
  return option as string | Profile;
}

export function toProxySource(option: ProxyOption, strategy: 'weighted' | 'random'): Proxy | ProxyRotator | null {
  if (option === null) return null;
  if (option instanceof Proxy || option instanceof ProxyRotator) return option;
  if (Array.isArray(option)) return new ProxyRotator(option, { strategy });
  return new Proxy(option as string | URL);
}

function nextIdentifier(source: string | Profile | TLSIdentifierRotator | undefined): string | Profile {
  if (source === undefined) return 'chrome';
  return source instanceof TLSIdentifierRotator ? source.next() : source;
}

function proxyChoice(source: Proxy | ProxyRotator | null | undefined, env: EnvProxies | null): ProxyChoice {
  if (source === undefined) return env !== null ? { kind: 'env', env } : { kind: 'none' };
  if (source === null) return { kind: 'none' };
  if (source instanceof ProxyRotator) return { kind: 'fixed', proxy: source.next(), rotator: source };
  return { kind: 'fixed', proxy: source, rotator: null };
}

export function http2Preference(option: Http2Option): HttpVersionPreference {
  if (option === true) return 'auto';
  if (option === false) return 'http1';
  if (option === 'auto' || option === 'http1' || option === 'http2') return option;
  throw new RequestError(`http2 must be 'auto', 'http1', 'http2' or a boolean, not ${JSON.stringify(option)}`);
}

function toCaList(ca: string | readonly string[] | null): string[] {
  if (ca === null) return [];
  return typeof ca === 'string' ? [ca] : [...ca];
}

export function toResolveMap(lookup: LookupOption | null): Record<string, string> {
  if (lookup === null) return {};
  if (typeof lookup === 'function') {
    throw new RequestError('lookup must be a record of host → address: requests run in worker threads, and a function cannot be sent to one');
  }
  return Object.fromEntries(Object.entries(lookup).map(([host, address]) => [host.toLowerCase(), address]));
}

function toLogger(debug: boolean | DebugLogger): DebugLogger | null {
  if (typeof debug === 'function') return debug;
  return debug ? (line) => console.debug(line) : null;
}

const kindOrders = new WeakMap<Profile, Map<RequestKind, string[]>>();

/** The send order of a kind's fields, placed headers (cookie, referer, origin...) included. */
function kindOrder(profile: Profile, kind: RequestKind): string[] {
  let byKind = kindOrders.get(profile);
  if (!byKind) kindOrders.set(profile, (byKind = new Map()));
  let order = byKind.get(kind);
  if (!order) byKind.set(kind, (order = withConnection(http2Order({ ...profile, headers: kindHeaders(profile, kind) }), profile.http1.headerOrder)));
  return order;
}

/**
 * A kind's order with HTTP/1.1's Connection where the profile's HTTP/1.1 order has it: right after
 * the nearest name before it there that the kind's order has (Chrome: after Host, so first;
 * Firefox: after Accept-Encoding). HTTP/2 never sends it, so only HTTP/1.1 sees the difference.
 */
function withConnection(order: string[], http1Order: readonly string[]): string[] {
  const names = http1Order.map((n) => n.toLowerCase());
  const i = names.indexOf('connection');
  if (i < 0 || order.includes('connection')) return order;
  let at = 0;
  for (let j = i - 1; j >= 0; j--) {
    const k = order.indexOf(names[j]!);
    if (k >= 0) {
      at = k + 1;
      break;
    }
  }
  return [...order.slice(0, at), 'connection', ...order.slice(at)];
}

/**
 * Which connections may serve a request: one rule, computed once on the caller's thread (the
 * pool routes by it, the worker keys its connections and TLS sessions by it).
 *
 * A connection carries everything that was decided when it was opened, so the key holds all of
 * it: the client it belongs to (scope), the origin, what the profile puts on the wire (a digest
 * of its whole content, not its name: an edited clone that keeps its `id` is another browser),
 * the proxy, the trust it was verified under, and how it was made (ALPN preference, extension
 * shuffling, local address, address family, a DNS override, the crypto provider).
 */
import { createHash } from 'node:crypto';
import type { RequestMessage } from '../wire/messages.js';

const DEFAULT_PORTS: Record<string, string> = { 'https:': '443', 'http:': '80' };

/** Profiles are usually the registry's own objects: digest each object once. */
const digests = new WeakMap<object, string>();

export type KeyedRequest = Pick<
  RequestMessage,
  'url' | 'profile' | 'proxy' | 'http2' | 'verify' | 'ca' | 'randomTlsExtensionOrder' | 'localAddress' | 'family' | 'resolve' | 'crypto' | 'scope'
>;

export function connectionKey(request: KeyedRequest): string {
  const { origin, host } = originOf(request.url);
  return [
    request.scope ?? '',
    origin,
    profileDigest(request.profile),
    request.proxy ?? '',
    request.http2,
    request.verify ? 'verify' : 'no-verify',
    request.ca.length === 0 ? '' : caDigest(request.ca),
    request.randomTlsExtensionOrder ? 'shuffle' : '',
    request.localAddress ?? '',
    request.family,
    request.resolve[host] ?? '',
    request.crypto ?? 'native',
  ].join('|');
}

/** A digest of everything a profile puts on the wire (its whole content). */
export function profileDigest(profile: object): string {
  let digest = digests.get(profile);
  if (digest === undefined) {
    digest = sha256(JSON.stringify(profile, (_, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)) ?? '');
    digests.set(profile, digest);
  }
  return digest;
}

/** Trust settings repeat from request to request: digest each set of roots once (a few sets at most). */
const caDigests = new Map<string, string>();

function caDigest(ca: readonly string[]): string {
  const joined = ca.length === 1 ? ca[0]! : ca.join('\n');
  let digest = caDigests.get(joined);
  if (digest === undefined) {
    if (caDigests.size >= 64) caDigests.clear();
    digest = sha256(joined);
    caDigests.set(joined, digest);
  }
  return digest;
}

/**
 * `scheme://host[:port]` at the start of a URL already in WHATWG's canonical form (what the
 * client sends): a lower-case DNS name whose last label is no number (WHATWG would read "x.1" or
 * "x.0x7f" as IPv4) or a dotted-quad address, a port without leading zeros.
 * Anything else (IPv6, IDN, userinfo, odd spellings) is left to the URL parser.
 */
const CANONICAL_ORIGIN = /^(https?:)\/\/((?:[a-z0-9-]+\.)*(?!0x[0-9a-f]*(?![a-z0-9-]))[a-z0-9-]*[a-z][a-z0-9-]*|(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))(?::([1-9]\d{0,4}))?(?=[/?#]|$)/;

function originOf(url: string): { origin: string; host: string } {
  // Most URLs are canonical: read the origin off the string instead of parsing it all again.
  const canonical = CANONICAL_ORIGIN.exec(url);
  if (canonical !== null && (canonical[3] === undefined || Number(canonical[3]) <= 65535)) {
    const [, protocol, hostname, port] = canonical;
    return { origin: `${protocol}//${hostname}:${port ?? DEFAULT_PORTS[protocol!]}`, host: hostname! };
  }
  try {
    const parsed = new URL(url);
    const { hostname } = parsed;
    return {
      origin: `${parsed.protocol}//${hostname}:${parsed.port || DEFAULT_PORTS[parsed.protocol] || ''}`,
      host: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
    };
  } catch {
    // The worker reports the bad URL with its proper error; any key does until then.
    return { origin: url, host: '' };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

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

function originOf(url: string): { origin: string; host: string } {
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

/**
 * Which shard serves a request. Everything that can share a connection (scheme, host, port,
 * browser profile, proxy) maps to one thread, so an origin's connections, TLS tickets and
 * HTTP/2 streams live together, the way a browser keeps one connection per origin.
 */
import type { RequestMessage } from './messages.js';

const DEFAULT_PORTS: Record<string, string> = { 'https:': '443', 'http:': '80' };

/** Profiles are usually the registry's own objects: fingerprint each one once. */
const profileKeys = new WeakMap<object, string>();

export function originKey(request: Pick<RequestMessage, 'url' | 'profile' | 'proxy'>): string {
  return `${origin(request.url)}|${profileKey(request.profile)}|${request.proxy ?? ''}`;
}

export function shardIndex(key: string, shards: number): number {
  return fnv1a(key) % shards;
}

/** 32-bit FNV-1a: stable across runs and processes, so the same origin always lands on the same shard. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function origin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}:${parsed.port || DEFAULT_PORTS[parsed.protocol] || ''}`;
  } catch {
    // The worker reports the bad URL with its proper error; any shard can do that.
    return url;
  }
}

function profileKey(profile: unknown): string {
  if (typeof profile !== 'object' || profile === null) return String(profile);
  let key = profileKeys.get(profile);
  if (key === undefined) {
    key = fnv1a(safeJson(profile)).toString(16);
    profileKeys.set(profile, key);
  }
  return key;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return ''; // e.g. a BigInt: the profile then only loses its say in the shard choice
  }
}

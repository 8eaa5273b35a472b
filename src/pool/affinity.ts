/**
 * Which shard serves a connection key (connection-key.ts): everything that may share a
 * connection maps to one thread, so its connections, TLS tickets and HTTP/2 streams live together.
 */

export function shardIndex(key: string, shards: number): number {
  return fnv1a(key) % shards;
}

/** 32-bit FNV-1a: stable across runs and processes, so the same key always lands on the same shard. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

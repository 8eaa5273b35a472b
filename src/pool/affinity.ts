/**
 * Which shard serves a connection key (connection-key.ts): everything that may share a
 * connection maps to one thread, so its connections, TLS tickets and HTTP/2 streams live together.
 *
 * A key is given a shard the first time it is seen, and keeps it: the shard with the fewest keys,
 * and among those one whose thread already runs. So keys spread evenly (a hash can put 7 of 8
 * origins on one thread), a single origin starts a single thread (the others are never spawned,
 * nor their memory taken), and the thread a new client warmed is the one its first request finds.
 */

/** Keys remembered at most; past it the oldest is forgotten (its idle connections age out). */
const MAX_KEYS = 65_536;

export class ShardAssignment {
  readonly #shards: number;
  readonly #running: (shard: number) => boolean;
  /** Key → shard, in the order keys were first seen. */
  readonly #byKey = new Map<string, number>();
  readonly #keysPerShard: number[];

  constructor(shards: number, running: (shard: number) => boolean) {
    this.#shards = shards;
    this.#running = running;
    this.#keysPerShard = new Array<number>(shards).fill(0);
  }

  /** The key's shard, given one now if it has none. */
  shardOf(key: string): number {
    let shard = this.#byKey.get(key);
    if (shard === undefined) {
      shard = this.next();
      this.#byKey.set(key, shard);
      this.#keysPerShard[shard]!++;
      if (this.#byKey.size > MAX_KEYS) this.#forget(this.#byKey.keys().next().value!);
    }
    return shard;
  }

  /** The shard a key seen for the first time now would get. */
  next(): number {
    let best = 0;
    for (let shard = 1; shard < this.#shards; shard++) {
      const fewer = this.#keysPerShard[shard]! - this.#keysPerShard[best]!;
      if (fewer < 0 || (fewer === 0 && this.#running(shard) && !this.#running(best))) best = shard;
    }
    return best;
  }

  /** Forgets a scope's keys (its client closed: none of its connections is left). */
  forgetScope(scope: string): void {
    const prefix = `${scope}|`;
    for (const key of this.#byKey.keys()) if (key.startsWith(prefix)) this.#forget(key);
  }

  #forget(key: string): void {
    const shard = this.#byKey.get(key);
    if (shard === undefined) return;
    this.#byKey.delete(key);
    this.#keysPerShard[shard]!--;
  }
}

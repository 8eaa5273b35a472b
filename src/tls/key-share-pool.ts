/**
 * Key shares made ahead of need. An ML-KEM-768 keygen costs ~0.5 ms in TypeScript and Chrome's
 * hello takes three X25519 keys' worth of work besides; made after a handshake, in the event
 * loop's spare turns, they are off the next connection's critical path. Each share is handed out
 * once and forgotten (a fresh key per connection, as browsers use them: never reused).
 *
 * Only for the CSPRNG: a handshake with an injected (seeded) source generates its shares from that
 * source, in the order it always did, so replays stay byte-exact.
 */
import type { CryptoProvider, KeyShare, RandomSource } from './crypto/provider.js';
import { isSystemRandom, systemRandom } from './random.js';

/** The most shares of one group kept ready (Chrome takes two X25519 per hello: its share and the ECH GREASE enc). */
const MAX_READY_PER_GROUP = 4;

class KeySharePool {
  private readonly ready = new Map<number, KeyShare[]>();
  /** How many of each group to keep ready: one more after each miss, up to the cap. */
  private readonly target = new Map<number, number>();
  private scheduled = false;

  constructor(private readonly provider: CryptoProvider) {}

  take(group: number): KeyShare {
    const share = this.ready.get(group)?.pop();
    if (share) return share;
    this.target.set(group, Math.min(MAX_READY_PER_GROUP, (this.target.get(group) ?? 0) + 1));
    return this.provider.generateKeyShare(group, systemRandom);
  }

  /** Tops the pool up, one share per turn of the event loop, so I/O that arrives meanwhile waits for one keygen at most. */
  refillSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.refillOne()).unref();
  }

  private refillOne(): void {
    for (const [group, want] of this.target) {
      let list = this.ready.get(group);
      if (!list) this.ready.set(group, (list = []));
      if (list.length < want) {
        list.push(this.provider.generateKeyShare(group, systemRandom));
        setImmediate(() => this.refillOne()).unref();
        return;
      }
    }
    this.scheduled = false;
  }

  /** Shares ready now, by group (tests). */
  readyCount(group: number): number {
    return this.ready.get(group)?.length ?? 0;
  }
}

const pools = new WeakMap<CryptoProvider, KeySharePool>();

function poolFor(provider: CryptoProvider): KeySharePool {
  let pool = pools.get(provider);
  if (!pool) pools.set(provider, (pool = new KeySharePool(provider)));
  return pool;
}

/** A never-used key share for `group`: from the pool when `random` is the CSPRNG, made from `random` otherwise. */
export function freshKeyShare(provider: CryptoProvider, random: RandomSource, group: number): KeyShare {
  return isSystemRandom(random) ? poolFor(provider).take(group) : provider.generateKeyShare(group, random);
}

/** After a handshake: replace the shares it took, in idle turns. Nothing to do for an injected source. */
export function refillKeyShares(provider: CryptoProvider, random: RandomSource): void {
  if (isSystemRandom(random)) poolFor(provider).refillSoon();
}

/** How many shares of `group` are ready for `provider` (tests and benchmarks). */
export function readyKeyShares(provider: CryptoProvider, group: number): number {
  return pools.get(provider)?.readyCount(group) ?? 0;
}

/**
 * One AsyncClient per (proxy, profile), as a browser has one connection pool per identity: pages
 * of a site fetched through the same proxy with the same profile reuse connections and TLS
 * sessions, and nothing is shared across proxies (an origin server must not see one client
 * behind two exits). Least recently used clients beyond `maxClients` are closed once idle.
 */
import { AsyncClient } from '../client/client.js';
import type { ClientOptions } from '../client/options.js';
import type { Profile } from '../profiles/types.js';
import { discardingCookies } from './cookie-jar.js';

interface Entry {
  client: AsyncClient;
  /** Exchanges in flight (a streamed one until its body ends); an evicted client closes at 0. */
  busy: number;
  evicted: boolean;
}

export interface Lease {
  client: AsyncClient;
  /** Call once the exchange is over (its body read or its stream closed). */
  release(): void;
}

export class ClientCache {
  readonly #entries = new Map<string, Entry>();
  readonly #profileIds = new WeakMap<Profile, number>();
  #nextProfileId = 0;
  #closed = false;

  constructor(
    private readonly base: ClientOptions,
    private readonly maxClients: number,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  lease(proxy: string | null, profile: string | Profile): Lease {
    if (this.#closed) throw new Error('tls-requests/crawlee: the HTTP client was closed');
    const key = `${proxy ?? ''}\n${this.#profileKey(profile)}`;
    let entry = this.#entries.get(key);
    if (entry) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      this.#entries.delete(key);
    } else {
      // No proxy: left unset rather than null, so the caller's trustEnv still decides about HTTPS_PROXY.
      const client = new AsyncClient({ ...this.base, clientIdentifier: profile, ...(proxy !== null ? { proxy } : {}), cookies: discardingCookies(), followRedirects: false });
      entry = { client, busy: 0, evicted: false };
    }
    this.#entries.set(key, entry);
    this.#evict();
    entry.busy++;
    const held = entry;
    let released = false;
    return {
      client: held.client,
      release: () => {
        if (released) return;
        released = true;
        held.busy--;
        if (held.evicted && held.busy === 0) void held.client.close();
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const clients = [...this.#entries.values()].map((e) => e.client);
    this.#entries.clear();
    await Promise.all(clients.map((c) => c.close()));
  }

  #evict(): void {
    while (this.#entries.size > this.maxClients) {
      const [key, entry] = this.#entries.entries().next().value as [string, Entry];
      this.#entries.delete(key);
      entry.evicted = true;
      if (entry.busy === 0) void entry.client.close();
    }
  }

  /** Profiles given as values are told apart by identity; names by name. */
  #profileKey(profile: string | Profile): string {
    if (typeof profile === 'string') return `name:${profile}`;
    let id = this.#profileIds.get(profile);
    if (id === undefined) this.#profileIds.set(profile, (id = this.#nextProfileId++));
    return `value:${id}`;
  }
}

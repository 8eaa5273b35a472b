/**
 * Sharing connections between clients, on purpose. Each AsyncClient owns its connections and TLS
 * sessions, as a browser profile does: nothing of one client is ever used by another, so two
 * clients are two unlinkable visitors. Clients given the same ConnectionPool share them instead
 * (one visitor, several clients): its connections outlive any one client and are closed by the
 * pool's own `close()`.
 */
import type { Transport } from './transport.js';

let scopes = 0;

/** A scope name unique in this process: connections are keyed by it in the worker threads. */
export function newScope(kind: 'client' | 'pool'): string {
  return `${kind}-${++scopes}`;
}

export class ConnectionPool {
  /** The name the worker threads key this pool's connections by. */
  readonly scope = newScope('pool');
  /** The transports the pool's clients sent requests through: each may hold its connections. */
  readonly #transports = new Set<Transport>();
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  /** A client tells the pool which transport it uses (internal). */
  attach(transport: Transport): void {
    this.#transports.add(transport);
  }

  /** Closes every connection the pool's clients opened, and forgets their TLS sessions. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#transports].map((transport) => transport.closeScope?.(this.scope)));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * Connections kept per origin, as a browser keeps them: HTTP/2 multiplexes every request of an
 * origin on one connection; HTTP/1.1 keeps at most six connections per origin (Chrome's
 * per-group limit), reuses the most recently idle one first, queues what does not fit, and closes
 * idle connections after a timeout or when too many are idle overall.
 *
 * HTTP/2 sessions queue requests past the server's MAX_CONCURRENT_STREAMS themselves, so every
 * request of an origin goes to its one session until that session is closed.
 *
 * An origin here is (scheme, host, port, profile, proxy) plus whatever makes connections not
 * interchangeable (certificate checks, ALPN preference, local address...): see the connection key
 * `connectionKey` (src/http/connection-key.ts).
 */
import type { Duplex } from 'node:stream';
import { PoolError } from '../errors.js';
import type { Profile } from '../profiles/types.js';
import { H1Connection } from './h1/connection.js';
import { http2SessionFactory } from './h2/session-factory.js';
import type { H2Session, H2SessionFactory, Transport } from './session.js';

export interface PoolLimits {
  /** HTTP/1.1 connections per origin, busy and idle together (Chrome: 6). */
  maxConnectionsPerOrigin: number;
  /** How long an idle HTTP/1.1 connection is kept (ms). */
  idleTimeoutMs: number;
  /** Idle HTTP/1.1 connections kept over all origins; past it the least recently used goes. */
  maxIdleConnections: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = {
  maxConnectionsPerOrigin: 6,
  // Above the keep-alive timeouts of common servers (nginx 75 s), below Chrome's 5 minutes for
  // used sockets: a server closes its side first at worst, which reuse detects.
  idleTimeoutMs: 90_000,
  maxIdleConnections: 128,
};

/** How long closing waits for a connection's stream to close (HTTP/2 flushes its GOAWAY within 1 s). */
const CLOSE_WAIT_MS = 1_500;

function closedOrTimedOut(stream: Duplex): Promise<void> {
  if (stream.closed || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, CLOSE_WAIT_MS);
    timer.unref();
    stream.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A connection handed to one request: exclusive for HTTP/1.1, shared for HTTP/2. */
export type Lease =
  | { kind: 'h1'; connection: H1Connection; reused: boolean; transport: Transport }
  | { kind: 'h2'; session: H2Session; reused: boolean; transport: Transport };

export interface OriginSpec {
  /** The origin key (src/http/connection-key.ts). */
  key: string;
  profile: Profile;
  /** Whether ALPN may pick h2 (https, HTTP/2 not refused): then the first connection is awaited before more are opened. */
  mayNegotiateH2: boolean;
  /** Opens a new transport to the origin. */
  open: (signal: AbortSignal) => Promise<Transport>;
}

type Grant = { kind: 'lease'; lease: Lease } | { kind: 'open' };

interface Waiter {
  settle(grant: Grant): void;
  fail(error: Error): void;
}

export interface ConnectionPoolOptions {
  /**
   * Makes the HTTP/2 session of a connection whose ALPN picked h2: our own session by default.
   * An option of the pool rather than a module global, so a test's scripted session reaches only
   * the pool it built.
   */
  createH2Session?: H2SessionFactory;
}

/** Every origin's connections, for one thread. */
export class ConnectionPool {
  private readonly origins = new Map<string, OriginPool>();
  /** Idle HTTP/1.1 connections in the order they went idle (a Map iterates in insertion order). */
  private readonly idle = new Map<H1Connection, NodeJS.Timeout>();
  private closed = false;

  readonly createH2Session: H2SessionFactory;

  constructor(
    readonly limits: PoolLimits = DEFAULT_POOL_LIMITS,
    options: ConnectionPoolOptions = {},
  ) {
    this.createH2Session = options.createH2Session ?? http2SessionFactory;
  }

  /** A connection for a request to `spec`'s origin: reused, new, or after waiting for a free slot. */
  acquire(spec: OriginSpec, signal: AbortSignal): Promise<Lease> {
    if (this.closed) return Promise.reject(new PoolError('the connection pool is closed'));
    let origin = this.origins.get(spec.key);
    if (!origin) {
      origin = new OriginPool(this, spec);
      this.origins.set(spec.key, origin);
    }
    return origin.acquire(spec, signal);
  }

  /**
   * Closes every connection (HTTP/2: GOAWAY; TLS: close_notify) and fails every queued request.
   * Resolves when the connections' streams have closed (or after `CLOSE_WAIT_MS`).
   */
  close(): Promise<void> {
    this.closed = true;
    const streams: Duplex[] = [];
    for (const origin of [...this.origins.values()]) streams.push(...origin.close());
    this.origins.clear();
    return Promise.all(streams.map(closedOrTimedOut)).then(() => {});
  }

  /** Connection counts per origin key, for tests and debugging. */
  stats(): Record<string, { h1: number; idle: number; connecting: number; h2: boolean; queued: number }> {
    const out: Record<string, { h1: number; idle: number; connecting: number; h2: boolean; queued: number }> = {};
    for (const [key, origin] of this.origins) out[key] = origin.stats();
    return out;
  }

  trackIdle(connection: H1Connection): void {
    this.untrackIdle(connection);
    const timer = setTimeout(() => connection.close(), this.limits.idleTimeoutMs);
    timer.unref();
    this.idle.set(connection, timer);
    connection.transport.socket?.unref();
    if (this.idle.size > this.limits.maxIdleConnections) this.idle.keys().next().value?.close();
  }

  untrackIdle(connection: H1Connection): void {
    const timer = this.idle.get(connection);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.idle.delete(connection);
    connection.transport.socket?.ref();
  }

  forget(origin: OriginPool): void {
    if (this.origins.get(origin.key) === origin) this.origins.delete(origin.key);
  }
}

/** One origin's connections and queue. */
class OriginPool {
  readonly key: string;
  private readonly h1 = new Set<H1Connection>();
  /** Idle connections, most recently idle last (reused first, as Chrome does). */
  private idle: H1Connection[] = [];
  private connecting = 0;
  private h2: { session: H2Session; transport: Transport; requests: number } | null = null;
  /** What the origin speaks, once a connection has told us. */
  private protocol: 'unknown' | 'h1' | 'h2';
  private waiters: Waiter[] = [];
  private profile: Profile;

  constructor(
    private readonly pool: ConnectionPool,
    spec: OriginSpec,
  ) {
    this.key = spec.key;
    this.profile = spec.profile;
    this.protocol = spec.mayNegotiateH2 ? 'unknown' : 'h1';
  }

  async acquire(spec: OriginSpec, signal: AbortSignal): Promise<Lease> {
    if (signal.aborted) throw signal.reason;
    const grant = this.grant() ?? (await this.enqueue(signal));
    if (grant.kind === 'lease') return grant.lease;
    return this.open(spec, signal);
  }

  /** Closes the origin's connections; returns their streams, to wait for them to close. */
  close(): Duplex[] {
    const error = new PoolError('the connection pool was closed');
    for (const waiter of this.waiters.splice(0)) waiter.fail(error);
    const streams: Duplex[] = [];
    for (const connection of [...this.h1]) {
      streams.push(connection.transport.stream);
      connection.close(error);
    }
    if (this.h2 !== null) {
      streams.push(this.h2.transport.stream);
      this.h2.session.close();
    }
    this.h2 = null;
    return streams;
  }

  stats(): { h1: number; idle: number; connecting: number; h2: boolean; queued: number } {
    return { h1: this.h1.size, idle: this.idle.length, connecting: this.connecting, h2: this.h2 !== null, queued: this.waiters.length };
  }

  /** What this request can have right now, taking it (a slot to open in is reserved), or null. */
  private grant(): Grant | null {
    const h2 = this.h2;
    if (h2 && !h2.session.closed) {
      return { kind: 'lease', lease: { kind: 'h2', session: h2.session, transport: h2.transport, reused: h2.requests++ > 0 } };
    }
    // A closed session drains on its own; the next request needs a new connection.
    if (h2) this.h2 = null;
    while (this.idle.length) {
      const connection = this.idle.pop()!;
      this.pool.untrackIdle(connection);
      if (connection.available) return { kind: 'lease', lease: { kind: 'h1', connection, transport: connection.transport, reused: true } };
      connection.close();
    }
    if (this.canOpen()) {
      this.connecting++;
      return { kind: 'open' };
    }
    return null;
  }

  private canOpen(): boolean {
    if (this.protocol === 'h1') return this.h1.size + this.connecting < this.pool.limits.maxConnectionsPerOrigin;
    // Until a connection has said whether the origin speaks h2, open one at a time: if it does,
    // every request shares that connection, as a browser's would.
    return this.connecting === 0;
  }

  private enqueue(signal: AbortSignal): Promise<Grant> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal.reason);
      };
      const waiter: Waiter = {
        settle: (grant) => {
          signal.removeEventListener('abort', onAbort);
          resolve(grant);
        },
        fail: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Hands what has become free to the queued requests, in order. */
  private pump(): void {
    while (this.waiters.length) {
      const grant = this.grant();
      if (!grant) break;
      this.waiters.shift()!.settle(grant);
    }
    if (this.h1.size === 0 && this.connecting === 0 && this.waiters.length === 0 && (!this.h2 || this.h2.session.closed)) this.pool.forget(this);
  }

  private async open(spec: OriginSpec, signal: AbortSignal): Promise<Lease> {
    let transport: Transport;
    try {
      transport = await spec.open(signal);
    } catch (error) {
      this.connecting--;
      this.pump();
      throw error;
    }
    this.connecting--;
    if (transport.alpn === 'h2') return this.adoptH2(transport);
    this.protocol = 'h1';
    const connection = new H1Connection(transport, {
      onIdle: (c) => this.onIdle(c),
      onClose: (c) => this.onClose(c),
    });
    this.h1.add(connection);
    // Now known to be HTTP/1.1: queued requests may open connections of their own.
    this.pump();
    return { kind: 'h1', connection, transport, reused: false };
  }

  private adoptH2(transport: Transport): Lease {
    this.protocol = 'h2';
    let session: H2Session;
    try {
      session = this.pool.createH2Session({ transport, profile: this.profile, onStateChange: () => this.onH2StateChange() });
    } catch (error) {
      transport.stream.destroy();
      this.pump();
      throw error;
    }
    const entry = { session, transport, requests: 1 };
    this.h2 = entry;
    this.pump();
    return { kind: 'h2', session, transport, reused: false };
  }

  private onH2StateChange(): void {
    if (this.h2?.session.closed) this.h2 = null;
    this.pump();
  }

  private onIdle(connection: H1Connection): void {
    this.idle.push(connection);
    this.pool.trackIdle(connection);
    this.pump();
  }

  private onClose(connection: H1Connection): void {
    this.h1.delete(connection);
    this.idle = this.idle.filter((c) => c !== connection);
    this.pool.untrackIdle(connection);
    this.pump();
  }
}

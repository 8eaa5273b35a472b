import { isIP, type LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import { AbortError, ConnectError, TimeoutError } from '../errors.js';
import { systemClock, type Clock } from './clock.js';
import type { CryptoProvider, RandomSource } from './crypto/provider.js';
import { defaultProvider } from './crypto/index.js';
import { TLSConnection } from './connection.js';
import { runHandshake, type HelloOverrides } from './handshake.js';
import type { SessionTicket13 } from './handshake-types.js';
import { defaultHelloSpec } from './hello/default.js';
import type { GreaseValues } from './hello/grease.js';
import type { ClientHelloSpec } from '../vocabulary/hello-spec.js';
import { keyLogger, type KeyLogTarget } from './keylog.js';
import { systemRandom } from './random.js';
import { openTcp } from './tcp.js';
import { RecordLayer } from './record/record-layer.js';
import { session12Slot, type Session12Cache } from './session12.js';
import { ticket13Slot, type TicketStore13 } from './session13.js';
import { defaultTrustStore, TrustStore } from './x509/trust-store.js';

export interface ConnectOptions {
  host: string;
  port?: number;
  /** SNI and the name the certificate must match; defaults to `host`. `false` sends no SNI. */
  servername?: string | false;
  /** ALPN protocols to offer, replacing the hello's list (e.g. `['http/1.1']`). */
  alpn?: readonly string[];
  /** Extra trusted roots (PEM text or DER), added to the default Mozilla roots. */
  ca?: string | Uint8Array | (string | Uint8Array)[];
  /** Trust only `ca`, not the default roots. */
  caOnly?: boolean;
  /** Verify the server's certificate chain and name (default true). */
  verify?: boolean;
  signal?: AbortSignal;
  /** Deadline for TCP connect plus handshake, in milliseconds. */
  timeout?: number;
  /** The ClientHello to send (a browser profile's); the engine's default otherwise. */
  hello?: ClientHelloSpec;
  /** Pin per-connection choices (replay a capture): GREASE values and extension order. */
  grease?: GreaseValues;
  extensionOrder?: number[];
  random?: RandomSource;
  clock?: Clock;
  provider?: CryptoProvider;
  /** NSS key log destination; `SSLKEYLOGFILE` applies when unset. */
  keylog?: KeyLogTarget;
  /** An already-open transport (a proxy tunnel, or a TCP connection); otherwise one is made (tcp.ts). */
  socket?: Duplex;
  /**
   * `socket` is this connection's alone (a TCP connection opened for it, not a tunnel its caller
   * keeps): a failed connect closes it as it closes one it opened itself, the alert out first.
   */
  ownSocket?: boolean;
  localAddress?: string;
  family?: 4 | 6;
  lookup?: LookupFunction;
  /** Called with each TLS 1.3 ticket the server sends (with its PSK), besides `sessionCache`. */
  onTicket?: (ticket: SessionTicket13) => void;
  /**
   * TLS 1.3 tickets: a connection takes its server's newest usable ticket to resume with (PSK,
   * `resumed: true`) and puts the server's new tickets back. Tickets are single-use, as in Chrome.
   */
  sessionCache?: TicketStore13;
  /**
   * The key of this server's sessions in `sessionCache` and `session12Cache`: `host:port servername`
   * by default. Add
   * the profile id (the pool does) so one browser profile never offers another's ticket.
   */
  sessionKey?: string;
  /**
   * TLS 1.2 sessions (tickets and session ids), keyed by host, port and the name checked: a
   * later connect to the same server offers the session and resumes (`resumed: true`).
   */
  session12Cache?: Session12Cache;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Opens a TLS connection: TCP (or the given transport), then the handshake from the hello spec.
 * Resolves once the handshake completes; rejects with a typed error (ConnectError, TLSError,
 * CertificateError, TimeoutError, AbortError).
 */
export async function connect(options: ConnectOptions): Promise<TLSConnection> {
  const host = stripBrackets(options.host);
  const port = options.port ?? 443;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const provider = options.provider ?? defaultProvider;
  const servername = options.servername === false ? undefined : (options.servername ?? host);
  // Chrome sends a fully qualified "example.com." as "example.com" (a trailing dot is not part of a
  // HostName, RFC 6066 §3); certificate matching ignores it too (x509/hostname.ts).
  const sni = servername && !isIP(servername) ? servername.replace(/\.$/, '') || undefined : undefined;

  let socket: Duplex | undefined = options.socket;
  const owned = !options.socket || options.ownSocket === true;
  let layer: RecordLayer | undefined;
  let abortReason: Error | undefined;
  let cancel: (error: Error) => void = () => {};
  const cancelled = new Promise<never>((_, reject) => (cancel = reject));
  cancelled.catch(() => {});
  const fail = (error: Error): void => {
    abortReason ??= error;
    cancel(error);
    layer?.reader.fail(error);
    if (owned) socket?.destroy();
  };
  const timer =
    options.timeout !== undefined && options.timeout > 0
      ? setTimeout(() => fail(new TimeoutError(`TLS connection to ${host}:${port} timed out after ${options.timeout} ms`, 'handshake', options.timeout)), options.timeout)
      : undefined;
  const onAbort = (): void => fail(new AbortError(`connection to ${host}:${port} aborted`));
  if (options.signal?.aborted) {
    if (owned) socket?.destroy();
    throw new AbortError(`connection to ${host}:${port} aborted`);
  }
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    if (!socket) {
      const tcp = openTcp({ host, port, localAddress: options.localAddress ?? null, family: options.family ?? 0, ...(options.lookup ? { lookup: options.lookup } : {}) });
      try {
        socket = await Promise.race([tcp, cancelled]);
      } catch (error) {
        void tcp.then((s) => s.destroy(), () => {});
        throw error;
      }
    }
    if (abortReason) throw abortReason;
    layer = new RecordLayer(socket);
    let roots: TrustStore | null = null;
    const trustStore = (): TrustStore => (roots ??= buildTrustStore(options));
    // Parsed in the turn after the hello is written (runHandshake writes it before its first
    // await), so a first connection builds its roots while the server works and the bytes travel.
    if (options.verify ?? true) setImmediate(trustStore);
    const overrides: HelloOverrides = {
      ...(options.grease ? { grease: options.grease } : {}),
      ...(options.extensionOrder ? { extensionOrder: options.extensionOrder } : {}),
      ...(sni ? { serverName: sni } : {}),
      ...(options.alpn ? { alpn: [...options.alpn] } : {}),
    };
    const result = await runHandshake(
      layer,
      {
        provider,
        random,
        clock,
        host: servername ?? host,
        verify: options.verify ?? true,
        trustStore,
        spec: options.hello ?? defaultHelloSpec,
        keyLog: keyLogger(options.keylog),
        ...(options.onTicket ? { onTicket: options.onTicket } : {}),
        ...(options.session12Cache ? { session12: session12Slot(options.session12Cache, options.sessionKey ?? `${host}:${port} ${servername ?? host}`) } : {}),
        ...(options.sessionCache ? { tickets13: ticket13Slot(options.sessionCache, options.sessionKey ?? `${host}:${port} ${servername ?? host}`) } : {}),
      },
      overrides,
    );
    if (abortReason) throw abortReason;
    return new TLSConnection(socket, layer, result);
  } catch (error) {
    const reason = abortReason ?? error;
    layer?.sendAlertFor(reason);
    // Let the alert leave before the socket goes: end() flushes, the timer bounds a stuck peer.
    if (owned && socket && !socket.destroyed) {
      const s = socket;
      s.end();
      setTimeout(() => s.destroy(), 1000).unref();
    }
    throw reason;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Trust stores by their roots: parsing the same `ca` on every connection costs more than the handshake. */
const trustStores = new Map<string, TrustStore>();
const MAX_CACHED_TRUST_STORES = 32;

function buildTrustStore(options: ConnectOptions): TrustStore {
  const extra = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
  if (!options.caOnly && extra.length === 0) return defaultTrustStore();
  const key = `${options.caOnly ? 'only' : 'plus'}\n${extra.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('base64'))).join('\n')}`;
  let store = trustStores.get(key);
  if (!store) {
    store = options.caOnly ? TrustStore.from(extra) : defaultTrustStore().withExtraRoots(extra);
    if (trustStores.size >= MAX_CACHED_TRUST_STORES) trustStores.delete(trustStores.keys().next().value!);
    trustStores.set(key, store);
  }
  return store;
}

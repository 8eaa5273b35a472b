import type { HandshakeConfig } from './handshake-types.js';
import type { ClientHelloSpec } from '../vocabulary/hello-spec.js';
import { GREASE } from '../vocabulary/hello-spec.js';

/** A TLS 1.2 session as kept for resumption (RFC 5246 §7.3 session ids, RFC 5077 tickets). */
export interface Session12 {
  cipherSuite: number;
  masterSecret: Uint8Array;
  /** Whether the master secret is an extended one (RFC 7627): the resumed hello must agree. */
  extendedMasterSecret: boolean;
  /**
   * The session id to offer: the server's own id, or for a ticket SHA-256 of the ticket (as
   * BoringSSL and OpenSSL clients do), which the server echoes when it accepts the ticket.
   */
  sessionId: Uint8Array;
  ticket?: Uint8Array;
  /** Clock milliseconds: when it was made or last refreshed, and until when it may be offered. */
  createdAt: number;
  expiresAt: number;
  /** What the full handshake established, reported again by a resumed connection. */
  peerCertificates: Uint8Array[];
  /** Whether the chain was verified: a session made with verify off is never offered to a verifying connection. */
  verified: boolean;
  /** The name the certificates were checked against. */
  host: string;
  group?: number;
  signatureScheme?: number;
}

/** One connection's view of the cache: the session for its server (host, port and name). */
export interface Session12Slot {
  get(): Session12 | undefined;
  /** Stores a session, or forgets it (null) after a failure or a non-resumable handshake. */
  set(session: Session12 | null): void;
}

/** A cache of TLS 1.2 sessions keyed by server, shared by connections (connect's `session12Cache`). */
export interface Session12Cache {
  get(key: string): Session12 | undefined;
  set(key: string, session: Session12 | null): void;
}

/** An in-memory cache holding the most recent `capacity` sessions (one per server key). */
export class MemorySession12Cache implements Session12Cache {
  private readonly entries = new Map<string, Session12>();

  constructor(private readonly capacity = 256) {}

  get(key: string): Session12 | undefined {
    return this.entries.get(key);
  }

  set(key: string, session: Session12 | null): void {
    this.entries.delete(key);
    if (!session) return;
    this.entries.set(key, session);
    // Maps iterate in insertion order: the first key is the least recently stored.
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Binds a cache to one server's key. */
export function session12Slot(cache: Session12Cache, key: string): Session12Slot {
  return { get: () => cache.get(key), set: (s) => cache.set(key, s) };
}

/** Sessions whose lifetime the server did not state are kept two hours (OpenSSL's default timeout). */
export const DEFAULT_SESSION12_LIFETIME_MS = 2 * 3600_000;
/** A ticket's lifetime hint is honoured up to a week (the TLS 1.3 ceiling, RFC 8446 §4.6.1). */
export const MAX_SESSION12_LIFETIME_MS = 7 * 86400_000;

/** What the ClientHello carries to resume a session. */
export interface Session12Offer {
  session: Session12;
  sessionId: Uint8Array;
  ticket?: Uint8Array;
}

function offersVersion12(spec: ClientHelloSpec): boolean {
  const sv = spec.extensions.find((e) => e.type === 'supported_versions');
  if (sv?.type === 'supported_versions') return sv.versions.includes(0x0303);
  return spec.legacyVersion === 0x0303;
}

/**
 * The cached session this connection should offer, if any: unexpired, for a suite and version
 * this hello offers, verified if this connection verifies, and carrying an extended master
 * secret when the hello offers EMS (RFC 7627 §5.3: a non-EMS session gets a full handshake).
 */
export function session12Offer(config: HandshakeConfig): Session12Offer | undefined {
  const session = config.session12?.get();
  if (!session) return undefined;
  const { spec } = config;
  const offersEms = spec.extensions.some((e) => e.type === 'extended_master_secret');
  const usable =
    config.clock.now() < session.expiresAt &&
    offersVersion12(spec) &&
    spec.cipherSuites.some((c) => c !== GREASE && c === session.cipherSuite) &&
    (session.verified || !config.verify) &&
    session.host === config.host &&
    (session.extendedMasterSecret || !offersEms);
  if (!usable) return undefined;
  const ticketExtension = spec.extensions.some((e) => e.type === 'session_ticket');
  if (session.ticket && ticketExtension) return { session, sessionId: session.sessionId, ticket: session.ticket };
  // A ticket-only session cannot be resumed without the extension; the id alone would not be known to the server.
  if (session.ticket || session.sessionId.length === 0) return undefined;
  return { session, sessionId: session.sessionId };
}

import { cipherSuite } from '../vocabulary/cipher-suites.js';
import { systemClock, type Clock } from './clock.js';
import type { HandshakeConfig, SessionTicket13 } from './handshake-types.js';
import { GREASE, type ClientHelloSpec, type ExtensionSpec } from '../vocabulary/hello-spec.js';

/**
 * TLS 1.3 tickets kept for resumption (RFC 8446 §4.6.1), keyed by the caller (host:port plus the
 * profile, so one browser never offers another's ticket). Tickets are single-use, as in Chrome
 * (BoringSSL marks TLS 1.3 sessions single-use; SSLClientSessionCache::Lookup pops them): `get`
 * hands the newest ticket out and forgets it, and a resumed connection's new tickets replace it.
 */
export interface TicketStore13 {
  get(key: string): SessionTicket13 | undefined;
  put(key: string, ticket: SessionTicket13): void;
}

/** One connection's view of the store: its server's tickets. */
export interface Ticket13Slot {
  take(): SessionTicket13 | undefined;
  put(ticket: SessionTicket13): void;
}

/** The RFC 8446 §4.6.1 ceiling on a ticket's lifetime, in seconds. */
export const MAX_TICKET_LIFETIME_S = 7 * 86400;

/** When a ticket stops being usable (clock ms): the server's lifetime, capped by `capSeconds`. */
export function ticketExpiry(ticket: SessionTicket13, capSeconds = MAX_TICKET_LIFETIME_S): number {
  return ticket.receivedAt + Math.min(ticket.lifetime, capSeconds, MAX_TICKET_LIFETIME_S) * 1000;
}

export interface MemoryTicketStore13Options {
  /** Where expiry reads the time; the system clock by default. */
  clock?: Clock;
  /** Servers (keys) kept, least recently stored dropped first. */
  capacity?: number;
  /** Tickets kept per server: Chrome keeps the two newest (SSLClientSessionCache::Entry). */
  perKey?: number;
}

/** An in-memory ticket store: newest first per key, expired tickets dropped when read. */
export class MemoryTicketStore13 implements TicketStore13 {
  private readonly entries = new Map<string, SessionTicket13[]>();
  private readonly clock: Clock;
  private readonly capacity: number;
  private readonly perKey: number;

  constructor(options: MemoryTicketStore13Options = {}) {
    this.clock = options.clock ?? systemClock;
    this.capacity = options.capacity ?? 256;
    this.perKey = options.perKey ?? 2;
  }

  get(key: string): SessionTicket13 | undefined {
    const now = this.clock.now();
    const live = (this.entries.get(key) ?? []).filter((t) => now < ticketExpiry(t));
    const ticket = live.shift();
    if (live.length) this.entries.set(key, live);
    else this.entries.delete(key);
    return ticket;
  }

  put(key: string, ticket: SessionTicket13): void {
    // A lifetime of zero means "do not use this ticket" (RFC 8446 §4.6.1).
    if (ticket.lifetime === 0) return;
    const list = [ticket, ...(this.entries.get(key) ?? [])].slice(0, this.perKey);
    this.entries.delete(key);
    this.entries.set(key, list);
    // Maps iterate in insertion order: the first key is the least recently stored.
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** How many tickets are kept for `key` (for tests and diagnostics). */
  count(key: string): number {
    return this.entries.get(key)?.length ?? 0;
  }
}

/** Binds a store to one server's key. */
export function ticket13Slot(store: TicketStore13, key: string): Ticket13Slot {
  return { take: () => store.get(key), put: (t) => store.put(key, t) };
}

type PskSpec = Extract<ExtensionSpec, { type: 'pre_shared_key' }>;

/** The hello's pre_shared_key extension, if it can carry a resumption PSK (TLS 1.3 with psk_dhe_ke). */
export function pskExtension(spec: ClientHelloSpec): PskSpec | undefined {
  const psk = spec.extensions.find((e): e is PskSpec => e.type === 'pre_shared_key');
  const modes = spec.extensions.find((e) => e.type === 'psk_key_exchange_modes');
  const versions = spec.extensions.find((e) => e.type === 'supported_versions');
  const dheKe = modes?.type === 'psk_key_exchange_modes' && modes.modes.includes(1);
  const tls13 = versions?.type === 'supported_versions' && versions.versions.includes(0x0304);
  return psk && dheKe && tls13 ? psk : undefined;
}

/**
 * Whether this connection may offer `ticket`: the hello can carry it, a TLS 1.3 suite we offer
 * shares its hash (RFC 8446 §4.2.11), it is neither expired nor from the future by our clock, it
 * was made for this server name, and verified if this connection verifies.
 */
export function ticketUsable(ticket: SessionTicket13, config: HandshakeConfig): boolean {
  const ext = pskExtension(config.spec);
  const hash = cipherSuite(ticket.cipherSuite)?.hash;
  if (!ext || !hash) return false;
  const now = config.clock.now();
  const suiteFits = config.spec.cipherSuites.some((c) => {
    const info = c === GREASE ? undefined : cipherSuite(c);
    return info?.version === 'tls13' && info.hash === hash;
  });
  return (
    suiteFits &&
    now >= ticket.receivedAt &&
    now < ticketExpiry(ticket, ext.maxTicketLifetime) &&
    ticket.host === config.host &&
    (ticket.verified || !config.verify)
  );
}

/** Takes this server's ticket from the store, if it can be offered (it is gone from the store either way: single-use). */
export function takeTicket13(config: HandshakeConfig): SessionTicket13 | undefined {
  if (!pskExtension(config.spec)) return undefined;
  const ticket = config.tickets13?.take();
  return ticket && ticketUsable(ticket, config) ? ticket : undefined;
}

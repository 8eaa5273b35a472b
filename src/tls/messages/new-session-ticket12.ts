import { ByteReader } from '../wire/reader.js';

export interface NewSessionTicket12 {
  /** Seconds the ticket may be kept; 0 means unspecified (RFC 5077 §3.3). */
  lifetimeHint: number;
  /** Opaque to the client; empty when the server decided not to issue one after all. */
  ticket: Uint8Array;
}

/** TLS 1.2 NewSessionTicket (RFC 5077 §3.3). */
export function parseNewSessionTicket12(body: Uint8Array): NewSessionTicket12 {
  const r = new ByteReader(body, 'NewSessionTicket');
  const lifetimeHint = r.u32('ticket_lifetime_hint');
  const ticket = r.vec(2, 'ticket');
  r.end();
  return { lifetimeHint, ticket: ticket.slice() };
}

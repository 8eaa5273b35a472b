// The in-memory TLS 1.3 ticket store: Chrome's policy (the two newest tickets per server, each
// handed out once), expiry by the store's clock, a bounded number of servers.
import { describe, expect, it } from 'vitest';
import type { SessionTicket13 } from '../../src/tls/handshake-types.js';
import { MemoryTicketStore13, ticketExpiry } from '../../src/tls/session13.js';

function ticket(id: number, receivedAt = 0, lifetime = 7200): SessionTicket13 {
  return {
    lifetime,
    ageAdd: 0,
    nonce: new Uint8Array(0),
    ticket: Uint8Array.of(id),
    psk: new Uint8Array(32),
    cipherSuite: 0x1301,
    receivedAt,
    alpn: null,
    peerCertificates: [],
    verified: true,
    host: 'example.com',
  };
}

const id = (t: SessionTicket13 | undefined) => t?.ticket[0];

describe('MemoryTicketStore13', () => {
  it('keeps the two newest tickets per key and hands each out once, newest first', () => {
    const store = new MemoryTicketStore13({ clock: { now: () => 0 } });
    for (const n of [1, 2, 3]) store.put('a', ticket(n));
    expect(store.count('a')).toBe(2);
    expect(id(store.get('a'))).toBe(3);
    expect(id(store.get('a'))).toBe(2);
    expect(store.get('a')).toBeUndefined();
  });

  it('drops expired tickets when read, by its own clock', () => {
    let now = 0;
    const store = new MemoryTicketStore13({ clock: { now: () => now } });
    store.put('a', ticket(1, 0, 10));
    store.put('a', ticket(2, 0, 100));
    now = 50_000;
    expect(id(store.get('a'))).toBe(2);
    store.put('a', ticket(3, 0, 10));
    expect(store.get('a')).toBeUndefined();
  });

  it('ignores a ticket with a zero lifetime (RFC 8446 §4.6.1: do not use)', () => {
    const store = new MemoryTicketStore13();
    store.put('a', ticket(1, Date.now(), 0));
    expect(store.count('a')).toBe(0);
  });

  it('forgets the least recently stored server beyond its capacity', () => {
    const store = new MemoryTicketStore13({ clock: { now: () => 0 }, capacity: 2 });
    store.put('a', ticket(1));
    store.put('b', ticket(2));
    store.put('a', ticket(3));
    store.put('c', ticket(4));
    expect(store.count('b')).toBe(0);
    expect(store.count('a')).toBe(2);
    expect(store.count('c')).toBe(1);
  });

  it('expires at the smallest of the server lifetime, the profile cap and the RFC week', () => {
    expect(ticketExpiry(ticket(1, 1000, 7200))).toBe(1000 + 7200_000);
    expect(ticketExpiry(ticket(1, 0, 30 * 86400))).toBe(7 * 86400_000);
    expect(ticketExpiry(ticket(1, 0, 7 * 86400), 2 * 86400)).toBe(2 * 86400_000);
  });
});

import { fatal } from './alerts.js';
import { cipherSuite } from '../vocabulary/cipher-suites.js';
import { ExtensionType } from '../vocabulary/extension-types.js';
import type { CryptoProvider, HashName } from './crypto/provider.js';
import { HASH_LENGTH } from './crypto/provider.js';
import type { SessionTicket13 } from './handshake-types.js';
import type { BuiltHello } from './hello/build.js';
import type { PskOffer } from './hello/context.js';
import type { ExtensionSpec } from '../vocabulary/hello-spec.js';
import { KeySchedule13 } from './key-schedule.js';
import type { ServerHello } from './messages/server-hello.js';
import { ByteReader } from './wire/reader.js';
import { concatBytes } from './wire/writer.js';

type PskSpec = Extract<ExtensionSpec, { type: 'pre_shared_key' }>;

/** The hash a ticket's PSK is bound to: its cipher suite's (RFC 8446 §4.2.11). */
export function ticketHash(ticket: SessionTicket13): HashName {
  const suite = cipherSuite(ticket.cipherSuite);
  if (!suite || suite.version !== 'tls13') throw new Error(`ticket for cipher suite 0x${ticket.cipherSuite.toString(16)} is not a TLS 1.3 one`);
  return suite.hash;
}

/**
 * The identity to send for `ticket` at `now`: obfuscated_ticket_age = age + ticket_age_add mod
 * 2^32 (RFC 8446 §4.2.11.1). The age is measured as the browser measures it: BoringSSL subtracts
 * whole seconds (1000 * (now.tv_sec - session->time)), NSS milliseconds; a server that knows
 * ticket_age_add sees which.
 */
export function pskOffer(ticket: SessionTicket13, ext: PskSpec, now: number): PskOffer {
  const ageMs = ext.ticketAge === 'seconds' ? 1000 * (Math.floor(now / 1000) - Math.floor(ticket.receivedAt / 1000)) : now - ticket.receivedAt;
  return {
    identity: ticket.ticket,
    obfuscatedTicketAge: (ageMs + ticket.ageAdd) >>> 0,
    binderLength: HASH_LENGTH[ticketHash(ticket)],
    ...((ticket.maxEarlyData ?? 0) > 0 ? { earlyData: true } : {}),
  };
}

/**
 * The PSK binder (RFC 8446 §4.2.11.2): a Finished computed with the resumption binder key over
 * the transcript so far (`before`: empty for the first ClientHello; message_hash and the
 * HelloRetryRequest for the second) and this ClientHello truncated before its binders list.
 */
export function pskBinder(provider: CryptoProvider, ticket: SessionTicket13, before: readonly Uint8Array[], truncatedHello: Uint8Array): Uint8Array {
  const hash = ticketHash(ticket);
  const schedule = new KeySchedule13(provider, hash, ticket.psk);
  const transcriptHash = provider.hash(hash, concatBytes(...before, truncatedHello));
  return schedule.finishedVerifyData(schedule.resumptionBinderKey(), transcriptHash);
}

/**
 * Writes the binder into a hello built with a zero placeholder: the binder covers every byte before
 * the binders list, lengths included, so it can only be computed once the hello is complete.
 */
export function bindHello(provider: CryptoProvider, hello: BuiltHello, ticket: SessionTicket13, before: readonly Uint8Array[]): void {
  const at = hello.bindersOffset;
  if (at === undefined) throw new Error('the ClientHello carries no PSK binders to fill');
  const binder = pskBinder(provider, ticket, before, hello.message.subarray(0, at));
  // binders: u16 list length, then one u8-prefixed binder.
  hello.message.set(binder, at + 3);
  hello.writer.overwrite(at + 3, binder);
}

/**
 * The ticket the server resumed, if it did: its pre_shared_key must pick our only identity, and
 * the suite it chose must share the ticket's hash (RFC 8446 §4.2.11). No pre_shared_key means a
 * full handshake.
 */
export function acceptedTicket(serverHello: ServerHello, offered: SessionTicket13 | undefined, suiteHash: HashName): SessionTicket13 | undefined {
  const data = serverHello.extensions.get(ExtensionType.pre_shared_key);
  if (!data) return undefined;
  if (!offered) throw fatal('unsupported_extension', 'ServerHello carries pre_shared_key but we offered no PSK');
  const r = new ByteReader(data, 'ServerHello pre_shared_key');
  const selected = r.u16('selected_identity');
  r.end();
  if (selected !== 0) throw fatal('illegal_parameter', `server selected PSK identity ${selected}; we offered one`);
  if (ticketHash(offered) !== suiteHash) throw fatal('illegal_parameter', 'server resumed with a cipher suite whose hash differs from the ticket');
  return offered;
}

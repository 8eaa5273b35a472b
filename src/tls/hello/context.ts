import type { KeyShare, RandomSource } from '../crypto/provider.js';
import type { GreaseValues } from './grease.js';

/** The ECH GREASE choices made once per connection (and kept across a HelloRetryRequest). */
export interface EchGreaseChoice {
  kdf: number;
  aead: number;
  configId: number;
  enc: Uint8Array;
  payload: Uint8Array;
}

/** A PSK offered for resumption: the binder is computed after the hello is built. */
export interface PskOffer {
  identity: Uint8Array;
  obfuscatedTicketAge: number;
  binderLength: number;
  /** The ticket allows early data, so a spec's early_data extension goes out (no early data follows it). */
  earlyData?: boolean;
}

/** Everything a ClientHello needs beyond its spec: the per-connection values. */
export interface HelloContext {
  random: Uint8Array;
  sessionId: Uint8Array;
  /** SNI; omitted for IP literals, as browsers do. */
  serverName?: string;
  /** Replaces the spec's ALPN list when set (e.g. forcing HTTP/1.1). */
  alpn?: string[];
  /** Our key shares by group, generated before the hello is built. */
  keyShares: Map<number, KeyShare>;
  grease: GreaseValues;
  randomSource: RandomSource;
  /** Indices into the spec's extension list, in wire order (permutation applied). */
  extensionOrder: number[];
  ech?: EchGreaseChoice;
  /** After a HelloRetryRequest: the server's cookie, echoed back. */
  cookie?: Uint8Array;
  /** After a HelloRetryRequest: the only group to send a share for. */
  retryGroup?: number;
  psk?: PskOffer;
  /** A TLS 1.2 session ticket to resume with (RFC 5077); the session_ticket extension is empty without one. */
  sessionTicket?: Uint8Array;
}

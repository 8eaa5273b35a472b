import type { Clock } from './clock.js';
import type { KeyLogFn } from './keylog.js';
import type { CryptoProvider, KeyShare, RandomSource } from './crypto/provider.js';
import type { BuiltHello } from './hello/build.js';
import type { HelloContext } from './hello/context.js';
import type { ClientHelloSpec } from '../vocabulary/hello-spec.js';
import type { RecordLayer } from './record/record-layer.js';
import type { Session12, Session12Slot } from './session12.js';
import type { Ticket13Slot } from './session13.js';
import type { ServerHello } from './messages/server-hello.js';
import type { Transcript } from './transcript.js';
import type { TrustStore } from './x509/trust-store.js';

/** What both handshakes need to know, fixed before the first byte is sent. */
export interface HandshakeConfig {
  provider: CryptoProvider;
  random: RandomSource;
  clock: Clock;
  /** The name certificates are checked against (DNS name or IP literal). */
  host: string;
  verify: boolean;
  /**
   * The roots, asked for when the server's certificates arrive: the default store is parsed (Node's
   * ~140 roots, tens of ms on a cold thread) while the first server answers, not before the hello.
   */
  trustStore: () => TrustStore;
  spec: ClientHelloSpec;
  /** Called once per NSS key log line; null when key logging is off. */
  keyLog: KeyLogFn | null;
  /** Receives each TLS 1.3 session ticket, with its PSK, for resumption. */
  onTicket?: (ticket: SessionTicket13) => void;
  /** This server's slot in a TLS 1.3 ticket store: a ticket is taken from it to resume, new ones go back. */
  tickets13?: Ticket13Slot;
  /** This server's slot in a TLS 1.2 session cache: offered for resumption, updated after each handshake. */
  session12?: Session12Slot;
}

/** A TLS 1.3 ticket as kept for resumption (RFC 8446 §4.6.1). */
export interface SessionTicket13 {
  lifetime: number;
  ageAdd: number;
  nonce: Uint8Array;
  ticket: Uint8Array;
  maxEarlyData?: number;
  psk: Uint8Array;
  cipherSuite: number;
  /** When it arrived, from the injectable clock (ms). */
  receivedAt: number;
  alpn: string | null;
  /** What the full handshake established, reported again by a connection that resumes with this ticket. */
  peerCertificates: Uint8Array[];
  signatureScheme?: number;
  /** Whether the chain was verified: a ticket from an unverified connection is never offered to a verifying one. */
  verified: boolean;
  /** The name the certificates were checked against (RFC 8446 §4.6.1: resume only for the same server name). */
  host: string;
}

/** The state after the ServerHello, handed from the version-neutral start to 1.2 or 1.3. */
export interface HandshakeStart {
  config: HandshakeConfig;
  layer: RecordLayer;
  transcript: Transcript;
  ctx: HelloContext;
  hello: BuiltHello;
  serverHello: ServerHello;
  /** Codepoints of the extensions we sent (a server may only answer these). */
  offeredExtensions: Set<number>;
  offeredAlpn: string[];
  offeredSchemes: number[];
  /** RFC 8879 algorithms we offered (empty when we did not offer compress_certificate). */
  offeredCertificateCompression: number[];
  keyShares: Map<number, KeyShare>;
  /** The TLS 1.2 session offered in the ClientHello (its id, and its ticket if it has one). */
  session12?: Session12;
  /** The TLS 1.3 ticket whose PSK the ClientHello offered (the second one's, after a HelloRetryRequest). */
  ticket13?: SessionTicket13;
}

/** What the finished handshake tells the connection (and the caller). */
export interface HandshakeResult {
  version: 'TLSv1.3' | 'TLSv1.2';
  cipherSuite: number;
  alpnProtocol: string | false;
  /** DER certificates as the server sent them, leaf first. */
  peerCertificates: Uint8Array[];
  /** The key-exchange group (TLS codepoint), when there was one. */
  group?: number;
  signatureScheme?: number;
  resumed: boolean;
  /** The RFC 8879 algorithm the server compressed its certificate with, or null. */
  certificateCompression?: number | null;
  /** Whether the server answered the first ClientHello with a HelloRetryRequest. */
  helloRetried: boolean;
  /** The server's ALPS settings (application_settings in its EncryptedExtensions), or null without ALPS. */
  alpsSettings?: Uint8Array | null;
  /** TLS 1.3 post-handshake messages (NewSessionTicket, KeyUpdate) are handled here. */
  onPostHandshake?: (type: number, body: Uint8Array, raw: Uint8Array) => void;
}

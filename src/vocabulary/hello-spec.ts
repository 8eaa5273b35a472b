/**
 * A ClientHello as plain data (utls's ClientHelloSpec vocabulary): cipher suites plus extensions in
 * wire order. Profiles are values of this type; `build.ts` turns one into bytes, with one encoder
 * per extension type in `encoders.ts`. Everything here must survive structuredClone.
 */

/** Marks a GREASE value (RFC 8701); the connection draws the actual value. */
export const GREASE = 'GREASE' as const;
export type Grease = typeof GREASE;

export type ExtensionSpec =
  /** A GREASE extension; BoringSSL sends the first empty and the second with one zero byte. */
  | { type: 'grease'; slot: 1 | 2; body?: 'empty' | 'zero-byte' }
  | { type: 'server_name' }
  | { type: 'extended_master_secret' }
  | { type: 'renegotiation_info' }
  | { type: 'supported_groups'; groups: (number | Grease)[] }
  | { type: 'ec_point_formats'; formats: number[] }
  | { type: 'session_ticket' }
  | { type: 'alpn'; protocols: string[] }
  | { type: 'status_request' }
  /** Chromium 156 puts a GREASE scheme first (its own GREASE slot). */
  | { type: 'signature_algorithms'; schemes: (number | Grease)[] }
  | { type: 'signature_algorithms_cert'; schemes: number[] }
  | { type: 'signed_certificate_timestamp' }
  /**
   * Groups to send key shares for, in order; GREASE sends a one-byte share (BoringSSL).
   * `reuseEcdhKey`: a hybrid share carries the same ECDH key as its classical group's share (NSS
   * tls13con.c tls13_CreateKeyShare; see hello/key-shares.ts). Absent: every share is its own key
   * (BoringSSL ssl_key_share.cc).
   */
  | { type: 'key_share'; groups: (number | Grease)[]; reuseEcdhKey?: boolean }
  | { type: 'psk_key_exchange_modes'; modes: number[] }
  | { type: 'supported_versions'; versions: (number | Grease)[] }
  | { type: 'compress_certificate'; algorithms: number[] }
  /**
   * ALPS: 0x4469 (old codepoint) or 0x44cd (new). Only protocols the hello also offers in ALPN are
   * sent, and none means no extension (Chromium configures ALPS per ALPN protocol).
   */
  | {
      type: 'application_settings';
      codepoint: number;
      protocols: string[];
      /**
       * What the client sends in its own EncryptedExtensions when the server answers ALPS for the
       * negotiated protocol: hex per protocol; a protocol without an entry sends empty settings.
       */
      settings?: Record<string, string>;
    }
  | { type: 'record_size_limit'; limit: number }
  | { type: 'delegated_credentials'; schemes: number[] }
  /** ECH GREASE (draft-ietf-tls-esni §6.2): a random outer ECH extension. */
  | {
      type: 'ech_grease';
      kdf: number;
      /** AEAD ids to pick from per connection (Chrome: AES-128-GCM; Firefox varies). */
      aeads: number[];
      /**
       * On-wire payload lengths (AEAD tag included) to pick from per connection. BoringSSL:
       * 32 * random(4..7) + 16, whatever the server name; NSS: one length computed from the hello.
       */
      payloadLengths: number[];
      encLength: number;
      /**
       * 'x25519': `enc` is a fresh X25519 public key, as BoringSSL makes it (its top bit is always
       * clear, which random bytes would betray half the time); 'random': random bytes (NSS takes
       * them from an HKDF output).
       */
      enc: 'x25519' | 'random';
    }
  /** BoringSSL's rule: pad a hello of 256..511 bytes up to 512. */
  | { type: 'padding'; rule: 'boringssl' }
  /**
   * Sent only when a TLS 1.3 ticket is offered for resumption, always last. The two knobs are the
   * browser's ticket policy: how the ticket age is measured before it is obfuscated (BoringSSL
   * counts whole seconds, NSS milliseconds) and how long a ticket is used at most (seconds; the
   * server's lifetime caps it too; default the RFC 8446 ceiling of 7 days).
   */
  | { type: 'pre_shared_key'; ticketAge?: 'milliseconds' | 'seconds'; maxTicketLifetime?: number }
  /**
   * Sent only with a PSK whose ticket allows early data (RFC 8446 §4.2.10), as a browser resuming a
   * 0-RTT ticket does. The engine sends no early data: if the server accepts, EndOfEarlyData follows.
   */
  | { type: 'early_data' }
  | { type: 'cookie' }
  /** Any extension as fixed bytes (hex), for codepoints we only echo. */
  | { type: 'raw'; id: number; data: string };

export type ExtensionKind = ExtensionSpec['type'];

export interface ClientHelloSpec {
  /** Version on the record carrying the first ClientHello (0x0301 for browsers). */
  recordVersion: number;
  /** ClientHello.legacy_version (0x0303 for TLS 1.3 clients). */
  legacyVersion: number;
  cipherSuites: (number | Grease)[];
  compressionMethods: number[];
  /** 32 for TLS 1.3 middlebox compatibility; 0 for clients that send none. */
  sessionIdLength: 0 | 32;
  extensions: ExtensionSpec[];
  /**
   * Chrome (BoringSSL) shuffles its extensions per connection; GREASE, padding and
   * pre_shared_key keep their positions.
   */
  permuteExtensions: boolean;
}

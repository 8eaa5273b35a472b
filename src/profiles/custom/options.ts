/**
 * The options every custom-profile builder takes. A JA3 string or a captured ClientHello says
 * how the hello looks; everything else a profile needs (signature algorithms for a JA3, HTTP/2,
 * headers) comes from a base profile, so the result is a whole browser, not half of one.
 */
import type { Profile } from '../types.js';

export interface CustomProfileOptions {
  /** The profile that supplies what the input does not say: a name ('firefox_153') or a value. Default 'chrome'. */
  base?: Profile | string;
  /** An Akamai HTTP/2 fingerprint, "SETTINGS|WINDOW_UPDATE|PRIORITY|pseudo-header order", replacing the base's opening. */
  akamai?: string;
  /** Header names in send order (any case), replacing the base's order. */
  headerOrder?: readonly string[];
  /**
   * Also offer cipher suites and extensions the engine cannot complete, for fidelity: a server
   * that picks one fails the handshake with a TLSError naming it. Default false, which refuses
   * such input up front, because a profile should only offer what it can finish.
   */
  allowUnimplemented?: boolean;
  /** The profile's identifier; by default one derived from the input's fingerprint. */
  id?: string;
}

export interface Ja3ProfileOptions extends CustomProfileOptions {
  /** ALPN protocols when the JA3 lists ALPN (16). Default ['h2', 'http/1.1']. */
  alpn?: readonly string[];
  /**
   * Add GREASE (RFC 8701) as BoringSSL places it. Default false: a JA3 has GREASE removed by
   * definition, so whether the client sent any is unknowable, and GREASE on a client that never
   * sends it (Firefox, curl) is itself a tell. GREASE values written in the JA3 text (some tools
   * keep them) stay where they stand, and then the default is true: that client GREASEs, so
   * supported_versions and key_share get theirs too.
   */
  grease?: boolean;
}

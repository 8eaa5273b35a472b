/**
 * Extensions the builders cannot offer as a browser would, by code point, with the reason a
 * refusal gives (their names are the registry's, src/vocabulary/extension-types.ts). Two kinds:
 * those whose client data is empty but whose acceptance by a server the engine cannot follow
 * through (offered only with `allowUnimplemented`), and those whose data cannot be chosen for the
 * caller or that only make sense elsewhere (DTLS, QUIC).
 */

import { extensionIanaName } from '../../vocabulary/extension-types.js';

/**
 * Empty on the client's side, so a JA3 can name them and a clone carries their exact bytes; a
 * server that accepts one gets a precise alert from the engine (it is not in the ServerHello
 * extensions the engine takes), never a silently broken connection.
 */
export const FIDELITY_ONLY: ReadonlyMap<number, string> = new Map([
  [22, 'a TLS 1.2 server that accepts it for a CBC suite expects encrypt-then-MAC records, which the engine does not write'],
  [49, 'the engine does not answer a post-handshake CertificateRequest'],
  [13172, 'the engine does not send NextProtocol'],
  [30031, 'the engine does not send a Channel ID'],
  [30032, 'the engine does not send a Channel ID'],
]);

/** Never built from a JA3: no sensible client data exists, or the feature is not TLS-over-TCP's. */
export const UNSYNTHESIZABLE: ReadonlyMap<number, string> = new Map([
  [1, 'it needs a fragment length, and the engine does not fragment records to one'],
  [2, 'the engine sends no client certificate'],
  [3, 'it needs the list of CA keys the client holds'],
  [4, 'the engine does not truncate MACs'],
  [6, 'it needs user mapping data'],
  [7, 'it needs authorization data'],
  [8, 'it needs authorization data'],
  [9, 'OpenPGP certificates are not supported'],
  [12, 'it needs an SRP user name'],
  [14, 'it belongs to DTLS-SRTP'],
  [15, 'the engine does not do heartbeats'],
  [19, 'raw public keys are not supported'],
  [20, 'raw public keys are not supported'],
  [24, 'it needs token binding parameters, and the engine binds no tokens'],
  [25, 'it needs cached server data'],
  [26, 'TLS-LTS is not supported'],
  [29, 'password authentication is not supported'],
  [30, 'password authentication is not supported'],
  [31, 'password authentication is not supported'],
  [32, 'it needs a pinning ticket'],
  [33, 'external PSKs are not supported'],
  [47, 'it needs the list of CA names the client trusts'],
  [48, 'only a server sends it'],
  [53, 'it belongs to DTLS'],
  [54, 'it belongs to DTLS'],
  [55, 'it belongs to DTLS-SRTP'],
  [56, 'it belongs to DTLS-SRTP'],
  [57, 'it belongs to QUIC'],
  [58, 'it needs ticket counts'],
  [59, 'it needs a DNSSEC chain port'],
]);

/** "16 (application_layer_protocol_negotiation)": the id a JA3 lists, with its name where known. */
export function extensionLabel(id: number): string {
  const name = extensionIanaName(id);
  return name ? `${id} (${name})` : String(id);
}

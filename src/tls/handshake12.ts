import { fatal } from './alerts.js';
import type { HandshakeResult, HandshakeStart } from './handshake-types.js';

/** The TLS 1.2 client handshake (RFC 5246). */
export async function handshake12(start: HandshakeStart): Promise<HandshakeResult> {
  void start;
  throw fatal('protocol_version', 'TLS 1.2 is not implemented yet');
}

import { fatal } from './alerts.js';
import type { CipherSuiteInfo } from '../vocabulary/cipher-suites.js';
import { ContentType, HandshakeType } from './constants.js';
import type { HandshakeConfig, SessionTicket13 } from './handshake-types.js';
import type { KeySchedule13 } from './key-schedule.js';
import { parseNewSessionTicket13 } from './messages/new-session-ticket.js';
import { Tls13Protection } from './record/protection13.js';
import { handshakeMessage, type RecordLayer } from './record/record-layer.js';
import { ByteReader } from './wire/reader.js';

/** What a ticket remembers of the connection that received it, beside the ticket itself. */
export type TicketContext = Pick<SessionTicket13, 'cipherSuite' | 'alpn' | 'peerCertificates' | 'signatureScheme' | 'verified' | 'host'>;

export interface PostHandshake13State {
  config: HandshakeConfig;
  layer: RecordLayer;
  schedule: KeySchedule13;
  suite: Extract<CipherSuiteInfo, { version: 'tls13' }>;
  keyLength: number;
  /** The peer's record_size_limit, as a plaintext cap for our records. */
  maxPlaintext: number;
  clientSecret: Uint8Array;
  serverSecret: Uint8Array;
  resumptionMaster: Uint8Array;
  ticketContext: TicketContext;
}

/**
 * The handler for TLS 1.3 post-handshake messages (RFC 8446 §4.6): each NewSessionTicket becomes a
 * resumable ticket (its PSK derived now, while the resumption secret is at hand), and a KeyUpdate
 * moves the read keys forward, answering with our own when the server asks.
 */
export function postHandshake13(state: PostHandshake13State): (type: number, body: Uint8Array) => void {
  const { config, layer, schedule, suite, keyLength, maxPlaintext } = state;
  let serverSecret = state.serverSecret;
  let clientSecret = state.clientSecret;
  return (type, body) => {
    if (type === HandshakeType.newSessionTicket) {
      const ticket: SessionTicket13 = {
        ...parseNewSessionTicket13(body),
        ...state.ticketContext,
        psk: new Uint8Array(0),
        receivedAt: config.clock.now(),
      };
      ticket.psk = schedule.ticketPsk(state.resumptionMaster, ticket.nonce);
      config.onTicket?.(ticket);
      config.tickets13?.put(ticket);
      return;
    }
    if (type === HandshakeType.keyUpdate) {
      const r = new ByteReader(body, 'KeyUpdate');
      const requested = r.u8('request_update');
      r.end();
      if (requested > 1) throw fatal('illegal_parameter', `KeyUpdate request_update ${requested}`);
      if (layer.handshakePending) throw fatal('unexpected_message', 'KeyUpdate not at a record boundary');
      serverSecret = schedule.nextTrafficSecret(serverSecret);
      const k = schedule.trafficKeys(serverSecret, keyLength);
      layer.setReadProtection(new Tls13Protection(config.provider.aead(suite.aead, k.key), k.iv));
      if (requested === 1) {
        layer.write(ContentType.handshake, handshakeMessage(HandshakeType.keyUpdate, Uint8Array.of(0)));
        clientSecret = schedule.nextTrafficSecret(clientSecret);
        const c = schedule.trafficKeys(clientSecret, keyLength);
        layer.setWriteProtection(new Tls13Protection(config.provider.aead(suite.aead, c.key), c.iv, maxPlaintext));
      }
      return;
    }
    throw fatal('unexpected_message', `unexpected post-handshake message type ${type}`);
  };
}

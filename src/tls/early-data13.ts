import { fatal } from './alerts.js';
import { ExtensionType } from '../vocabulary/extension-types.js';
import type { HandshakeStart } from './handshake-types.js';
import type { KeySchedule13 } from './key-schedule.js';
import type { EncryptedExtensions } from './messages/encrypted-extensions.js';

/**
 * Whether the server accepted early data. We send none, but a spec may carry early_data to look
 * like a browser resuming a 0-RTT ticket; the server's acceptance then only costs an
 * EndOfEarlyData (RFC 8446 §4.5). Acceptance is legal only for the PSK we offered first (§4.2.10).
 */
export function earlyDataAccepted(ee: EncryptedExtensions, start: HandshakeStart, resumed: boolean): boolean {
  const data = ee.extensions.get(ExtensionType.early_data);
  if (!data) return false;
  if (data.length !== 0) throw fatal('decode_error', 'EncryptedExtensions early_data is not empty');
  // The hello that reached this ServerHello must have carried early_data: not a second one.
  const retried = start.ctx.retryGroup !== undefined || start.ctx.cookie !== undefined;
  if (!start.ctx.psk?.earlyData || retried) throw fatal('unsupported_extension', 'EncryptedExtensions accepts early data we did not offer');
  if (!resumed) throw fatal('illegal_parameter', 'server accepted early data without resuming our PSK');
  return true;
}

/** client_early_traffic_secret: over the ClientHello alone (early data is never accepted after a HelloRetryRequest). */
export function clientEarlySecret(start: HandshakeStart, schedule: KeySchedule13): Uint8Array {
  const secret = schedule.clientEarlyTrafficSecret(start.config.provider.hash(schedule.hash, start.hello.message));
  start.config.keyLog?.('CLIENT_EARLY_TRAFFIC_SECRET', start.ctx.random, secret);
  return secret;
}

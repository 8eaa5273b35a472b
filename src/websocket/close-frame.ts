/**
 * Close frame payloads (RFC 6455 §5.5.1, §7.4): a two-octet code and a UTF-8 reason, or nothing.
 * What a server may send is checked as §7.4.1 and the IANA registry say; what a caller may send
 * is checked by the WHATWG WebSocket's close() (src/client/websocket.ts).
 */
import { WebSocketProtocolError } from '../errors.js';

/** §7.1.5: the code reported when the close frame had none. */
export const NO_STATUS = 1005;
/** §7.1.5: the code reported when the connection closed without a close frame. */
export const ABNORMAL = 1006;

export interface CloseInfo {
  code: number;
  reason: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A code a peer may put on the wire: 1000-1003, 1007-1014 (registered), 3000-4999 (libraries, applications). */
export function isValidWireCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/** The server's close payload; a 1-octet payload, a reserved code or a non-UTF-8 reason is a protocol error. */
export function parseClosePayload(payload: Uint8Array): CloseInfo {
  if (payload.length === 0) return { code: NO_STATUS, reason: '' };
  if (payload.length === 1) throw new WebSocketProtocolError('the server sent a close frame with a 1-octet payload', 1002);
  const code = (payload[0]! << 8) | payload[1]!;
  if (!isValidWireCode(code)) throw new WebSocketProtocolError(`the server sent the invalid close code ${code}`, 1002);
  let reason: string;
  try {
    reason = utf8.decode(payload.subarray(2));
  } catch {
    throw new WebSocketProtocolError('the server sent a close reason that is not UTF-8', 1007);
  }
  return { code, reason };
}

/** Our close payload; `code` undefined sends an empty payload (the WHATWG close() without arguments). */
export function encodeClosePayload(code: number | undefined, reason = ''): Uint8Array {
  if (code === undefined) return new Uint8Array(0);
  const text = Buffer.from(reason, 'utf8');
  const out = Buffer.allocUnsafe(2 + text.length);
  out.writeUInt16BE(code, 0);
  text.copy(out, 2);
  return out;
}

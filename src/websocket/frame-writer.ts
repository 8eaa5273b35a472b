/**
 * Client frames (RFC 6455 §5.2), masked with a fresh key each (§5.3). Header and masked payload
 * go in one buffer: one write per frame, and the caller's payload is never modified.
 */
import { applyMask, maskKey } from './mask.js';

export interface OutgoingFrame {
  opcode: number;
  payload: Uint8Array;
  /** Last frame of its message (always for control frames). */
  fin: boolean;
  /** RSV1: the message is compressed (RFC 7692 §6), set on its first frame only. */
  rsv1?: boolean;
}

export function encodeFrame(frame: OutgoingFrame, key: Uint8Array = maskKey()): Uint8Array {
  const length = frame.payload.length;
  const extended = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const headerLength = 2 + extended + 4;
  const out = Buffer.allocUnsafe(headerLength + length);
  out[0] = (frame.fin ? 0x80 : 0) | (frame.rsv1 ? 0x40 : 0) | (frame.opcode & 0x0f);
  if (extended === 0) out[1] = 0x80 | length;
  else if (extended === 2) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 0x80 | 127;
    // Payloads stay far below 2^53; the high word carries what is above 2^32.
    out.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2);
    out.writeUInt32BE(length >>> 0, 6);
  }
  const at = 2 + extended;
  out[at] = key[0]!;
  out[at + 1] = key[1]!;
  out[at + 2] = key[2]!;
  out[at + 3] = key[3]!;
  const body = out.subarray(headerLength);
  body.set(frame.payload);
  applyMask(body, key);
  return out;
}

/**
 * The echo server's WebSocket: an HTTP/1.1 Upgrade is accepted (101, no extension, so the frames
 * stay readable), the opening's report goes out as the first text message (the same JSON as any
 * answer: the upgrade request's header lines in wire order, the TLS hello with its JA3/JA4), then
 * every message comes back as it was sent, until the client closes.
 */
import type { Duplex } from 'node:stream';
import { acceptFor } from '../../websocket/handshake.js';
import type { WireReport } from './httpbin/exchange.js';

/** Whether a request asks for a WebSocket (RFC 6455 §4.1): its Sec-WebSocket-Key, or null. */
export function websocketKey(method: string, headers: readonly [string, string][]): string | null {
  if (method !== 'GET') return null;
  const get = (name: string): string | undefined => headers.find(([n]) => n.toLowerCase() === name)?.[1];
  if (!/(^|,)\s*websocket\s*(,|$)/i.test(get('upgrade') ?? '')) return null;
  return get('sec-websocket-key')?.trim() ?? null;
}

/** A server frame: unmasked, FIN set. */
function frame(opcode: number, payload: Uint8Array): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 0x10000 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 0xff]) : Buffer.alloc(10);
  if (n >= 0x10000) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Takes the connection over after the Upgrade request: 101, the report, then an echo. */
export function serveWebSocket(socket: Duplex, key: string, report: WireReport, leftover: Uint8Array): void {
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n\r\n`);
  socket.write(frame(0x1, Buffer.from(`${JSON.stringify(report)}\n`)));
  let buffer = Buffer.from(leftover);
  let message: Buffer[] = [];
  let opcode = 0;
  const onData = (chunk: Buffer): void => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (buffer.length < 2) return;
      let length = buffer[1]! & 0x7f;
      let at = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        at = 10;
      }
      const masked = (buffer[1]! & 0x80) !== 0;
      const end = at + (masked ? 4 : 0) + length;
      if (buffer.length < end) return;
      const mask = masked ? buffer.subarray(at, at + 4) : null;
      const payload = Buffer.from(buffer.subarray(end - length, end));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
      const fin = (buffer[0]! & 0x80) !== 0;
      const op = buffer[0]! & 0x0f;
      buffer = buffer.subarray(end);
      if (op === 0x8) {
        socket.end(frame(0x8, payload.subarray(0, 2)));
        return;
      }
      if (op === 0x9) socket.write(frame(0xa, payload));
      if (op === 0x1 || op === 0x2) {
        opcode = op;
        message = [];
      }
      if (op <= 0x2) {
        message.push(payload);
        if (fin) socket.write(frame(opcode, Buffer.concat(message)));
      }
    }
  };
  socket.on('data', onData);
  socket.resume();
}

/**
 * Server frames (RFC 6455 §5.2), parsed incrementally from whatever chunks the transport gives.
 * Everything the RFC lets a client check on one frame is checked here, before its payload is
 * buffered: a masked frame (§5.1: the client MUST close), RSV bits no extension claimed, an
 * unknown opcode, a fragmented or oversized control frame, a length over the limit (so a hostile
 * 2^63 length is refused at its header, never allocated).
 */
import { ByteQueue } from '../bytes/byte-queue.js';
import { WebSocketProtocolError } from '../errors.js';
import { MAX_CONTROL_PAYLOAD, Opcode, isControl } from './opcodes.js';

export interface Frame {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  payload: Uint8Array;
}

export interface FrameReaderOptions {
  /** Largest payload of one frame (octets); a larger one fails with 1009. */
  maxFramePayload: number;
  /** RSV1 is permessage-deflate's (RFC 7692), allowed once it was negotiated. */
  allowRsv1: boolean;
}

const KNOWN = new Set<number>([Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY, Opcode.CLOSE, Opcode.PING, Opcode.PONG]);

export class FrameReader {
  readonly #options: FrameReaderOptions;
  readonly #queue = new ByteQueue();

  constructor(options: FrameReaderOptions) {
    this.#options = options;
  }

  push(data: Uint8Array): void {
    this.#queue.push(data);
  }

  /** The next whole frame, or null until more octets arrive. Throws WebSocketProtocolError. */
  next(): Frame | null {
    const queue = this.#queue;
    if (queue.length < 2) return null;
    const head = queue.peek(Math.min(queue.length, 14));
    const b0 = head[0]!;
    const b1 = head[1]!;
    const fin = (b0 & 0x80) !== 0;
    const rsv1 = (b0 & 0x40) !== 0;
    const opcode = b0 & 0x0f;
    if ((b0 & 0x30) !== 0) throw new WebSocketProtocolError('the server set RSV2 or RSV3, which no extension negotiated', 1002);
    if (rsv1 && !this.#options.allowRsv1) throw new WebSocketProtocolError('the server set RSV1 without permessage-deflate', 1002);
    if (!KNOWN.has(opcode)) throw new WebSocketProtocolError(`the server sent a frame with the reserved opcode ${opcode}`, 1002);
    if ((b1 & 0x80) !== 0) throw new WebSocketProtocolError('the server sent a masked frame (RFC 6455 §5.1)', 1002);
    let length = b1 & 0x7f;
    let headerLength = 2;
    if (length === 126) {
      if (head.length < 4) return null;
      length = (head[2]! << 8) | head[3]!;
      headerLength = 4;
    } else if (length === 127) {
      if (head.length < 10) return null;
      const high = ((head[2]! << 24) >>> 0) + (head[3]! << 16) + (head[4]! << 8) + head[5]!;
      if (high >= 0x8000_0000) throw new WebSocketProtocolError('the server sent a frame length with the most significant bit set', 1002);
      const low = ((head[6]! << 24) >>> 0) + (head[7]! << 16) + (head[8]! << 8) + head[9]!;
      length = high * 0x1_0000_0000 + low;
      headerLength = 10;
    }
    if (isControl(opcode)) {
      if (!fin) throw new WebSocketProtocolError('the server fragmented a control frame', 1002);
      if (length > MAX_CONTROL_PAYLOAD) throw new WebSocketProtocolError(`the server sent a control frame of ${length} octets (at most 125)`, 1002);
      if (rsv1) throw new WebSocketProtocolError('the server set RSV1 on a control frame', 1002);
    }
    if (length > this.#options.maxFramePayload) {
      throw new WebSocketProtocolError(`the server sent a frame of ${length} octets, over the limit of ${this.#options.maxFramePayload}`, 1009);
    }
    if (queue.length < headerLength + length) return null;
    queue.skip(headerLength);
    // A view of the received chunk when the payload lies in one, else a copy.
    return { fin, rsv1, opcode, payload: queue.take(length) };
  }
}

/**
 * Data frames into messages (RFC 6455 §5.4): a text or binary frame opens a message, continuation
 * frames extend it, FIN ends it; control frames may come between fragments and are not its
 * concern. Enforces the order rules, the message size limit (summed over fragments, before any
 * is kept), and UTF-8 for text (as it arrives when uncompressed, after inflating otherwise).
 */
import { concatBytes } from '../bytes/concat.js';
import { WebSocketProtocolError } from '../errors.js';
import type { PerMessageDeflate } from './deflate.js';
import type { Frame } from './frame-reader.js';
import { Opcode } from './opcodes.js';
import { Utf8Stream } from './utf8.js';

export type Message = { binary: false; data: string } | { binary: true; data: Uint8Array };

export class MessageAssembler {
  readonly #maxMessage: number;
  readonly #deflate: PerMessageDeflate | null;
  readonly #utf8 = new Utf8Stream();
  /** The opcode of the message in progress, or null between messages. */
  #opcode: number | null = null;
  #compressed = false;
  #parts: Uint8Array[] = [];
  #size = 0;

  constructor(maxMessage: number, deflate: PerMessageDeflate | null) {
    this.#maxMessage = maxMessage;
    this.#deflate = deflate;
  }

  /**
   * Takes one data frame; returns the message it completes, or null. A compressed message comes
   * as a promise (inflating is asynchronous): the caller reads no further frame until it settles.
   */
  push(frame: Frame): Message | Promise<Message> | null {
    if (frame.opcode === Opcode.CONTINUATION) {
      if (this.#opcode === null) throw new WebSocketProtocolError('the server sent a continuation frame with no message to continue', 1002);
      if (frame.rsv1) throw new WebSocketProtocolError('the server set RSV1 on a continuation frame', 1002);
    } else {
      if (this.#opcode !== null) throw new WebSocketProtocolError('the server started a new message before finishing the last one', 1002);
      this.#opcode = frame.opcode;
      this.#compressed = frame.rsv1;
    }
    this.#size += frame.payload.length;
    if (this.#size > this.#maxMessage) throw new WebSocketProtocolError(`the server sent a message over the limit of ${this.#maxMessage} octets`, 1009);
    const text = this.#opcode === Opcode.TEXT;
    if (text && !this.#compressed) {
      // Validated as it comes; the decoder keeps a sequence split across fragments.
      const whole = this.#utf8.push(frame.payload, frame.fin);
      if (!frame.fin) return null;
      this.#reset();
      return { binary: false, data: whole! };
    }
    // Fragments share the transport's buffers; a view must be copied before the next read.
    this.#parts.push(frame.fin && this.#parts.length === 0 ? frame.payload : frame.payload.slice());
    if (!frame.fin) return null;
    // Joined into an array of its own: the worker then hands it to the main thread without copying it again.
    const data = this.#parts.length === 1 ? this.#parts[0]! : concatBytes(this.#parts);
    const compressed = this.#compressed;
    this.#reset();
    if (!compressed) return text ? { binary: false, data: this.#utf8.push(data, true)! } : { binary: true, data };
    return this.#deflate!.decompress(data).then((inflated): Message => (text ? { binary: false, data: this.#utf8.push(inflated, true)! } : { binary: true, data: inflated }));
  }

  #reset(): void {
    this.#opcode = null;
    this.#compressed = false;
    this.#parts = [];
    this.#size = 0;
  }
}

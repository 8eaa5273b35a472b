/**
 * UTF-8 validation of text messages (RFC 6455 §8.1: invalid data fails the connection with 1007).
 * A fragmented message is validated as it arrives, so a bad sequence in its first fragment fails
 * at once (Autobahn 6.4 expects that), and a sequence split across fragments is still accepted.
 */
import { WebSocketProtocolError } from '../errors.js';

export class Utf8Stream {
  #decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  #parts: string[] = [];

  /** Decodes one fragment; `last` completes the message and returns its text. */
  push(data: Uint8Array, last: boolean): string | null {
    let text: string;
    try {
      text = this.#decoder.decode(data, { stream: !last });
    } catch {
      this.#reset();
      throw new WebSocketProtocolError('the server sent a text message that is not valid UTF-8', 1007);
    }
    if (!last) {
      this.#parts.push(text);
      return null;
    }
    const whole = this.#parts.length === 0 ? text : this.#parts.join('') + text;
    this.#parts = [];
    return whole;
  }

  #reset(): void {
    this.#decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    this.#parts = [];
  }
}

/**
 * What send() and close() hand to the link, in call order. A Blob's bytes come asynchronously
 * (`arrayBuffer()`), so while one is read, later sends and the close wait behind it, as in
 * Chromium's WebSocketChannelImpl (one queue of messages, blobs and the close). Without a Blob in
 * the way everything goes to the link at once.
 */
import type { SocketLink } from '../pool/index.js';

export type Payload = string | Uint8Array | Blob;
type Item = Payload | { code: number | null; reason: string };

export class SendQueue {
  readonly #link: SocketLink;
  /** Non-null while a Blob is being read: what waits behind it. */
  #waiting: Item[] | null = null;

  constructor(link: SocketLink) {
    this.#link = link;
  }

  send(data: Payload): void {
    if (this.#waiting !== null) {
      // WHATWG captures the bytes at send(): a copy, as the caller may reuse its buffer.
      this.#waiting.push(data instanceof Uint8Array ? data.slice() : data);
      return;
    }
    if (data instanceof Blob) {
      this.#waiting = [data];
      void this.#drain(this.#waiting);
      return;
    }
    this.#link.send(data);
  }

  close(code: number | null, reason: string): void {
    if (this.#waiting !== null) this.#waiting.push({ code, reason });
    else this.#link.close(code, reason);
  }

  async #drain(queue: Item[]): Promise<void> {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      if (item instanceof Blob) {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await item.arrayBuffer());
        } catch {
          // Chromium fails the connection when a Blob cannot be read.
          queue.length = 0;
          this.#link.abort();
          break;
        }
        this.#link.send(bytes, true);
      } else if (typeof item === 'string' || item instanceof Uint8Array) this.#link.send(item, true);
      else this.#link.close(item.code, item.reason);
    }
    this.#waiting = null;
  }
}

/** send()'s argument as WHATWG's IDL takes it: other values become strings. */
export function toPayload(data: unknown): Payload {
  if (typeof data === 'string' || data instanceof Blob) return data;
  if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && data instanceof SharedArrayBuffer)) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return String(data);
}

/** The octets a payload adds to bufferedAmount. */
export function payloadOctets(payload: Payload): number {
  if (typeof payload === 'string') return Buffer.byteLength(payload, 'utf8');
  return payload instanceof Blob ? payload.size : payload.byteLength;
}

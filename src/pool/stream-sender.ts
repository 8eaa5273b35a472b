/**
 * Worker side of a streamed response: the head, the chunks and the end (or error) all go over
 * the request's own MessagePort, so the main thread sees them in order. Chunks are transferred,
 * and each waits for credit from the reader.
 */
import type { MessagePort } from 'node:worker_threads';
import type { WireError } from '../errors.js';
import { HTTPError } from '../errors.js';
import { CreditGate } from './credit.js';
import type { ResponseMessage, StreamMessage } from './messages.js';
import { ownedBytes, transferListFor } from './transfer.js';

export class StreamSender {
  readonly #port: MessagePort;
  readonly #credit: CreditGate;
  #headSent = false;
  #finished = false;

  constructor(port: MessagePort, credit: CreditGate) {
    this.#port = port;
    this.#credit = credit;
  }

  get headSent(): boolean {
    return this.#headSent;
  }

  head(response: ResponseMessage): void {
    if (this.#headSent || this.#finished) return;
    this.#headSent = true;
    this.#post({ type: 'response', response: { ...response, body: null } });
  }

  async chunk(data: Uint8Array): Promise<void> {
    // A chunk before its head would reach a caller who has no response to attach it to yet.
    if (!this.#headSent) throw new HTTPError('stream contract: onChunk was called before onHeaders');
    if (this.#finished) throw new HTTPError('stream contract: onChunk was called after the stream ended');
    if (data.byteLength === 0) return;
    await this.#credit.take();
    const owned = ownedBytes(data);
    this.#post({ type: 'chunk', data: owned }, transferListFor(owned));
  }

  /**
   * The handler resolved. A handler that never called `onHeaders` (or ignored `stream`) still
   * produces a valid stream: its head now, its buffered body as one chunk.
   */
  end(response: ResponseMessage): void {
    if (this.#finished) return;
    if (!this.#headSent) {
      this.head(response);
      if (response.body !== null && response.body.byteLength > 0) {
        const owned = ownedBytes(response.body);
        this.#post({ type: 'chunk', data: owned }, transferListFor(owned));
      }
    }
    this.#finished = true;
    this.#post({ type: 'end' });
  }

  fail(error: WireError): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#post({ type: 'error', error });
  }

  #post(message: StreamMessage, transfer: ArrayBuffer[] = []): void {
    this.#port.postMessage(message, transfer);
  }
}

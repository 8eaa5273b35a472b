/**
 * Worker side of a streamed response: the head, the chunks and the end (or error), as frames on
 * the channel in order, so the main thread sees them in order. Chunks are transferred, and each
 * waits for credit from the reader.
 */
import type { WireError } from '../errors.js';
import { HTTPError } from '../errors.js';
import type { CreditGate } from './credit.js';
import type { FromWorker, ResponseMessage } from './messages.js';
import { ownedBytes, transferListFor } from './transfer.js';

export type FrameSender = (frame: FromWorker, transfer?: readonly ArrayBuffer[]) => void;

export class StreamSender {
  readonly #send: FrameSender;
  readonly #id: number;
  readonly #credit: CreditGate;
  #headSent = false;
  #finished = false;

  constructor(send: FrameSender, id: number, credit: CreditGate) {
    this.#send = send;
    this.#id = id;
    this.#credit = credit;
  }

  get headSent(): boolean {
    return this.#headSent;
  }

  head(response: ResponseMessage): void {
    if (this.#headSent || this.#finished) return;
    this.#headSent = true;
    this.#send({ t: 'response', id: this.#id, response: { ...response, body: null } });
  }

  async chunk(data: Uint8Array): Promise<void> {
    // A chunk before its head would reach a caller who has no response to attach it to yet.
    if (!this.#headSent) throw new HTTPError('stream contract: onChunk was called before onHeaders');
    if (this.#finished) throw new HTTPError('stream contract: onChunk was called after the stream ended');
    if (data.byteLength === 0) return;
    await this.#credit.take();
    this.#chunk(data);
  }

  /**
   * The handler resolved. A handler that never called `onHeaders` (or ignored `stream`) still
   * produces a valid stream: its head now, its buffered body as one chunk.
   */
  end(response: ResponseMessage): void {
    if (this.#finished) return;
    if (!this.#headSent) {
      this.head(response);
      if (response.body !== null && response.body.byteLength > 0) this.#chunk(response.body);
    }
    this.#finished = true;
    this.#send({ t: 'end', id: this.#id });
  }

  fail(error: WireError): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#send({ t: 'error', id: this.#id, error });
  }

  #chunk(data: Uint8Array): void {
    const owned = ownedBytes(data);
    this.#send({ t: 'chunk', id: this.#id, data: owned }, transferListFor(owned));
  }
}

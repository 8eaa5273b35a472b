/**
 * Worker side of a streamed response: the head, the chunks and the end (or error), as frames on
 * the channel in order, so the main thread sees them in order. Chunks that arrive within one
 * event-loop turn (TLS records of 16 KiB, read from one socket read) leave as one frame of up to
 * MERGE_BYTES, which is then large enough to be transferred rather than copied; each frame waits
 * for credit from the reader.
 */
import type { WireError } from '../errors.js';
import { HTTPError } from '../errors.js';
import type { CreditGate } from './credit.js';
import type { FromWorker, ResponseMessage } from './messages.js';
import { ownedBytes, transferListFor } from './transfer.js';

export type FrameSender = (frame: FromWorker, transfer?: readonly ArrayBuffer[]) => void;

/** Largest frame the chunks of one turn are merged into. */
const MERGE_BYTES = 128 * 1024;

export class StreamSender {
  readonly #send: FrameSender;
  readonly #id: number;
  readonly #credit: CreditGate;
  #headSent = false;
  #finished = false;
  /** Chunks of this turn not yet sent (their frame's credit is already taken). */
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

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
    if (this.#pendingBytes === 0 || this.#pendingBytes + data.byteLength > MERGE_BYTES) {
      this.#flush();
      await this.#credit.take();
      setImmediate(this.#flush);
    }
    this.#pending.push(data);
    this.#pendingBytes += data.byteLength;
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
    this.#flush();
    this.#finished = true;
    this.#send({ t: 'end', id: this.#id });
  }

  fail(error: WireError): void {
    if (this.#finished) return;
    this.#flush();
    this.#finished = true;
    this.#send({ t: 'error', id: this.#id, error });
  }

  readonly #flush = (): void => {
    if (this.#pendingBytes === 0) return;
    const chunks = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#chunk(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  };

  #chunk(data: Uint8Array): void {
    const owned = ownedBytes(data);
    this.#send({ t: 'chunk', id: this.#id, data: owned }, transferListFor(owned));
  }
}

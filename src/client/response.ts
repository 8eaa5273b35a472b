/**
 * A response, with tls_requests' attributes in TypeScript's spelling. A buffered response has
 * its body in `content`; a streamed one (from `client.stream()`) has its body to iterate (chunks,
 * text or lines) or `read()`, and is closed by `await using` or `close()`.
 */
import { HTTPStatusError } from '../errors.js';
import type { TlsInfo } from '../pool/messages.js';
import { charsetOf, decodeText } from './charset.js';
import { cookiesFromSetCookie, type Cookies } from './cookies.js';
import type { Headers } from './headers.js';
import { splitLines } from './lines.js';
import type { Request } from './request.js';
import { ResponseNotRead, StreamConsumed } from './client-errors.js';
import type { StreamedBody } from './transport.js';

declare module '../errors.js' {
  // The types of what raiseForStatus() puts on its error (errors.ts imports nothing, so cannot name them).
  interface HTTPStatusError {
    /** The request that got the failing response. */
    readonly request: Request;
    /** The 4xx or 5xx response. */
    readonly response: Response;
  }
}

/** The TLS connection the response came over, and the browser profile it showed. */
export interface TlsDetails extends TlsInfo {
  profile: string;
}

export interface ResponseInit {
  status: number;
  reason: string;
  httpVersion: string;
  headers: Headers;
  url: string;
  request: Request;
  /** Milliseconds from sending to the response (its headers, when streamed). */
  elapsed: number;
  tls: TlsInfo | null;
  /** Identifier of the profile the request went out with. */
  profile: string;
  connectionReused?: boolean;
  /** The whole body (buffered), or... */
  content?: Uint8Array;
  /** ...the body to stream. */
  body?: StreamedBody;
  /** Charset when the Content-Type names none (tls_requests' `encoding`, default utf-8). */
  defaultEncoding?: string;
  /** Called once when a streamed response is closed, so its client stops tracking it. */
  onClose?: () => void;
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

export class Response {
  readonly status: number;
  readonly reason: string;
  readonly httpVersion: string;
  readonly headers: Headers;
  readonly url: string;
  readonly request: Request;
  readonly elapsed: number;
  readonly tls: TlsDetails | null;
  readonly profile: string;
  readonly connectionReused: boolean;
  /** The redirect responses that led here, oldest first. */
  history: Response[] = [];
  defaultEncoding: string;

  #content: Uint8Array | null;
  #body: StreamedBody | null;
  #consumed = false;
  #closed = false;
  #onClose: (() => void) | null;
  #cookies: Cookies | null = null;

  constructor(init: ResponseInit) {
    this.status = init.status;
    this.reason = init.reason;
    this.httpVersion = init.httpVersion;
    this.headers = init.headers;
    this.url = init.url;
    this.request = init.request;
    this.elapsed = init.elapsed;
    this.tls = init.tls ? { ...init.tls, profile: init.profile } : null;
    this.profile = init.profile;
    this.connectionReused = init.connectionReused ?? false;
    this.defaultEncoding = init.defaultEncoding ?? 'utf-8';
    this.#content = init.content ?? (init.body ? null : new Uint8Array(0));
    this.#body = init.body ?? null;
    this.#onClose = init.onClose ?? null;
    if (!this.#body) this.#closed = true;
  }

  /** tls_requests' name. */
  get statusCode(): number {
    return this.status;
  }

  /** Below 400, as in tls_requests and requests (not fetch's 2xx-only `ok`). */
  get ok(): boolean {
    return this.status < 400;
  }

  get isRedirect(): boolean {
    return REDIRECT_CODES.has(this.status) && this.headers.has('location');
  }

  get isPermanentRedirect(): boolean {
    return (this.status === 301 || this.status === 308) && this.headers.has('location');
  }

  get isStreamed(): boolean {
    return this.#body !== null;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** The charset named by Content-Type, or null. */
  get charset(): string | null {
    return charsetOf(this.headers.get('content-type'));
  }

  /** The charset `text` decodes with. */
  get encoding(): string {
    return this.charset ?? this.defaultEncoding;
  }

  get content(): Uint8Array {
    if (this.#content === null) throw new ResponseNotRead('the streamed body has not been read: call `await response.read()` first, or iterate it');
    return this.#content;
  }

  get text(): string {
    return decodeText(this.content, this.encoding);
  }

  /** The body parsed as JSON; synchronous, since the body is already here (`await` works too). */
  json<T = unknown>(): T {
    return JSON.parse(this.text) as T;
  }

  /** The cookies this response sets (its Set-Cookie fields), with domains filled in from the URL. */
  get cookies(): Cookies {
    this.#cookies ??= cookiesFromSetCookie(this.headers.getSetCookie(), this.url);
    return this.#cookies;
  }

  /** Throws HTTPStatusError on 4xx and 5xx, with tls_requests' message; returns the response otherwise. */
  raiseForStatus(): this {
    const kind = this.status >= 400 && this.status < 500 ? 'Client' : this.status >= 500 && this.status < 600 ? 'Server' : null;
    if (kind) throw new HTTPStatusError(`${this.status} ${kind} Error: ${this.reason} for url: ${this.url}`, this.status, this.url, { request: this.request, response: this });
    return this;
  }

  /** Reads the rest of a streamed body (buffered responses: the body) and keeps it in `content`. */
  async read(): Promise<Uint8Array> {
    if (this.#content !== null) return this.#content;
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.iterBytes()) chunks.push(chunk);
    this.#content = Buffer.concat(chunks);
    return this.#content;
  }

  /** The body chunk by chunk, as it arrives. A streamed body can be iterated once. */
  async *iterBytes(): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.#content !== null) {
      if (this.#content.length > 0) yield this.#content;
      return;
    }
    if (this.#consumed || this.#closed) throw new StreamConsumed('the streamed body was already read or closed');
    this.#consumed = true;
    let ended = false;
    try {
      yield* this.#body!;
      ended = true;
    } finally {
      // Left early (break, throw): tell the worker to stop sending.
      if (!ended) this.#body!.cancel();
      await this.close();
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    return this.iterBytes();
  }

  /** The body as text chunks, decoded incrementally (a character split across chunks is kept whole). */
  async *iterText(): AsyncGenerator<string, void, undefined> {
    const decoder = new TextDecoder(this.encoding);
    for await (const chunk of this.iterBytes()) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  /** The body line by line (SSE, NDJSON), without line terminators. */
  iterLines(): AsyncGenerator<string, void, undefined> {
    return splitLines(this.iterText());
  }

  /** Stops a streamed body (the worker abandons the transfer); no-op once closed. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#consumed) this.#body?.cancel();
    this.#onClose?.();
  }

  /** tls_requests' name. */
  aclose(): Promise<void> {
    return this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  toString(): string {
    return `<Response [${this.status}]>`;
  }
}

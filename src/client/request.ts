/**
 * A request as the client built it: method, absolute URL, the headers in send order (profile
 * defaults merged in, cookies and auth applied) and the encoded body. Auth functions and request
 * hooks receive it and may change it or return a replacement.
 */
import { Headers, type HeadersInit } from './headers.js';

export interface RequestInit {
  headers?: HeadersInit | null;
  content?: Uint8Array | string | null;
  /** A streamed body (instead of `content`): read once, as it is sent, and never replayed. */
  stream?: AsyncIterable<Uint8Array> | null;
}

export class Request {
  method: string;
  url: string;
  headers: Headers;
  content: Uint8Array | null;
  /** A streamed body (content is then null): sent once, so never retried or redirected with. */
  stream: AsyncIterable<Uint8Array> | null;

  constructor(method: string, url: string | URL, init: RequestInit = {}) {
    this.method = method.toUpperCase();
    this.url = String(url);
    this.headers = new Headers(init.headers);
    this.content = typeof init.content === 'string' ? new TextEncoder().encode(init.content) : (init.content ?? null);
    this.stream = init.stream ?? null;
  }

  /** The body as text (UTF-8), for logging and tests. */
  get text(): string {
    return this.content ? new TextDecoder().decode(this.content) : '';
  }

  copy(): Request {
    return new Request(this.method, this.url, { headers: this.headers, content: this.content, stream: this.stream });
  }

  toString(): string {
    return `<Request [${this.method} ${this.url}]>`;
  }
}

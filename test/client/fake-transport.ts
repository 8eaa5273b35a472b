/**
 * A transport that answers RequestMessages with a function, recording every message: the client
 * tests run the whole client (headers, cookies, redirects, hooks) without a thread or a socket.
 */
import type { RequestMessage, ResponseMessage, TlsInfo } from '../../src/pool/messages.js';
import type { StreamedBody, StreamedResponse, Transport, TransportCallOptions } from '../../src/client/transport.js';

export interface FakeReply {
  status?: number;
  reason?: string;
  headers?: [string, string][];
  /** The body; a list is sent as separate chunks when streamed. */
  body?: string | Uint8Array | (string | Uint8Array)[];
  httpVersion?: 'HTTP/1.1' | 'HTTP/2';
  tls?: TlsInfo | null;
}

export type FakeHandler = (message: RequestMessage, options: TransportCallOptions) => FakeReply | Promise<FakeReply>;

export const FAKE_TLS: TlsInfo = { version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: 'h2', group: 0x11ec, resumed: false };

export class FakeTransport implements Transport {
  readonly calls: RequestMessage[] = [];
  /** Streamed bodies handed out, with whether each was cancelled. */
  readonly streams: { cancelled: boolean }[] = [];
  closed = false;

  constructor(private readonly handler: FakeHandler = echo) {}

  async request(message: RequestMessage, options: TransportCallOptions = {}): Promise<ResponseMessage> {
    this.calls.push(message);
    const reply = await this.handler(message, options);
    return head(message, reply, concat(chunksOf(reply.body)));
  }

  async stream(message: RequestMessage, options: TransportCallOptions = {}): Promise<StreamedResponse> {
    this.calls.push(message);
    const reply = await this.handler(message, options);
    const state = { cancelled: false };
    this.streams.push(state);
    const chunks = chunksOf(reply.body);
    const body: StreamedBody = {
      cancel: () => {
        state.cancelled = true;
      },
      async *[Symbol.asyncIterator]() {
        for (const chunk of chunks) {
          if (state.cancelled) return;
          yield chunk;
        }
      },
    };
    return { response: head(message, reply, null), body };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Header names of the n-th message, lower case, in order. */
  headerNames(n: number): string[] {
    return this.calls[n]!.headers.map(([name]) => name.toLowerCase());
  }

  header(n: number, name: string): string | undefined {
    return this.calls[n]!.headers.find(([h]) => h.toLowerCase() === name.toLowerCase())?.[1];
  }
}

function head(message: RequestMessage, reply: FakeReply, body: Uint8Array | null): ResponseMessage {
  return {
    status: reply.status ?? 200,
    reason: reply.reason ?? '',
    httpVersion: reply.httpVersion ?? 'HTTP/2',
    headers: reply.headers ?? [],
    body,
    url: message.url,
    tls: reply.tls === undefined ? (message.url.startsWith('https:') ? FAKE_TLS : null) : reply.tls,
    connectionReused: false,
    headersElapsedMs: 1,
  };
}

function chunksOf(body: FakeReply['body']): Uint8Array[] {
  if (body === undefined) return [];
  return (Array.isArray(body) ? body : [body]).map((c) => (typeof c === 'string' ? new TextEncoder().encode(c) : c));
}

function concat(chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

/** Answers with the request as JSON: method, url, headers (pairs) and body text. */
export function echo(message: RequestMessage): FakeReply {
  return {
    headers: [['content-type', 'application/json']],
    body: JSON.stringify({
      method: message.method,
      url: message.url,
      headers: message.headers,
      body: message.body ? new TextDecoder().decode(message.body) : null,
    }),
  };
}

/** A handler from a table of paths (the URL's pathname) → replies; other paths echo. */
export function routes(table: Record<string, FakeReply | ((message: RequestMessage) => FakeReply)>): FakeHandler {
  return (message) => {
    const route = table[new URL(message.url).pathname];
    if (route === undefined) return echo(message);
    return typeof route === 'function' ? route(message) : route;
  };
}

export function redirect(status: number, location: string, extra: [string, string][] = []): FakeReply {
  return { status, headers: [['location', location], ...extra] };
}

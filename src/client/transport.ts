/**
 * What the client needs from whatever carries requests: in production the worker pool
 * (src/pool), in tests a function that answers RequestMessages. The client never touches
 * sockets, TLS or HTTP framing itself.
 */
import type { SocketLink } from '../pool/index.js';
import type { RequestMessage, ResponseMessage, WebSocketOpenOptions } from '../pool/messages.js';

export interface TransportCallOptions {
  signal?: AbortSignal;
}

/** A streamed response body: chunks as they arrive; `cancel()` abandons the rest. */
export interface StreamedBody extends AsyncIterable<Uint8Array> {
  cancel(): void;
}

export interface StreamedResponse {
  /** The head: status, headers, TLS details; its `body` is null. */
  response: ResponseMessage;
  body: StreamedBody;
}

export interface Transport {
  /**
   * The transport takes streamed request bodies (`RequestMessage.bodyStream`). Without it the
   * client reads a ReadableStream or AsyncIterable body into bytes first and sends `body`.
   */
  readonly streamsRequestBodies?: boolean;
  /** One request, body buffered. Rejects with the library's error classes. */
  request(message: RequestMessage, options?: TransportCallOptions): Promise<ResponseMessage>;
  /** One request, resolving as soon as the response head is in. */
  stream(message: RequestMessage, options?: TransportCallOptions): Promise<StreamedResponse>;
  close(): Promise<void>;
  /** Opens a WebSocket (`message.url` ws:// or wss://); a transport without it cannot. */
  websocket?(message: RequestMessage, options: WebSocketOpenOptions, call?: TransportCallOptions): Promise<SocketLink>;
  /**
   * Closes the connections of one scope (a client, or a ConnectionPool shared by clients) and
   * forgets its TLS sessions. A transport without it keeps no connections between requests.
   */
  closeScope?(scope: string): Promise<void>;
  /** Gets ready for a first request (the worker pool starts its threads); called by a new client. */
  warm?(): void;
}

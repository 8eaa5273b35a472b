/**
 * What `client.websocket()` sends to the pool: the socket's URL with the client's settings
 * (profile, proxy, trust, timeouts), the caller's own headers and the jar's cookies. The browser's
 * opening fields (User-Agent, Origin, the Sec-WebSocket-* family...) are added in the worker, in
 * the profile's order (src/websocket/opening-headers.ts).
 */
import type { RequestMessage, WebSocketOpenOptions } from '../pool/messages.js';
import { requestMessage } from './message.js';
import type { Settings } from './settings.js';

export interface WebSocketOptions {
  /** Subprotocols to offer (Sec-WebSocket-Protocol). */
  protocols?: string | string[];
  /** Origin header; default the socket URL's origin (a page on the same site). */
  origin?: string;
  /** Extra headers, sent after the browser's own. */
  headers?: Record<string, string> | [string, string][];
  /** Offer permessage-deflate as the browser does (default true). */
  perMessageDeflate?: boolean;
  /** Largest message accepted from the server, octets (default 64 MiB); larger fails with 1009. */
  maxMessageSize?: number;
  /** Split our messages into frames of at most this many octets (default 0: one frame per message). */
  fragmentSize?: number;
  /** How long the server has to finish a close (default: the browser's, 60 s Chrome, 20 s Firefox). */
  closeTimeoutMs?: number;
  /** Aborts the opening. */
  signal?: AbortSignal;
}

export const DEFAULT_MAX_MESSAGE = 64 * 1024 * 1024;

export function websocketMessage(url: string, settings: Settings, headers: [string, string][], scope: string): RequestMessage {
  const exchange = { method: 'GET', url, headers, body: null, bodyStream: null, headerOrder: null, decode: false, maxBodySize: 0, stream: false };
  return requestMessage(exchange, settings, httpUrlFor(url), scope);
}

/** The http(s) URL of a ws(s) one the WebSocket constructor has checked: its cookies' and proxy's URL. */
export function httpUrlFor(url: string): string {
  return url.replace(/^ws/i, 'http');
}

export function openOptions(options: WebSocketOptions, protocols: string[]): WebSocketOpenOptions {
  return {
    protocols,
    origin: options.origin ?? null,
    perMessageDeflate: options.perMessageDeflate ?? true,
    maxMessageSize: options.maxMessageSize ?? DEFAULT_MAX_MESSAGE,
    fragmentSize: options.fragmentSize ?? 0,
    closeTimeoutMs: options.closeTimeoutMs ?? 0,
  };
}

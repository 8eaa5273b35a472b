/** What a caller chooses about one WebSocket; plain values, they cross to the worker as they are. */
export interface WebSocketOpenOptions {
  /** Subprotocols offered in Sec-WebSocket-Protocol, in order of preference. */
  protocols: string[];
  /** The Origin header; null: the socket URL's own origin (https for wss, http for ws). */
  origin: string | null;
  /** Offer permessage-deflate as the profile's browser does (both do by default). */
  perMessageDeflate: boolean;
  /** Largest message (and frame) accepted from the server, in octets. */
  maxMessageSize: number;
  /** Our messages longer than this go in several frames (0: one frame per message). */
  fragmentSize: number;
  /** How long the server has to complete a close; 0: the browser's (Chromium 60 s, Firefox 20 s). */
  closeTimeoutMs: number;
}

/** Chromium's kClosingHandshakeTimeout (60 s), Firefox's network.websocket.timeout.close (20 s). */
export function browserCloseTimeout(family: string): number {
  return family === 'firefox' ? 20_000 : 60_000;
}

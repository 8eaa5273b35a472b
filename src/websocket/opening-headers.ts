/**
 * The opening request's header list as each browser writes it. What the sources say:
 *
 * - Chromium (net/websockets/websocket_stream.cc, websocket_basic_handshake_stream.cc): the
 *   renderer's request carries Connection: Upgrade, Pragma: no-cache, Cache-Control: no-cache,
 *   Upgrade: websocket, Origin, Sec-WebSocket-Version: 13, with User-Agent, Accept-Encoding,
 *   Accept-Language and Cookie filled in by the network stack; the handshake stream then appends
 *   Sec-WebSocket-Key and (AddVectorHeaders) Sec-WebSocket-Extensions, then Sec-WebSocket-Protocol.
 *   Its offer is "permessage-deflate; client_max_window_bits". On the wire (public captures of
 *   Chrome's upgrade, e.g. the php-toolkit and gdut17 READMEs found with the code search):
 *   Host, Connection, Pragma, Cache-Control, User-Agent, Upgrade, Origin, Sec-WebSocket-Version,
 *   Accept-Encoding, Accept-Language, Cookie, Sec-WebSocket-Key, Sec-WebSocket-Extensions. No
 *   client hints, no Sec-Fetch-*, no Accept.
 * - Firefox (netwerk/protocol/websocket/WebSocketChannel.cpp SetupRequest): after the channel's
 *   own Host, User-Agent, Accept, Accept-Language, Accept-Encoding it sets
 *   Sec-WebSocket-Version: 13, Origin, Sec-WebSocket-Protocol, Sec-WebSocket-Extensions:
 *   "permessage-deflate" (no parameters) and Sec-WebSocket-Key; nsHttpChannel then adds
 *   Connection: keep-alive, Upgrade, the cookies, Sec-Fetch-*, and (LOAD_BYPASS_CACHE |
 *   INHIBIT_CACHING) Pragma and Cache-Control: no-cache, with Upgrade: websocket last.
 * - Safari and OkHttp were not checked; they take Chromium's layout.
 *
 * Over HTTP/2 (RFC 8441) the same fields go lower-cased, without Host (it is :authority),
 * Connection, Upgrade and Sec-WebSocket-Key, which an extended CONNECT has no use for.
 */
import type { Profile } from '../profiles/types.js';

export interface OpeningInput {
  family: Profile['browser'];
  /** The Host value (`host[:port]`, the port only when not the scheme's default). */
  authority: string;
  origin: string | null;
  userAgent: string | null;
  acceptLanguage: string | null;
  acceptEncoding: string | null;
  cookie: string | null;
  /** HTTP/1.1 only. */
  key: string | null;
  /** The Sec-WebSocket-Extensions offer, or null when the caller turned compression off. */
  extensions: string | null;
  protocols: readonly string[];
  /** The caller's own headers (not the profile's), sent after the browser's, in the caller's order. */
  extra: readonly [string, string][];
}

/** Each family's permessage-deflate offer (see the file comment). */
export function deflateOffer(family: Profile['browser']): string {
  return family === 'firefox' ? 'permessage-deflate' : 'permessage-deflate; client_max_window_bits';
}

type Field = [string, string | null];

function chromium(input: OpeningInput, h2: boolean): Field[] {
  return [
    ['Host', h2 ? null : input.authority],
    ['Connection', h2 ? null : 'Upgrade'],
    ['Pragma', 'no-cache'],
    ['Cache-Control', 'no-cache'],
    ['User-Agent', input.userAgent],
    ['Upgrade', h2 ? null : 'websocket'],
    ['Origin', input.origin],
    ['Sec-WebSocket-Version', '13'],
    ['Accept-Encoding', input.acceptEncoding],
    ['Accept-Language', input.acceptLanguage],
    ['Cookie', input.cookie],
    ['Sec-WebSocket-Key', h2 ? null : input.key],
    ['Sec-WebSocket-Extensions', input.extensions],
    ['Sec-WebSocket-Protocol', input.protocols.length ? input.protocols.join(', ') : null],
  ];
}

function firefox(input: OpeningInput, h2: boolean): Field[] {
  return [
    ['Host', h2 ? null : input.authority],
    ['User-Agent', input.userAgent],
    ['Accept', '*/*'],
    ['Accept-Language', input.acceptLanguage],
    ['Accept-Encoding', input.acceptEncoding],
    ['Sec-WebSocket-Version', '13'],
    ['Origin', input.origin],
    ['Sec-WebSocket-Protocol', input.protocols.length ? input.protocols.join(', ') : null],
    ['Sec-WebSocket-Extensions', input.extensions],
    ['Sec-WebSocket-Key', h2 ? null : input.key],
    ['Connection', h2 ? null : 'keep-alive, Upgrade'],
    ['Cookie', input.cookie],
    ['Sec-Fetch-Dest', 'empty'],
    ['Sec-Fetch-Mode', 'websocket'],
    ['Sec-Fetch-Site', 'same-origin'],
    ['Pragma', 'no-cache'],
    ['Cache-Control', 'no-cache'],
    ['Upgrade', h2 ? null : 'websocket'],
  ];
}

/**
 * The opening's header list: the browser's fields in its order, then the caller's own. A caller's
 * header that names one of the browser's fields replaces its value in place.
 */
export function openingHeaders(input: OpeningInput, version: 'h1' | 'h2'): [string, string][] {
  const h2 = version === 'h2';
  const fields = input.family === 'firefox' ? firefox(input, h2) : chromium(input, h2);
  const extra = new Map<string, [string, string]>();
  for (const [name, value] of input.extra) extra.set(name.toLowerCase(), [name, value]);
  const out: [string, string][] = [];
  for (const [name, value] of fields) {
    const own = extra.get(name.toLowerCase());
    if (own !== undefined) {
      extra.delete(name.toLowerCase());
      if (!(h2 && ['host', 'connection', 'upgrade', 'sec-websocket-key'].includes(name.toLowerCase()))) out.push([name, own[1]]);
      continue;
    }
    if (value !== null) out.push([name, value]);
  }
  for (const [name, value] of input.extra) if (extra.has(name.toLowerCase())) out.push([name, value]);
  return h2 ? out.map(([n, v]) => [n.toLowerCase(), v]) : out;
}

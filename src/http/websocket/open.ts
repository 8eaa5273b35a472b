/**
 * The worker's side of `client.websocket()`: opens the socket as the profile's browser would,
 * checks the answer and hands back a running session. Which road it takes (what the sources say):
 *
 * - HTTP/2 (RFC 8441), only on an HTTP/2 connection to the origin that this scope already has and
 *   whose server sent SETTINGS_ENABLE_CONNECT_PROTOCOL=1. Chromium: HttpStreamFactory::Job's
 *   try_websocket_over_http2_ (wss, direct, enable_websocket_over_http2) reuses an existing
 *   SpdySession only, and a fresh WebSocket connection offers ALPN http/1.1 alone ("Only offer
 *   HTTP/1.1 for WebSockets ... Offering HTTP/2 for a fresh connection would break such origins",
 *   http_stream_factory_job.cc / the connect-job factory's AlpnMode::kHttp11Only).
 *   Firefox: nsHttpChannel sets NS_HTTP_ALLOW_SPDY_WITHOUT_KEEPALIVE for a websocket upgrade when
 *   network.http.http2.websockets is on (the default), so a fresh connection offers its usual
 *   ALPN; nsHttpConnectionMgr sends the upgrade to an existing h2 connection only if
 *   CanAcceptWebsocket() (the server's ENABLE_CONNECT_PROTOCOL), else it calls DisableSpdy() and
 *   goes HTTP/1.1. Here a Firefox profile's fresh connection offers the profile's ALPN; if the
 *   server picks h2 and allows extended CONNECT the socket runs on it (a connection of its own,
 *   where Firefox would also pool it), else it reopens over HTTP/1.1 only.
 * - HTTP/1.1 otherwise: a connection of its own (browsers keep WebSocket sockets out of the HTTP
 *   pool), the Upgrade request in the browser's order (src/websocket/opening-headers.ts).
 */
import { ConnectError, RequestError, WebSocketHandshakeError } from '../../errors.js';
import { PerMessageDeflate } from '../../websocket/deflate.js';
import { checkOpening, makeKey, type OpeningOutcome } from '../../websocket/handshake.js';
import { deflateOffer, openingHeaders, type OpeningInput } from '../../websocket/opening-headers.js';
import { browserCloseTimeout, type WebSocketOpenOptions } from '../../websocket/options.js';
import { WebSocketSession, type SessionEvents } from '../../websocket/session.js';
import type { RequestMessage, TlsInfo } from '../../wire/messages.js';
import { connectionKey } from '../connection-key.js';
import { Deadline } from '../deadline.js';
import { scopeState } from '../dispatch.js';
import { encodeRequestHead } from '../h1/request-writer.js';
import { readResponseHead } from '../h1/response-head.js';
import { StreamReader } from '../h1/stream-reader.js';
import { Http2Session } from '../h2/session.js';
import { headerValue } from '../header-order.js';
import { parseProxyUrl } from '../proxy/proxy-url.js';
import type { Transport } from '../session.js';
import { parseTarget, type Target } from '../target.js';
import { openTransport } from '../transport.js';
import { OutgoingFrames, duplexChannel, streamChannel, type Receiver } from './byte-channels.js';
import { httpUrlOf } from './url.js';

export type { WebSocketOpenOptions } from '../../websocket/options.js';
export type { SessionEvents, WebSocketSession } from '../../websocket/session.js';

/** What the opening told us, for the caller's `WebSocket` and the echo server's report. */
export interface WebSocketOpenInfo {
  url: string;
  protocol: string;
  extensions: string;
  httpVersion: 'HTTP/1.1' | 'HTTP/2';
  status: number;
  /** The server's answer, as received. */
  headers: [string, string][];
  tls: TlsInfo | null;
}

/** A socket that is open; `start` wires its events and lets frames flow. */
export interface OpenedWebSocket {
  info: WebSocketOpenInfo;
  start(events: SessionEvents): WebSocketSession;
}

export async function openWebSocket(request: RequestMessage, options: WebSocketOpenOptions, signal: AbortSignal): Promise<OpenedWebSocket> {
  const url = httpUrlOf(request.url);
  const target = parseTarget(url);
  const httpRequest: RequestMessage = { ...request, url };
  const deadline = new Deadline(request.timeout, signal, `WebSocket ${request.url}`);
  try {
    const existing = await existingSession(httpRequest, target);
    if (existing !== null) return await overHttp2(existing.session, existing.tls, httpRequest, target, options, deadline.signal);
    const firefox = request.profile.browser === 'firefox';
    if (firefox && target.scheme === 'https' && request.http2 !== 'http1' && request.proxy === null) {
      deadline.phase = 'connect';
      const transport = await open(httpRequest, target, 'auto', deadline);
      if (transport.alpn === 'h2') {
        const session = new Http2Session(transport.stream, { profile: request.profile });
        const settings = await session.whenSettings();
        if (settings.enableConnectProtocol) return await overHttp2(session, transport.tls, httpRequest, target, options, deadline.signal);
        // Firefox's DisableSpdy(): the upgrade goes again over HTTP/1.1.
        session.close();
      } else return await overHttp1(transport, httpRequest, target, options, deadline.signal);
    }
    deadline.phase = 'connect';
    const transport = await open(httpRequest, target, 'http1', deadline);
    deadline.phase = 'read';
    return await overHttp1(transport, httpRequest, target, options, deadline.signal);
  } catch (error) {
    throw deadline.outcome(error);
  } finally {
    deadline.dispose();
  }
}

/**
 * This scope's HTTP/2 session to the origin, if it has one whose server allows extended CONNECT,
 * with its connection's TLS details (the socket's `handshake.tls`, as an HTTP/2 response's).
 */
async function existingSession(request: RequestMessage, target: Target): Promise<{ session: Http2Session; tls: TlsInfo | null } | null> {
  if (target.scheme !== 'https' || request.proxy !== null || request.http2 === 'http1') return null;
  const { pool } = scopeState(request.scope ?? '');
  const key = connectionKey({ ...request, http2: request.http2 });
  if (!pool.stats()[key]?.h2) return null;
  // The session is there: acquire hands it out without opening anything; the signal is ours.
  const lease = await pool
    .acquire({ key, profile: request.profile, mayNegotiateH2: true, open: () => Promise.reject(new ConnectError('no HTTP/2 session to reuse', 'NO_SESSION')) }, new AbortController().signal)
    .catch(() => null);
  if (lease === null || lease.kind !== 'h2' || !(lease.session instanceof Http2Session)) return null;
  const settings = await lease.session.whenSettings().catch(() => null);
  return settings?.enableConnectProtocol ? { session: lease.session, tls: lease.transport.tls } : null;
}

function open(request: RequestMessage, target: Target, http2: 'auto' | 'http1', deadline: Deadline): Promise<Transport> {
  const { session12Cache, ticketStore } = scopeState(request.scope ?? '');
  const key = connectionKey({ ...request, http2 });
  return openTransport(
    {
      target,
      profile: request.profile,
      http2,
      randomTlsExtensionOrder: request.randomTlsExtensionOrder,
      verify: request.verify,
      ca: request.ca,
      proxy: request.proxy ? parseProxyUrl(request.proxy) : null,
      localAddress: request.localAddress,
      family: request.family,
      resolve: request.resolve,
      keylog: request.keylog,
      crypto: request.crypto ?? 'native',
      userAgent: headerValue(request.headers, 'user-agent') ?? headerValue(request.profile.headers, 'user-agent'),
      session12Cache,
      ticketStore,
      sessionKey: key,
      onPhase: (phase) => (deadline.phase = phase),
    },
    deadline.signal,
  );
}

/** The fields the opening takes from the profile, the caller and the URL. */
function openingInput(request: RequestMessage, target: Target, options: WebSocketOpenOptions, key: string | null): OpeningInput {
  const pick = (name: string): string | null => headerValue(request.headers, name) ?? headerValue(request.profile.headers, name) ?? null;
  const browserFields = new Set(['user-agent', 'accept-language', 'accept-encoding', 'cookie', 'origin']);
  return {
    family: request.profile.browser,
    authority: target.authority,
    origin: options.origin ?? `${target.scheme}://${target.authority}`,
    userAgent: pick('user-agent'),
    acceptLanguage: pick('accept-language'),
    acceptEncoding: pick('accept-encoding'),
    cookie: headerValue(request.headers, 'cookie') ?? null,
    key,
    extensions: options.perMessageDeflate ? deflateOffer(request.profile.browser) : null,
    protocols: options.protocols,
    extra: request.headers.filter(([n]) => !browserFields.has(n.toLowerCase())),
  };
}

async function overHttp1(transport: Transport, request: RequestMessage, target: Target, options: WebSocketOpenOptions, signal: AbortSignal): Promise<OpenedWebSocket> {
  const stream = transport.stream;
  const onAbort = (): void => void stream.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const key = makeKey();
    const input = openingInput(request, target, options, key);
    const headers = openingHeaders(input, 'h1');
    stream.write(encodeRequestHead({ method: 'GET', target: target.path, headers, body: null }));
    const reader = new StreamReader(stream);
    const head = await readResponseHead(reader);
    if (head === null) throw new WebSocketHandshakeError('the server closed the connection without answering the WebSocket opening', 1006);
    const outcome = checkOpening({
      version: 'h1',
      status: head.status,
      headers: head.headers,
      key,
      protocols: options.protocols,
      offeredDeflate: input.extensions !== null,
      offeredClientWindowBits: input.extensions?.includes('client_max_window_bits') ?? false,
    });
    const leftover = reader.detach();
    const channel = duplexChannel(stream, leftover, () => receiverOf(session!));
    let session: WebSocketSession | null = null;
    return {
      info: info(request, outcome, 'HTTP/1.1', head.status, head.headers, transport.tls),
      start: (events) => {
        session = sessionOf(channel, outcome, request, options, events);
        channel.start();
        return session;
      },
    };
  } catch (error) {
    stream.destroy();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function overHttp2(session: Http2Session, tls: TlsInfo | null, request: RequestMessage, target: Target, options: WebSocketOpenOptions, signal: AbortSignal): Promise<OpenedWebSocket> {
  const input = openingInput(request, target, options, null);
  const outgoing = new OutgoingFrames();
  // The stream lives as long as the socket, not the opening's deadline: its own controller.
  const life = new AbortController();
  const onAbort = (): void => life.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await session.request(
      { method: 'CONNECT', protocol: 'websocket', scheme: 'https', authority: target.authority, path: target.path, headers: openingHeaders(input, 'h2'), body: outgoing },
      life.signal,
    );
    let outcome: OpeningOutcome;
    try {
      outcome = checkOpening({
        version: 'h2',
        status: response.status,
        headers: response.headers,
        key: null,
        protocols: options.protocols,
        offeredDeflate: input.extensions !== null,
        offeredClientWindowBits: input.extensions?.includes('client_max_window_bits') ?? false,
      });
    } catch (error) {
      response.body.cancel();
      throw error;
    }
    let ws: WebSocketSession | null = null;
    const channel = streamChannel(outgoing, response.body, () => receiverOf(ws!));
    return {
      info: info(request, outcome, 'HTTP/2', response.status, response.headers, tls),
      start: (events) => {
        ws = sessionOf(channel, outcome, request, options, events);
        channel.start();
        return ws;
      },
    };
  } catch (error) {
    outgoing.fail(error instanceof Error ? error : new RequestError(String(error)));
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function receiverOf(session: WebSocketSession): Receiver {
  return { receive: (chunk) => session.receive(chunk), transportClosed: (error) => session.transportClosed(error) };
}

function sessionOf(
  channel: ConstructorParameters<typeof WebSocketSession>[0],
  outcome: OpeningOutcome,
  request: RequestMessage,
  options: WebSocketOpenOptions,
  events: SessionEvents,
): WebSocketSession {
  const deflate = outcome.deflate === null ? null : new PerMessageDeflate(outcome.deflate, options.maxMessageSize);
  return new WebSocketSession(
    channel,
    deflate,
    {
      maxMessageSize: options.maxMessageSize,
      maxFrameSize: options.maxMessageSize,
      fragmentSize: options.fragmentSize,
      closeTimeoutMs: options.closeTimeoutMs > 0 ? options.closeTimeoutMs : browserCloseTimeout(request.profile.browser),
    },
    events,
  );
}

function info(request: RequestMessage, outcome: OpeningOutcome, httpVersion: 'HTTP/1.1' | 'HTTP/2', status: number, headers: [string, string][], tls: TlsInfo | null): WebSocketOpenInfo {
  return { url: request.url, protocol: outcome.protocol, extensions: outcome.extensions, httpVersion, status, headers, tls };
}

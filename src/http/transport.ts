import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TimeoutPhase } from '../errors.js';
import type { HttpVersionPreference, TlsInfo } from '../wire/messages.js';
import { profileGoodbye } from '../profiles/behavior.js';
import type { Profile } from '../profiles/types.js';
import { connect } from '../tls/connect.js';
import type { TLSConnection } from '../tls/connection.js';
import type { ClientHelloSpec } from '../vocabulary/hello-spec.js';
import { nobleProvider } from '../tls/crypto/noble.js';
import type { TicketStore13 } from '../tls/session13.js';
import { openTcp, type TcpOptions } from '../tls/tcp.js';
import type { Session12Cache } from '../tls/session12.js';
import { httpConnect } from './proxy/http-connect.js';
import type { ProxyConfig } from './proxy/proxy-url.js';
import { socks5Connect } from './proxy/socks5.js';
import type { Transport } from './session.js';
import type { Target } from './target.js';
import { overrideLookup, resolveHost } from './tcp.js';

export interface TransportOptions {
  target: Target;
  profile: Profile;
  http2: HttpVersionPreference;
  randomTlsExtensionOrder: boolean;
  verify: boolean;
  ca: string[];
  proxy: ProxyConfig | null;
  localAddress: string | null;
  family: 0 | 4 | 6;
  resolve: Record<string, string>;
  keylog: string | null;
  crypto: 'native' | 'noble';
  /** Sent in an HTTP proxy's CONNECT, as Chromium does. */
  userAgent: string | undefined;
  session12Cache: Session12Cache;
  /**
   * The connection key (connection-key.ts): a TLS session belongs to exactly what made it (the
   * client, the profile's content, the proxy, the trust it was verified under), since resuming it
   * elsewhere would link the two, or skip a certificate check the other would have made.
   */
  sessionKey: string;
  /** TLS 1.3 tickets, per worker thread (Chrome keeps one session cache per network context). */
  ticketStore: TicketStore13;
  /** Told which step is running, so a deadline can say where it ran out. */
  onPhase: (phase: TimeoutPhase) => void;
}

/**
 * Opens the byte stream to an origin: TCP, or through the proxy (an HTTP CONNECT tunnel, a SOCKS5
 * tunnel, or for plain http through an HTTP proxy the connection to the proxy itself), then TLS
 * with the profile's ClientHello for https. ALPN offers the profile's list (h2 and http/1.1 for
 * today's browsers) unless HTTP/1.1 is forced, and the server's choice decides the protocol.
 */
export async function openTransport(options: TransportOptions, signal: AbortSignal): Promise<Transport> {
  const { target, proxy } = options;
  let base: Duplex | null = null;
  try {
    options.onPhase('connect');
    if (proxy) {
      base = await openToProxy(options, proxy, signal);
      if (target.scheme === 'http' && (proxy.kind === 'http' || proxy.kind === 'https')) {
        return { stream: base, tls: null, alpn: null, socket: bottomSocket(base) };
      }
      base = await tunnel(options, proxy, base, signal);
    } else {
      const socket = await openTcp(tcpOptions(options, target.host, target.port), signal);
      if (target.scheme === 'http') return { stream: socket, tls: null, alpn: null, socket };
      // The TCP connection under https opens here, in the connect phase (a timeout there is a
      // connect timeout, which may be retried), and becomes the TLS connection's own.
      options.onPhase('handshake');
      const conn = await tlsConnect(options, target.host, target.port, alpnFor(options), { socket, owned: true }, signal);
      return { stream: conn, tls: tlsInfo(conn), alpn: conn.alpnProtocol || null, socket };
    }
    if (target.scheme === 'http') return { stream: base, tls: null, alpn: null, socket: bottomSocket(base) };

    options.onPhase('handshake');
    const conn = await tlsConnect(options, target.host, target.port, alpnFor(options), { socket: base, owned: false }, signal);
    return { stream: conn, tls: tlsInfo(conn), alpn: conn.alpnProtocol || null, socket: bottomSocket(conn) };
  } catch (error) {
    base?.destroy();
    throw error;
  }
}

async function openToProxy(options: TransportOptions, proxy: ProxyConfig, signal: AbortSignal): Promise<Duplex> {
  if (proxy.kind !== 'https') return openTcp(tcpOptions(options, proxy.host, proxy.port), signal);
  // An https proxy: the hop to the proxy is TLS too, with the same browser ClientHello (Chrome
  // uses one TLS stack for both), speaking HTTP/1.1 for CONNECT.
  const socket = await openTcp(tcpOptions(options, proxy.host, proxy.port), signal);
  return tlsConnect(options, proxy.host, proxy.port, ['http/1.1'], { socket, owned: true }, signal);
}

async function tunnel(options: TransportOptions, proxy: ProxyConfig, socket: Duplex, signal: AbortSignal): Promise<Duplex> {
  const { host, port } = options.target;
  if (proxy.kind === 'http' || proxy.kind === 'https') return httpConnect(socket, proxy, { host, port }, options.userAgent, signal);
  // socks5: we resolve the name (static overrides first) and send an address; socks5h: the name
  // goes to the proxy, which resolves it (curl's rule: local overrides do not apply there).
  const address = proxy.kind === 'socks5' ? await resolveHost(host, options.family, options.resolve) : host;
  return socks5Connect(socket, proxy, address, port, signal);
}

async function tlsConnect(
  options: TransportOptions,
  host: string,
  port: number,
  alpn: string[] | undefined,
  /** The hop's stream: a TCP connection made for it (owned) or a proxy tunnel. */
  hop: { socket: Duplex; owned: boolean },
  signal: AbortSignal,
): Promise<TLSConnection> {
  const hello: ClientHelloSpec = options.randomTlsExtensionOrder ? { ...options.profile.tls, permuteExtensions: true } : options.profile.tls;
  const pending = connect({
    host,
    port,
    servername: host,
    hello,
    verify: options.verify,
    ca: options.ca,
    signal,
    session12Cache: options.session12Cache,
    sessionCache: options.ticketStore,
    // The hop's own address first: an https proxy's session is not the origin's.
    sessionKey: `${host}:${port} ${options.sessionKey}`,
    ...(alpn ? { alpn } : {}),
    ...(options.keylog ? { keylog: options.keylog } : {}),
    ...(options.crypto === 'noble' ? { provider: nobleProvider } : {}),
    socket: hop.socket,
    ownSocket: hop.owned,
  });
  // A proxy tunnel is handed over paused (see StreamReader.detach); connect() has attached its
  // reader by the time it returns its promise, so the tunnel can flow again now.
  if (!hop.owned) hop.socket.resume();
  // The browser's goodbye: Chrome closes with a bare FIN, Firefox sends close_notify first.
  const { closeNotify } = profileGoodbye(options.profile);
  return pending.then((conn) => {
    conn.closeNotify = closeNotify;
    return conn;
  });
}

function tcpOptions(options: TransportOptions, host: string, port: number): TcpOptions {
  return { host, port, localAddress: options.localAddress, family: options.family, lookup: overrideLookup(options.resolve) };
}

/** ALPN offers the profile's list unless HTTP/1.1 is forced. */
function alpnFor(options: TransportOptions): string[] | undefined {
  return options.http2 === 'http1' ? ['http/1.1'] : undefined;
}

function tlsInfo(conn: TLSConnection): TlsInfo {
  return { version: conn.version, cipher: conn.cipher.name, alpn: conn.alpnProtocol, group: conn.group ?? null, resumed: conn.resumed };
}

/** The TCP socket under any layering of TLS connections (a TLS tunnel in TLS), for ref/unref. */
function bottomSocket(stream: Duplex): Socket | null {
  let current: Duplex = stream;
  for (let depth = 0; depth < 4; depth++) {
    if ('setNoDelay' in current && 'unref' in current) return current as Socket;
    const inner = (current as Partial<TLSConnection>).socket;
    if (!inner) return null;
    current = inner;
  }
  return null;
}

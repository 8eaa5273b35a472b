/**
 * `startEchoServer()`: a TLS server on loopback that answers every request with JSON describing
 * the client as seen on the wire (see report.ts), and is also httpbin: its routes (/get, /status,
 * /redirect, /cookies, /gzip, /drip...) answer with httpbin's semantics, their JSON carrying the
 * report too (see httpbin/router.ts). Any client can be pointed at it, ours or not. With
 * `httpPort` the same routes answer on a plain-HTTP port as well (plain-listener.ts).
 *
 * Each connection goes through three hands: hello-capture.ts reads the raw ClientHello off the
 * TCP socket; Node's TLS (OpenSSL) then does the handshake on the same socket, with the bytes
 * put back; the plaintext goes to our HTTP/2 session (ALPN h2) or the HTTP/1.1 one. A client
 * that fails any step loses its own connection only.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TLSSocket, createSecureContext } from 'node:tls';
import { generateEchoCertificate } from './certificate.js';
import { peerAddress } from './connection-info.js';
import { Http1EchoSession } from './h1-session.js';
import { Http2EchoSession } from './h2-session.js';
import { captureClientHello } from './hello-capture.js';
import { servePlain } from './plain-listener.js';
import { fingerprintHello, negotiatedOf, type HelloFingerprint, type TlsReport } from './tls-report.js';

export interface EchoServerOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A certificate (PEM, chain allowed) and its key; both or neither. Default: a fresh self-signed one for localhost, 127.0.0.1 and ::1. */
  cert?: string;
  key?: string;
  /** ALPN protocols the server accepts, in its order of preference. Default ['h2', 'http/1.1']. */
  alpn?: string[];
  /** How long a client may take to send its ClientHello and finish the handshake (ms). Default 10,000. */
  handshakeTimeoutMs?: number;
  /**
   * Also listen for plain HTTP (HTTP/1.1, and HTTP/2 with prior knowledge) on this port, on the
   * same host; 0 picks a free one. Default: no plain listener.
   */
  httpPort?: number;
}

export interface EchoServer {
  port: number;
  host: string;
  /**
   * `https://localhost:<port>/` when listening on 127.0.0.1 or localhost, so that clients send SNI
   * as they do for any site (JA4's "d"); otherwise `https://<host>:<port>/` (`[::1]` for IPv6),
   * where clients send no SNI for an IP literal.
   */
  url: string;
  /** PEM of the certificate a client must trust (the generated one, or `cert` as given). */
  ca: string;
  /** The plain-HTTP port, when `httpPort` was given. */
  httpPort?: number;
  /** `http://localhost:<httpPort>/` (named like `url`), when `httpPort` was given. */
  plainUrl?: string;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Hosts a `localhost` URL reaches: it resolves to 127.0.0.1 (where it resolves to ::1 first, clients fall back). */
const NAMED_AS_LOCALHOST = new Set(['127.0.0.1', 'localhost']);

export async function startEchoServer(options: EchoServerOptions = {}): Promise<EchoServer> {
  if ((options.cert === undefined) !== (options.key === undefined)) throw new TypeError('startEchoServer: give both cert and key, or neither');
  const { cert, key } = options.cert !== undefined && options.key !== undefined ? { cert: options.cert, key: options.key } : generateEchoCertificate();
  const secureContext = createSecureContext({ cert, key });
  const alpn = options.alpn ?? ['h2', 'http/1.1'];
  const timeoutMs = options.handshakeTimeoutMs ?? 10_000;
  const sockets = new Set<Socket>();

  const accept = (handle: (socket: Socket) => Promise<void>) => (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // The raw socket may report a reset after TLS took it over; the connection just ends.
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    // The handlers deal with their own failures; this catch is the last guard that keeps a bug
    // in one from becoming an unhandled rejection, which would end the whole process.
    handle(socket).catch(() => socket.destroy());
  };
  const host = options.host ?? '127.0.0.1';
  const server = createServer(accept((socket) => serve(socket, { secureContext, alpn, timeoutMs })));
  const port = await listen(server, options.port ?? 0, host);
  let plain: Server | undefined;
  let httpPort: number | undefined;
  if (options.httpPort !== undefined) {
    plain = createServer(accept((socket) => servePlain(socket, timeoutMs)));
    try {
      httpPort = await listen(plain, options.httpPort, host);
    } catch (error) {
      await closeServer(server, sockets);
      throw error;
    }
  }
  const urlHost = NAMED_AS_LOCALHOST.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const close = async (): Promise<void> => {
    await Promise.all([closeServer(server, sockets), plain ? closeServer(plain, sockets) : undefined]);
  };
  return {
    port,
    host,
    url: `https://${urlHost}:${port}/`,
    ca: cert,
    ...(httpPort !== undefined ? { httpPort, plainUrl: `http://${urlHost}:${httpPort}/` } : {}),
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listen, an accept failure (EMFILE) must not become an unhandled 'error' that ends the process.
  server.on('error', () => {});
  return (server.address() as AddressInfo).port;
}

interface ServeContext {
  secureContext: ReturnType<typeof createSecureContext>;
  alpn: string[];
  timeoutMs: number;
}

async function serve(socket: Socket, context: ServeContext): Promise<void> {
  const started = Date.now();
  let fingerprint: HelloFingerprint;
  let bytes: Buffer;
  try {
    const captured = await captureClientHello(socket, { timeoutMs: context.timeoutMs });
    bytes = captured.bytes;
    // A hello our parser rejects is closed here too: a report without fingerprints has no use.
    fingerprint = fingerprintHello(captured.hello);
  } catch {
    socket.destroy();
    return;
  }
  if (socket.destroyed) return;
  socket.unshift(bytes);
  const tls = new TLSSocket(socket, { isServer: true, secureContext: context.secureContext, ALPNProtocols: context.alpn });
  const timer = setTimeout(() => tls.destroy(), Math.max(0, context.timeoutMs - (Date.now() - started)));
  tls.on('error', () => {
    clearTimeout(timer);
    tls.destroy();
    socket.destroy();
  });
  tls.once('close', () => clearTimeout(timer));
  tls.once('secure', () => {
    clearTimeout(timer);
    const report: TlsReport = { ...fingerprint, negotiated: negotiatedOf(tls) };
    const connection = { scheme: 'https' as const, remoteAddress: peerAddress(socket.remoteAddress), tls: report };
    const session = tls.alpnProtocol === 'h2' ? new Http2EchoSession(tls, connection) : new Http1EchoSession(tls, connection);
    session.start();
  });
}

/** Stops listening and ends every open connection, so the port is free when this resolves. */
function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}

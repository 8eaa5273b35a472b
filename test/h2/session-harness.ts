/**
 * Shared pieces of the HTTP/2 session tests: our TLS `connect()` + `Http2Session` against a
 * server on 127.0.0.1, Node's http2 server with a session count, a raw TLS server that speaks
 * hand-written frames (for recording our bytes and for misbehaving on purpose), and helpers to
 * read bodies and wait for conditions.
 */
import { createHash } from 'node:crypto';
import http2 from 'node:http2';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { Http2Session, type Http2Request, type Http2SessionOptions } from '../../src/http/h2/session.js';
import { FrameReader, HpackDecoder, HpackEncoder, encodeFrame, type Frame, type HeaderField } from '../../src/http/h2/index.js';
import type { ExchangeResponse } from '../../src/http/session.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import type { TLSConnection } from '../../src/tls/connection.js';
import { connect } from '../../src/tls/connect.js';
import type { Pki } from '../helpers/pki.js';

export type SessionProfile = Http2SessionOptions['profile'];

export interface OpenedSession {
  session: Http2Session;
  conn: TLSConnection;
}

/** Our TLS connection (ALPN h2 only) to 127.0.0.1:port, and a session on it. */
export async function openSession(pki: Pki, port: number, profile: SessionProfile = chrome156, extra: Partial<Http2SessionOptions> = {}): Promise<OpenedSession> {
  const conn = await connect({ host: '127.0.0.1', port, servername: 'localhost', ca: pki.ca, alpn: ['h2'] });
  if (conn.alpnProtocol !== 'h2') throw new Error(`the server chose ALPN ${String(conn.alpnProtocol)}, not h2`);
  return { session: new Http2Session(conn, { profile, ...extra }), conn };
}

export function get(path: string, headers: [string, string][] = []): Http2Request {
  return { method: 'GET', scheme: 'https', authority: 'localhost', path, headers, body: null };
}

export function withBody(method: string, path: string, body: Http2Request['body'], headers: [string, string][] = []): Http2Request {
  return { method, scheme: 'https', authority: 'localhost', path, headers, body };
}

export async function readBody(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function readText(response: ExchangeResponse): Promise<string> {
  return (await readBody(response.body)).toString('utf8');
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Deterministic incompressible bytes (a counter-mode SHA-256 stream). */
export function pseudoRandomBytes(length: number, seed = 'tls-requests'): Buffer {
  const out = Buffer.alloc(length);
  for (let at = 0, i = 0; at < length; i++) {
    const block = createHash('sha256').update(`${seed}:${i}`).digest();
    block.copy(out, at);
    at += block.length;
  }
  return out;
}

export async function waitFor(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A free TCP port on 127.0.0.1 for a server that cannot bind port 0 itself (nginx, nghttpd). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---------------------------------------------------------------------------------------------
// Node's http2 server

export interface NodeH2Server {
  server: http2.Http2SecureServer;
  port: number;
  /** HTTP/2 sessions (connections) the server accepted. */
  sessions: http2.ServerHttp2Session[];
  stop(): Promise<void>;
}

export async function startNodeH2Server(
  pki: Pki,
  onStream: (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void,
  options: http2.SecureServerOptions = {},
): Promise<NodeH2Server> {
  const leaf = pki.leaves.ecdsaP256;
  const server = http2.createSecureServer({ key: leaf.keyPem, cert: leaf.chainPem, allowHTTP1: false, ...options });
  const sessions: http2.ServerHttp2Session[] = [];
  server.on('session', (session) => {
    sessions.push(session);
    session.on('error', () => {});
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    onStream(stream, headers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    sessions,
    stop: async () => {
      for (const s of sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A raw h2 server: frames in, frames out, under the test's control

export interface RawConnection {
  socket: tls.TLSSocket;
  /** Every plaintext octet the client sent, in order. */
  received(): Buffer;
  /** Every frame the client sent so far (after the preface). */
  frames: Frame[];
  /** Our HPACK decoder for the client's header blocks. */
  decoder: HpackDecoder;
  /** An encoder for the server's responses (static-only friendly). */
  encoder: HpackEncoder;
  send(...frames: (Frame | Uint8Array)[]): void;
  /** Resolves with the first client frame matching, waiting for it if need be. */
  waitForFrame(match: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** The client closed the connection (TCP or TLS). */
  closed: Promise<void>;
  /** Set by the script: called for each client frame as it arrives (after the automatic ACK). */
  onFrame?: (frame: Frame) => void;
}

export interface RawH2Server {
  port: number;
  connections: RawConnection[];
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** nginx 1.22's server preface: SETTINGS (128 streams, 64 KiB window, max frame) and a connection WINDOW_UPDATE. */
export const NGINX_PREFACE: Frame[] = [
  {
    type: 'SETTINGS',
    streamId: 0,
    ack: false,
    settings: [
      { id: 3, value: 128 },
      { id: 4, value: 65_536 },
      { id: 5, value: 16_777_215 },
    ],
  },
  { type: 'WINDOW_UPDATE', streamId: 0, increment: 2_147_418_112 },
];

export function responseHeaders(conn: RawConnection, streamId: number, fields: HeaderField[], endStream: boolean): Frame {
  return { type: 'HEADERS', streamId, endStream, endHeaders: true, headerBlock: conn.encoder.encode(fields) };
}

/**
 * A TLS server (ALPN h2) that records the client's plaintext and hands each connection to
 * `script`, which decides what to send. Its SETTINGS ACK is automatic unless `autoAck` is false.
 */
export async function startRawH2Server(
  pki: Pki,
  script: (conn: RawConnection) => void,
  options: { autoAck?: boolean } = {},
): Promise<RawH2Server> {
  const leaf = pki.leaves.ecdsaP256;
  const connections: RawConnection[] = [];
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer({ key: leaf.keyPem, cert: leaf.chainPem, ALPNProtocols: ['h2'] }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    const chunks: Buffer[] = [];
    const reader = new FrameReader({ expectPreface: true, maxFrameSize: 16_777_215 });
    const waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
    let closeResolve: () => void = () => {};
    const conn: RawConnection = {
      socket,
      received: () => Buffer.concat(chunks),
      frames: [],
      decoder: new HpackDecoder(),
      encoder: new HpackEncoder(),
      send: (...frames) => {
        if (socket.destroyed || socket.writableEnded) return;
        socket.write(Buffer.concat(frames.map((f) => (f instanceof Uint8Array ? f : encodeFrame(f)))));
      },
      waitForFrame: (match, timeoutMs = 5_000) => {
        const found = conn.frames.find(match);
        if (found) return Promise.resolve(found);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no matching client frame within ${timeoutMs} ms; got ${conn.frames.map((f) => f.type).join(',')}`)), timeoutMs);
          waiters.push({
            match,
            resolve: (f) => {
              clearTimeout(timer);
              resolve(f);
            },
          });
        });
      },
      closed: new Promise<void>((resolve) => (closeResolve = resolve)),
    };
    socket.once('close', () => closeResolve());
    connections.push(conn);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      let frames: Frame[];
      try {
        frames = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        conn.frames.push(frame);
        if (frame.type === 'SETTINGS' && !frame.ack && options.autoAck !== false) conn.send({ type: 'SETTINGS', streamId: 0, ack: true, settings: [] });
        conn.onFrame?.(frame);
        for (const w of [...waiters]) {
          if (w.match(frame)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(frame);
          }
        }
      }
    });
    script(conn);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stop = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, connections, stop, [Symbol.asyncDispose]: stop };
}

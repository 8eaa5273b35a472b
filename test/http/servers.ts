/**
 * Real servers for the HTTP tests, on 127.0.0.1 ephemeral ports: Node's http and https servers
 * that count the sockets they accept, and a raw TCP server that answers with whatever bytes a
 * test scripts (for malformed responses).
 */
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import type { Pki } from '../helpers/pki.js';

export interface CountingServer {
  port: number;
  url: string;
  /** Sockets accepted so far. */
  sockets: number;
  /** Requests in progress right now, and the most ever at once. */
  active: number;
  maxActive: number;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

function instrument(server: http.Server | https.Server, scheme: 'http' | 'https', host: string, handler: Handler): Promise<CountingServer> {
  const state: CountingServer = {
    port: 0,
    url: '',
    sockets: 0,
    active: 0,
    maxActive: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', () => state.sockets++);
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    res.once('close', () => state.active--);
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      state.port = (server.address() as AddressInfo).port;
      state.url = `${scheme}://${scheme === 'https' || host !== '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${state.port}`;
      resolve(state);
    });
  });
}

export function startHttpServer(handler: Handler, options: http.ServerOptions = {}, host = '127.0.0.1'): Promise<CountingServer> {
  return instrument(http.createServer(options), 'http', host, handler);
}

/** An https server with a leaf for localhost from `pki`; its url names `localhost`. */
export function startHttpsServer(pki: Pki, handler: Handler, host = '127.0.0.1'): Promise<CountingServer> {
  const leaf = pki.leaves.ecdsaP256;
  return instrument(https.createServer({ key: leaf.keyPem, cert: leaf.chainPem }), 'https', host, handler);
}

export interface RawServer {
  port: number;
  url: string;
  connections: number;
  /** What each connection sent, as latin1 text. */
  received: string[];
  close(): Promise<void>;
}

/**
 * A TCP server that hands each connection to `script` once the request head has arrived: the
 * script writes whatever bytes it likes (a malformed status line, a truncated body...).
 */
export function startRawServer(script: (socket: net.Socket, head: string, index: number) => void): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const state: RawServer = { port: 0, url: '', connections: 0, received: [], close: async () => {} };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const index = state.connections++;
    let buffered = '';
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      state.received[index] = buffered;
      if (!answered && buffered.includes('\r\n\r\n')) {
        answered = true;
        script(socket, buffered, index);
      }
    });
  });
  state.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      state.port = (server.address() as AddressInfo).port;
      state.url = `http://127.0.0.1:${state.port}`;
      resolve(state);
    });
  });
}

/** A free TCP port on 127.0.0.1 (for servers that cannot bind port 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
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
    if (Date.now() > until) throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Where a server that is reached as `localhost` should listen: the dual-stack `::` when the
 * machine has IPv6 (a proxy resolving `localhost` may get ::1 first), else 127.0.0.1.
 */
export async function localhostListenAddress(): Promise<string> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve('127.0.0.1'));
    probe.listen(0, '::', () => probe.close(() => resolve('::')));
  });
}

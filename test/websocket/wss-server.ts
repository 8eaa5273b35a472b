/**
 * What several WebSocket tests share: the `ws` package's server over a Node https server with a
 * test PKI, on an ephemeral loopback port, and Chrome's opening header order.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type ServerOptions } from 'ws';
import { makePki } from '../helpers/pki.js';

export interface WssServer {
  url: string;
  /** The CA that signed the server's certificate, for the client's `ca`. */
  ca: string;
  wss: WebSocketServer;
  close(): void;
}

export async function startWssServer(options: Omit<ServerOptions, 'server' | 'port' | 'noServer'> = {}): Promise<WssServer> {
  const pki = await makePki();
  const server: Server = createServer({ key: pki.leaves.ecdsaP256.keyPem, cert: pki.leaves.ecdsaP256.chainPem });
  const wss = new WebSocketServer({ ...options, server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `wss://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    ca: pki.ca,
    wss,
    close: () => {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      server.close();
    },
  };
}

/** Chrome's Upgrade request fields, in its order (before any the caller adds). */
export const CHROME_OPENING = [
  'Host',
  'Connection',
  'Pragma',
  'Cache-Control',
  'User-Agent',
  'Upgrade',
  'Origin',
  'Sec-WebSocket-Version',
  'Accept-Encoding',
  'Accept-Language',
  'Sec-WebSocket-Key',
  'Sec-WebSocket-Extensions',
];

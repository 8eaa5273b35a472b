/**
 * Our WebSocket against the `ws` package's server (an implementation that is not ours), over
 * ws:// and wss:// (HTTP/1.1 Upgrade), through the real worker pool: text, binary, fragments,
 * ping/pong, close codes both ways, permessage-deflate, and the opening's headers as sent.
 */
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as PeerSocket } from 'ws';
import { AsyncClient, WebSocket, WebSocketHandshakeError } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { CHROME_OPENING } from './wss-server.js';

interface Peer {
  url: string;
  server: Server;
  wss: WebSocketServer;
  /** The raw header lines of each opening, in order. */
  openings: string[][];
  /** Every server-side socket, for tests that drive the server's side. */
  sockets: PeerSocket[];
}

let pki: Pki;
const peers: Peer[] = [];

async function startPeer(tls: boolean, options: ConstructorParameters<typeof WebSocketServer>[0] = {}): Promise<Peer> {
  const server = tls ? createHttpsServer({ key: pki.leaves.ecdsaP256.keyPem, cert: pki.leaves.ecdsaP256.chainPem }) : createServer();
  const wss = new WebSocketServer({ ...options, server });
  const peer: Peer = { url: '', server, wss, openings: [], sockets: [] };
  wss.on('headers', (_headers, request: IncomingMessage) => peer.openings.push(request.rawHeaders.filter((_, i) => i % 2 === 0)));
  wss.on('connection', (socket, request) => {
    peer.sockets.push(socket);
    const path = request.url ?? '/';
    socket.on('message', (data, isBinary) => {
      if (path === '/echo') socket.send(data, { binary: isBinary });
      if (path === '/fragments') {
        // ws's `fin: false` sends the message in pieces (continuation frames).
        socket.send('Hel', { fin: false });
        socket.send('lo, ', { fin: false });
        socket.send('wörld', { fin: true });
      }
      if (path === '/close') socket.close(4001, data.toString());
    });
    if (path === '/ping') {
      socket.on('pong', (data) => socket.send(`pong:${data.toString()}`));
      socket.ping(Buffer.from('are you there'));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.url = `${tls ? 'wss' : 'ws'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  peers.push(peer);
  return peer;
}

let plain: Peer;
let secure: Peer;
let client: AsyncClient;

beforeAll(async () => {
  pki = await makePki();
  plain = await startPeer(false, { perMessageDeflate: { threshold: 0 } });
  secure = await startPeer(true, { perMessageDeflate: false });
  client = new AsyncClient({ ca: pki.ca });
});

afterAll(async () => {
  await client?.close();
  await closeDefaultPool();
  for (const peer of peers) {
    for (const socket of peer.sockets) socket.terminate();
    peer.wss.close();
    peer.server.close();
  }
});

function nextMessage(ws: WebSocket): Promise<MessageEvent> {
  return new Promise((resolve) => ws.addEventListener('message', (event) => resolve(event as MessageEvent), { once: true }));
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string; wasClean: boolean }> {
  return new Promise((resolve) =>
    ws.addEventListener(
      'close',
      (event) => {
        const { code, reason, wasClean } = event as unknown as { code: number; reason: string; wasClean: boolean };
        resolve({ code, reason, wasClean });
      },
      { once: true },
    ),
  );
}

describe('against the ws package', () => {
  it('echoes text and binary over ws:// with permessage-deflate', async () => {
    const ws = await client.websocket(`${plain.url}/echo`);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(ws.extensions).toContain('permessage-deflate');
    ws.binaryType = 'arraybuffer';
    const text = nextMessage(ws);
    ws.send('héllo');
    expect((await text).data).toBe('héllo');
    const binary = nextMessage(ws);
    ws.send(Uint8Array.from([1, 2, 3, 255]));
    expect([...new Uint8Array((await binary).data as ArrayBuffer)]).toEqual([1, 2, 3, 255]);
    // A large, compressible message, to cross several TLS records and zlib flushes.
    const big = 'abc'.repeat(200_000);
    const large = nextMessage(ws);
    ws.send(big);
    expect((await large).data).toBe(big);
    const done = closed(ws);
    ws.close(1000, 'bye');
    expect(await done).toEqual({ code: 1000, reason: 'bye', wasClean: true });
    expect(ws.bufferedAmount).toBe(0);
  });

  it('sends the opening as Chrome does, in its order', async () => {
    const ws = await client.websocket(`${plain.url}/echo`, { protocols: ['chat', 'superchat'] });
    const names = plain.openings.at(-1)!;
    expect(names).toEqual([...CHROME_OPENING, 'Sec-WebSocket-Protocol']);
    ws.close();
  });

  it('reads fragmented messages and answers pings', async () => {
    const ws = await client.websocket(`${plain.url}/fragments`);
    const message = nextMessage(ws);
    ws.send('go');
    expect((await message).data).toBe('Hello, wörld');
    ws.close();
  });

  it('answers a ping with its payload', async () => {
    const pinged = await client.websocket(`${plain.url}/ping`);
    for await (const message of pinged) {
      expect(message).toBe('pong:are you there');
      break;
    }
    pinged.close();
  });

  it('sends its own messages in fragments when asked', async () => {
    const ws = await client.websocket(`${plain.url}/echo`, { fragmentSize: 1000 });
    const message = nextMessage(ws);
    ws.send('x'.repeat(10_000));
    expect((await message).data).toBe('x'.repeat(10_000));
    ws.close();
  });

  it('reports the server\'s close code and reason', async () => {
    const ws = await client.websocket(`${plain.url}/close`);
    const done = closed(ws);
    ws.send('server says bye');
    expect(await done).toEqual({ code: 4001, reason: 'server says bye', wasClean: true });
    expect(ws.readyState).toBe(WebSocket.CLOSED);
  });

  it('works over wss:// without compression, with the async iterator', async () => {
    const ws = await client.websocket(`${secure.url}/echo`, { perMessageDeflate: false });
    expect(ws.extensions).toBe('');
    expect(ws.handshake?.tls?.version).toBe('TLSv1.3');
    expect(ws.handshake?.httpVersion).toBe('HTTP/1.1');
    for (let i = 0; i < 5; i++) ws.send(`m${i}`);
    const got: (string | Uint8Array)[] = [];
    for await (const message of ws) {
      got.push(message);
      if (got.length === 5) ws.close(1000);
    }
    expect(got).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('new WebSocket(url, { client }) with WHATWG handlers', async () => {
    const ws = new WebSocket(`${plain.url}/echo`, { client });
    const events: string[] = [];
    const done = new Promise<void>((resolve) => {
      ws.onopen = () => {
        events.push('open');
        ws.send('ping');
      };
      ws.onmessage = (event) => {
        events.push(`message:${(event as MessageEvent).data as string}`);
        ws.close(3000, 'done');
      };
      ws.onclose = (event) => {
        events.push(`close:${(event as unknown as { code: number }).code}`);
        resolve();
      };
    });
    expect(() => ws.send('too early')).toThrow(/connecting/);
    await done;
    expect(events).toEqual(['open', 'message:ping', 'close:3000']);
  });

  it('send() takes a Blob, ArrayBuffer, SharedArrayBuffer and views, as binary and in call order', async () => {
    const ws = await client.websocket(`${secure.url}/echo`, { perMessageDeflate: false });
    const shared = new SharedArrayBuffer(4);
    new Uint8Array(shared).set([9, 8, 7, 6]);
    const reused = Uint8Array.from([1, 1]);
    const big = new Uint8Array(300_000).fill(5);
    ws.send('first');
    // Its bytes come asynchronously: everything after it, and the close, waits behind it.
    ws.send(new Blob([big, 'tail']));
    ws.send(shared);
    ws.send(new DataView(Uint8Array.from([0, 1, 2, 3, 4]).buffer, 1, 3));
    ws.send(reused);
    // WHATWG takes the bytes at send(): a change after it is not sent.
    reused.fill(2);
    ws.send(Uint8Array.from([3, 4]).buffer);
    ws.send(new Blob(['blob text']));
    ws.send('last');
    expect(ws.bufferedAmount).toBe(5 + big.byteLength + 4 + 4 + 3 + 2 + 2 + 9 + 4);
    ws.close(1000);
    const got: (string | number[])[] = [];
    for await (const message of ws) got.push(typeof message === 'string' ? message : message.byteLength > 100 ? [message.byteLength] : [...message]);
    const blobBytes = [...new TextEncoder().encode('blob text')];
    expect(got).toEqual(['first', [big.byteLength + 4], [9, 8, 7, 6], [1, 2, 3], [1, 1], [3, 4], blobBytes, 'last']);
    expect(ws.bufferedAmount).toBe(0);
  });

  it('refuses a server that is not a WebSocket', async () => {
    const server = createServer((_req, res) => res.end('no'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await expect(client.websocket(url)).rejects.toBeInstanceOf(WebSocketHandshakeError);
    server.close();
  });
});

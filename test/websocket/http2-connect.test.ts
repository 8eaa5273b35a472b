/**
 * RFC 8441 against Node's HTTP/2 server (settings.enableConnectProtocol), frames on the stream
 * read and written by the ws package's Receiver and Sender: a Chrome profile uses extended CONNECT
 * only on an HTTP/2 connection it already has (a fresh one offers ALPN http/1.1 alone), a Firefox
 * profile also on a fresh connection whose server allows it.
 */
import { createSecureServer, type Http2SecureServer, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Writable } from 'node:stream';
import * as wsModule from 'ws';
import { WebSocketServer } from 'ws';
import { AsyncClient } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { makePki, type Pki } from '../helpers/pki.js';

let pki: Pki;
let server: Http2SecureServer;
let base = '';
/** Each extended CONNECT's header block, in order as received. */
const connects: string[][] = [];
/** The ALPN of each TLS connection, in order. */
const alpns: (string | false)[] = [];

/** ws's frame codec, exported at runtime (ws/lib/receiver.js, sender.js) but not in @types/ws. */
type WsReceiver = Writable & {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): WsReceiver;
  on(event: 'ping', listener: (data: Buffer) => void): WsReceiver;
  on(event: 'conclude', listener: (code: number, reason: Buffer) => void): WsReceiver;
};
interface WsSender {
  send(data: Buffer, options: { binary: boolean; fin: boolean; mask: boolean; compress: boolean; rsv1: boolean; readOnly: boolean }): void;
  pong(data: Buffer, mask: boolean): void;
  close(code: number | undefined, reason: Buffer, mask: boolean, cb: () => void): void;
}
const codec = wsModule as unknown as {
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => WsReceiver;
  Sender: new (socket: Writable) => WsSender;
};
const { Receiver, Sender } = codec;

/** What the /flood socket's server saw: messages written, and waits for its stream to drain. */
const flood = { sent: 0, stalls: 0 };
const FLOOD_SIZE = 64 << 10;

/** Binary messages, each starting with its index, as fast as the stream's flow control lets them. */
function serveFlood(stream: ServerHttp2Stream, sender: WsSender, count: number): void {
  const pump = (): void => {
    while (flood.sent < count && !stream.destroyed) {
      if (stream.writableLength > 1 << 20) {
        flood.stalls++;
        stream.once('drain', pump);
        return;
      }
      const message = Buffer.alloc(FLOOD_SIZE);
      message.writeUInt32BE(flood.sent++, 0);
      sender.send(message, { binary: true, fin: true, mask: false, compress: false, rsv1: false, readOnly: false });
    }
  };
  pump();
}

function serveWebSocket(stream: ServerHttp2Stream, path: string): void {
  stream.respond({ ':status': 200 });
  const receiver = new Receiver({ isServer: true, maxPayload: 0 });
  const sender = new Sender(stream);
  if (path === '/flood') {
    serveFlood(stream, sender, 1_000);
    return;
  }
  receiver.on('message', (data: Buffer, isBinary: boolean) => sender.send(data, { binary: isBinary, fin: true, mask: false, compress: false, rsv1: false, readOnly: false }));
  receiver.on('ping', (data: Buffer) => sender.pong(data, false));
  receiver.on('conclude', (code: number, reason: Buffer) => {
    // 1005: our close had no code; the answer then has none either.
    sender.close(code === 1005 ? undefined : code, reason, false, () => stream.end());
  });
  stream.pipe(receiver);
}

beforeAll(async () => {
  pki = await makePki();
  server = createSecureServer({ key: pki.leaves.ecdsaP256.keyPem, cert: pki.leaves.ecdsaP256.chainPem, allowHTTP1: true, settings: { enableConnectProtocol: true } });
  server.on('secureConnection', (socket: TLSSocket) => alpns.push(socket.alpnProtocol ?? false));
  server.on('stream', (stream: ServerHttp2Stream, headers: Record<string, string>, _flags: number, raw: string[]) => {
    if (headers[':method'] === 'CONNECT' && headers[':protocol'] === 'websocket') {
      connects.push(raw.filter((_: string, i: number) => i % 2 === 0));
      serveWebSocket(stream, headers[':path'] ?? '/');
      return;
    }
    stream.respond({ ':status': 200 });
    stream.end('ok');
  });
  // HTTP/1.1 Upgrades (a fresh Chrome connection) go to ws's own server.
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => ws.on('message', (d, b) => ws.send(d, { binary: b }))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeDefaultPool();
  server?.close();
});

async function echo(ws: Awaited<ReturnType<AsyncClient['websocket']>>, text: string): Promise<string> {
  ws.send(text);
  for await (const message of ws) return message as string;
  throw new Error('closed before the echo');
}

describe('RFC 8441', () => {
  it('Chrome: a fresh connection upgrades over HTTP/1.1 with ALPN http/1.1 only', async () => {
    await using client = new AsyncClient({ ca: pki.ca, clientIdentifier: 'chrome' });
    const before = alpns.length;
    const ws = await client.websocket(`wss://${base}/fresh`);
    expect(ws.handshake?.httpVersion).toBe('HTTP/1.1');
    expect(alpns.slice(before)).toEqual(['http/1.1']);
    expect(await echo(ws, 'over h1')).toBe('over h1');
    ws.close();
  });

  it('Chrome: on its existing HTTP/2 connection, extended CONNECT', async () => {
    await using client = new AsyncClient({ ca: pki.ca, clientIdentifier: 'chrome' });
    const page = await client.get(`https://${base}/`);
    expect(page.httpVersion).toBe('HTTP/2');
    const before = alpns.length;
    const ws = await client.websocket(`wss://${base}/chat?room=1`, { perMessageDeflate: false });
    expect(alpns.length).toBe(before);
    expect(ws.handshake?.httpVersion).toBe('HTTP/2');
    // The TLS of the connection it shares with the page, as the page's response reports it.
    const { profile: _profile, ...pageTls } = page.tls!;
    expect(ws.handshake?.tls).toEqual(pageTls);
    expect(ws.handshake?.tls?.alpn).toBe('h2');
    expect(connects.at(-1)).toEqual([':method', ':authority', ':scheme', ':path', ':protocol', 'pragma', 'cache-control', 'user-agent', 'origin', 'sec-websocket-version', 'accept-encoding', 'accept-language']);
    expect(await echo(ws, 'over h2')).toBe('over h2');
    const bytes = new Uint8Array(70_000).fill(7);
    ws.send(bytes);
    for await (const message of ws) {
      expect(message).toEqual(bytes);
      break;
    }
    const closed = new Promise<{ code: number; wasClean: boolean }>((resolve) =>
      ws.addEventListener('close', (e) => resolve({ code: (e as unknown as { code: number }).code, wasClean: (e as unknown as { wasClean: boolean }).wasClean })),
    );
    ws.close(4000, 'done');
    expect(await closed).toEqual({ code: 4000, wasClean: true });
    // The HTTP/2 connection lives on for the page.
    expect((await client.get(`https://${base}/`)).status).toBe(200);
  });

  it('a slow reader holds the server back through the stream\'s flow control', async () => {
    await using client = new AsyncClient({ ca: pki.ca, clientIdentifier: 'chrome' });
    await client.get(`https://${base}/`);
    const ws = await client.websocket(`wss://${base}/flood`, { perMessageDeflate: false });
    expect(ws.handshake?.httpVersion).toBe('HTTP/2');
    let read = 0;
    let maxQueued = 0;
    let maxAhead = 0;
    for await (const message of ws) {
      maxQueued = Math.max(maxQueued, ws.queuedMessages);
      const bytes = message as Uint8Array;
      expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0)).toBe(read++);
      if (read <= 20) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        maxAhead = Math.max(maxAhead, flood.sent - read);
      }
      if (read === 1_000) break;
    }
    console.log(`HTTP/2 backpressure: at most ${maxQueued} queued here, the server at most ${maxAhead} messages ahead of the slow reader, ${flood.stalls} stalls`);
    // 1 MiB of window here, the stream's receive window, the server's own 1 MiB: not the 1,000.
    expect(maxQueued).toBeLessThanOrEqual(16);
    expect(maxAhead).toBeLessThan(200);
    expect(flood.stalls).toBeGreaterThan(0);
    ws.close();
  });

  it('Firefox: a fresh connection that negotiates h2 and allows it, extended CONNECT', async () => {
    await using client = new AsyncClient({ ca: pki.ca, clientIdentifier: 'firefox' });
    const before = alpns.length;
    const ws = await client.websocket(`wss://${base}/ff`, { perMessageDeflate: false });
    expect(alpns.slice(before)).toEqual(['h2']);
    expect(ws.handshake?.httpVersion).toBe('HTTP/2');
    expect(ws.handshake?.tls?.version).toBe('TLSv1.3');
    expect(ws.handshake?.tls?.alpn).toBe('h2');
    expect(connects.at(-1)!.slice(0, 5)).toEqual([':method', ':path', ':authority', ':scheme', ':protocol']);
    expect(await echo(ws, 'firefox over h2')).toBe('firefox over h2');
    ws.close();
  });
});

/**
 * Servers that break RFC 6455 on purpose, written here over raw TCP (after a correct 101): every
 * breach ends in a typed error, the close code the RFC names goes back to the server, and a server
 * that never completes the close costs at most the close timeout.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, WebSocketHandshakeError, WebSocketProtocolError, type WebSocket } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';

type Script = (socket: Socket) => void;

let server: Server;
let port = 0;
const scripts = new Map<string, Script>();
/** What each path's server read from us after the opening (our frames, unmasked). */
const received = new Map<string, Buffer[]>();
let client: AsyncClient;

function accept(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

/** Our client frames, unmasked: [opcode, payload]. */
function parseClientFrames(data: Buffer): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = data[at]! & 0x0f;
    let length = data[at + 1]! & 0x7f;
    let head = 2;
    if (length === 126) {
      length = data.readUInt16BE(at + 2);
      head = 4;
    } else if (length === 127) {
      length = Number(data.readBigUInt64BE(at + 2));
      head = 10;
    }
    const key = data.subarray(at + head, at + head + 4);
    const payload = Buffer.from(data.subarray(at + head + 4, at + head + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i]! ^= key[i % 4]!;
    out.push([opcode, payload]);
    at += head + 4 + length;
  }
  return out;
}

beforeAll(async () => {
  server = createServer((socket) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const path = head.split(' ')[1]!;
      const key = /sec-websocket-key: (.*)\r\n/i.exec(head)![1]!.trim();
      const badAccept = path === '/bad-accept';
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${badAccept ? accept('nope') : accept(key)}\r\n\r\n`);
      const chunks: Buffer[] = [];
      received.set(path, chunks);
      socket.on('data', (data: Buffer) => chunks.push(data));
      socket.on('error', () => {});
      scripts.get(path)?.(socket);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  client = new AsyncClient();
});

afterAll(async () => {
  await client?.close();
  await closeDefaultPool();
  server?.close();
});

function outcome(ws: WebSocket): Promise<{ code: number; wasClean: boolean; error: unknown; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) =>
    ws.addEventListener('close', (event) => {
      const { code, wasClean } = event as unknown as { code: number; wasClean: boolean };
      resolve({ code, wasClean, error: ws.error, ms: performance.now() - started });
    }),
  );
}

async function breach(path: string, script: Script, options: Parameters<AsyncClient['websocket']>[1] = {}): Promise<{ code: number; wasClean: boolean; error: unknown; ms: number; sent: [number, Buffer][] }> {
  scripts.set(path, script);
  const ws = await client.websocket(`ws://127.0.0.1:${port}${path}`, options);
  const result = await outcome(ws);
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { ...result, sent: parseClientFrames(Buffer.concat(received.get(path) ?? [])) };
}

const closeCodeOf = (frames: [number, Buffer][]): number | null => {
  const close = frames.find(([opcode]) => opcode === 0x8);
  return close === undefined || close[1].length < 2 ? null : close[1].readUInt16BE(0);
};

describe('a hostile server', () => {
  it('masked frame: 1002, a WebSocketProtocolError', async () => {
    const r = await breach('/masked', (s) => s.write(Buffer.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58])));
    expect(r.error).toBeInstanceOf(WebSocketProtocolError);
    expect(r).toMatchObject({ code: 1006, wasClean: false });
    expect(closeCodeOf(r.sent)).toBe(1002);
  });

  it('a frame over the size limit: 1009 at its header', async () => {
    const r = await breach('/huge', (s) => s.write(Buffer.from([0x82, 0x7f, 0, 0, 0, 1, 0, 0, 0, 0])), { maxMessageSize: 1024 });
    expect((r.error as WebSocketProtocolError).closeCode).toBe(1009);
    expect(closeCodeOf(r.sent)).toBe(1009);
  });

  it('invalid UTF-8 in a text message: 1007', async () => {
    const r = await breach('/utf8', (s) => s.write(Buffer.from([0x81, 0x02, 0xc3, 0x28])));
    expect((r.error as WebSocketProtocolError).closeCode).toBe(1007);
    expect(closeCodeOf(r.sent)).toBe(1007);
  });

  it('a reserved close code: 1002', async () => {
    const r = await breach('/close-code', (s) => s.write(Buffer.from([0x88, 0x02, 0x03, 0xed])));
    expect(r.error).toBeInstanceOf(WebSocketProtocolError);
    expect(closeCodeOf(r.sent)).toBe(1002);
  });

  it('RSV bits nobody negotiated: 1002', async () => {
    const r = await breach('/rsv', (s) => s.write(Buffer.from([0xc1, 0x00])));
    expect(closeCodeOf(r.sent)).toBe(1002);
  });

  it('a server that never completes the close: over after the close timeout', async () => {
    scripts.set('/deaf', () => {});
    const ws = await client.websocket(`ws://127.0.0.1:${port}/deaf`, { closeTimeoutMs: 300 });
    const done = outcome(ws);
    ws.close(1000);
    const r = await done;
    expect(r).toMatchObject({ code: 1006, wasClean: false });
    expect(r.ms).toBeGreaterThanOrEqual(250);
    expect(r.ms).toBeLessThan(3_000);
  });

  it('a server that drops the connection: 1006', async () => {
    const r = await breach('/drop', (s) => setTimeout(() => s.destroy(), 20));
    expect(r).toMatchObject({ code: 1006, wasClean: false });
  });

  it('a wrong Sec-WebSocket-Accept fails the opening', async () => {
    await expect(client.websocket(`ws://127.0.0.1:${port}/bad-accept`)).rejects.toBeInstanceOf(WebSocketHandshakeError);
  });
});

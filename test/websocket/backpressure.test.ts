/**
 * Incoming backpressure (socket-window.ts) against the `ws` package's server over wss://: a
 * caller that reads slowly, or not at all, makes the worker stop reading the TLS socket, so the
 * server's socket stops draining (its bufferedAmount grows) and no more than the window waits on
 * our side; everything still arrives, in order, once read.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket as PeerSocket } from 'ws';
import { AsyncClient, type WebSocket } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { SOCKET_WINDOW_MESSAGES, SOCKET_WINDOW_OCTETS } from '../../src/pool/socket-window.js';
import { startWssServer, type WssServer } from './wss-server.js';

const SIZE = 64 << 10;
const COUNT = 10_000;
/** Past this the flooding server waits for its socket to drain (so its own memory stays small). */
const SERVER_HIGH = 4 << 20;

/** What the server saw while flooding one socket. */
interface Flood {
  sent: number;
  /** Times the server found its socket backed up (bufferedAmount past SERVER_HIGH) and waited. */
  stalls: number;
  maxBuffered: number;
  done: Promise<void>;
}

let server: WssServer;
let url = '';
let client: AsyncClient;
const floods: Flood[] = [];

/** COUNT messages of SIZE octets, each starting with its index, as fast as the socket takes them. */
function flood(socket: PeerSocket): Flood {
  const state: Flood = { sent: 0, stalls: 0, maxBuffered: 0, done: Promise.resolve() };
  state.done = new Promise((resolve) => {
    const pump = (): void => {
      while (state.sent < COUNT) {
        if (socket.readyState !== socket.OPEN) return resolve();
        if (socket.bufferedAmount > SERVER_HIGH) {
          state.stalls++;
          setTimeout(pump, 5);
          return;
        }
        const message = Buffer.alloc(SIZE, state.sent & 0xff);
        message.writeUInt32BE(state.sent, 0);
        socket.send(message, { binary: true });
        state.sent++;
        state.maxBuffered = Math.max(state.maxBuffered, socket.bufferedAmount);
      }
      resolve();
    };
    pump();
  });
  return state;
}

beforeAll(async () => {
  server = await startWssServer({ perMessageDeflate: false });
  server.wss.on('connection', (socket) => {
    socket.once('message', () => floods.push(flood(socket)));
  });
  url = server.url;
  client = new AsyncClient({ ca: server.ca });
});

afterAll(async () => {
  await client?.close();
  await closeDefaultPool();
  server?.close();
});

/** The most messages the window lets wait here at once. */
const windowMessages = Math.min(SOCKET_WINDOW_MESSAGES, Math.ceil(SOCKET_WINDOW_OCTETS / SIZE));

function checkOrder(message: string | Uint8Array, index: number): void {
  if (typeof message === 'string' || message.byteLength !== SIZE) throw new Error(`message ${index}: not ${SIZE} octets`);
  const got = new DataView(message.buffer, message.byteOffset, message.byteLength).getUint32(0);
  if (got !== index) throw new Error(`message ${index} arrived as ${got}`);
}

async function startFlood(ws: WebSocket): Promise<Flood> {
  ws.send('go');
  await expect.poll(() => floods.length).toBeGreaterThan(0);
  return floods.shift()!;
}

describe('incoming backpressure', () => {
  it(`a slow iterator holds the server back, at most the window queued here; ${COUNT} × 64 KiB arrive in order`, async () => {
    const ws = await client.websocket(url, { perMessageDeflate: false });
    const server = await startFlood(ws);
    let maxQueued = 0;
    let maxAhead = 0;
    let read = 0;
    let stalledWhileSlow = 0;
    const rss = process.memoryUsage().rss;
    for await (const message of ws) {
      maxQueued = Math.max(maxQueued, ws.queuedMessages);
      checkOrder(message, read++);
      // Slow for the first 40 messages (about a second): the flood has time to fill everything.
      if (read <= 40) {
        await sleep(25);
        maxAhead = Math.max(maxAhead, server.sent - read);
        stalledWhileSlow = server.stalls;
      }
      if (read === COUNT) break;
    }
    ws.close();
    await server.done;
    console.log(
      `backpressure: ${read} messages; at most ${maxQueued} queued here (window ${windowMessages}); the server ` +
        `at most ${maxAhead} messages (${((maxAhead * SIZE) / 2 ** 20).toFixed(1)} MiB) ahead of the slow reader, ` +
        `its bufferedAmount up to ${(server.maxBuffered / 2 ** 20).toFixed(1)} MiB, ${server.stalls} stalls; ` +
        `RSS growth ${((process.memoryUsage().rss - rss) / 2 ** 20).toFixed(0)} MiB`,
    );
    expect(read).toBe(COUNT);
    expect(maxQueued).toBeLessThanOrEqual(windowMessages);
    // The server's socket backed up while we read slowly: it had to wait for it to drain.
    expect(stalledWhileSlow).toBeGreaterThan(0);
    // Ahead by our window, the kernel's buffers and its own 4 MiB, nowhere near the 10,000.
    expect(maxAhead).toBeLessThan(500);
  });

  it('nobody reading: the server is held back; a listener added later gets the rest', async () => {
    const ws = await client.websocket(url, { perMessageDeflate: false });
    const server = await startFlood(ws);
    await sleep(500);
    const sentWhileUnread = server.sent;
    expect(server.stalls).toBeGreaterThan(0);
    expect(ws.queuedMessages).toBeLessThanOrEqual(windowMessages);
    // Kept for an iterator, the first ones do not reach the listener; the rest do, in order.
    const kept = ws.queuedMessages;
    let next = kept;
    ws.binaryType = 'arraybuffer';
    const all = new Promise<void>((resolve, reject) => {
      ws.onmessage = (event) => {
        try {
          checkOrder(new Uint8Array((event as MessageEvent).data as ArrayBuffer), next++);
        } catch (error) {
          reject(error as Error);
        }
        if (next === COUNT) resolve();
      };
    });
    await all;
    console.log(`nobody reading: the server got ${sentWhileUnread} messages out in 500 ms (${kept} kept here), then all ${COUNT} went to the listener`);
    expect(sentWhileUnread).toBeLessThan(500);
    ws.close();
  });
});

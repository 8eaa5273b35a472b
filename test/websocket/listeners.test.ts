/**
 * The socket knows which `message` listeners it has as EventTarget does: a `once` listener that
 * fired, one removed by its signal, or a duplicate add are counted right, so messages go to the
 * async iterator when no listener is left (none is dispatched to nobody and lost).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, type WebSocket } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { startWssServer, type WssServer } from './wss-server.js';

let server: WssServer;
let url = '';
let client: AsyncClient;

beforeAll(async () => {
  server = await startWssServer();
  server.wss.on('connection', (socket) => socket.on('message', (data, binary) => socket.send(data, { binary })));
  url = server.url;
  client = new AsyncClient({ ca: server.ca });
});

afterAll(async () => {
  await client?.close();
  await closeDefaultPool();
  server?.close();
});

/** The next `count` messages the iterator yields, as text. */
async function iterate(ws: WebSocket, count: number): Promise<string[]> {
  const got: string[] = [];
  for await (const message of ws) {
    got.push(typeof message === 'string' ? message : Buffer.from(message).toString());
    if (got.length === count) break;
  }
  return got;
}

describe('message listeners', () => {
  it('after a once listener fired, later messages reach the iterator', async () => {
    const ws = await client.websocket(url);
    const first = new Promise<string>((resolve) => ws.addEventListener('message', (event) => resolve(String((event as MessageEvent).data)), { once: true }));
    ws.send('one');
    expect(await first).toBe('one');
    // Echoed before anyone iterates: kept for the iterator, not dispatched to nobody.
    ws.send('two');
    ws.send('three');
    await sleep(300);
    expect(await iterate(ws, 2)).toEqual(['two', 'three']);
    ws.close();
  });

  it('a listener added twice and removed once is gone; one removed by its signal is gone', async () => {
    const ws = await client.websocket(url);
    const seen: string[] = [];
    const listener = (event: Event): void => void seen.push(String((event as MessageEvent).data));
    ws.addEventListener('message', listener);
    ws.addEventListener('message', listener);
    const controller = new AbortController();
    ws.addEventListener('message', () => seen.push('signalled'), { signal: controller.signal });
    ws.removeEventListener('message', listener);
    controller.abort();
    ws.send('after');
    await sleep(300);
    expect(await iterate(ws, 1)).toEqual(['after']);
    expect(seen).toEqual([]);
    ws.close();
  });
});

/**
 * WebSocket message rate: echo round trips over wss:// (HTTP/1.1, no compression) against a `ws`
 * server in another process, tls-requests' WebSocket (the socket in a worker thread) against the
 * `ws` package's client (in this thread, OpenSSL) as the baseline. A window of messages is kept in
 * flight; the figure is echoed messages per second, and the ratio is ours over ws's.
 *
 *   npx tsx bench/micro/websocket.ts [messages] [bytes] [window]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { WebSocket as WsClient } from 'ws';
import { generateEchoCertificate } from '../../src/fingerprint/echo/certificate.js';
import { AsyncClient } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';

const MESSAGES = Number(process.argv[2] ?? 50_000);
const BYTES = Number(process.argv[3] ?? 64);
const WINDOW = Number(process.argv[4] ?? 64);
const { cert, key } = generateEchoCertificate();
const serverSource = `
const https = require('node:https');
const { WebSocketServer } = require('ws');
const server = https.createServer({ cert: process.env.C, key: process.env.K });
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
const server = spawn(process.execPath, ['-e', serverSource], { env: { ...process.env, C: cert, K: key }, stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() });
const [portLine] = (await once(server.stdout!, 'data')) as [Buffer];
const url = `wss://localhost:${Number(String(portLine).trim())}/`;
const payload = 'x'.repeat(BYTES);

/** Sends `count` messages with at most WINDOW unanswered; resolves with the elapsed ms. */
function pump(send: () => void, onEcho: (handler: () => void) => void, count: number): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    let received = 0;
    const started = performance.now();
    onEcho(() => {
      received++;
      if (received === count) return resolve(performance.now() - started);
      if (sent < count) {
        sent++;
        send();
      }
    });
    for (; sent < Math.min(WINDOW, count); sent++) send();
  });
}

async function baseline(count: number): Promise<number> {
  const ws = new WsClient(url, { ca: cert, perMessageDeflate: false });
  await once(ws, 'open');
  const ms = await pump(() => ws.send(payload), (handler) => ws.on('message', handler), count);
  ws.close();
  return ms;
}

const client = new AsyncClient({ ca: cert });
async function ours(count: number): Promise<number> {
  const ws = await client.websocket(url, { perMessageDeflate: false });
  const ms = await pump(() => ws.send(payload), (handler) => ws.addEventListener('message', handler), count);
  ws.close();
  return ms;
}

// Warm-up (JIT, the worker thread, TLS session caches), then the timed runs, interleaved.
await baseline(2_000);
await ours(2_000);
const rates: { ws: number[]; ours: number[] } = { ws: [], ours: [] };
for (let run = 0; run < 3; run++) {
  rates.ws.push(MESSAGES / ((await baseline(MESSAGES)) / 1000));
  rates.ours.push(MESSAGES / ((await ours(MESSAGES)) / 1000));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const wsRate = median(rates.ws);
const ourRate = median(rates.ours);
console.log(`WebSocket echo, ${MESSAGES} messages of ${BYTES} B, window ${WINDOW}, median of 3 runs`);
console.log(`  ws (baseline)  ${Math.round(wsRate).toLocaleString('en')} msg/s`);
console.log(`  tls-requests   ${Math.round(ourRate).toLocaleString('en')} msg/s`);
console.log(`  ratio          ${(ourRate / wsRate).toFixed(2)}x of ws`);
await client.close();
await closeDefaultPool();
server.kill();

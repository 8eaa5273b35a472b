/**
 * The cost of the worker hop alone: the real WorkerPool (src/pool) with a worker that answers at
 * once (bench/micro/echo-worker.ts), so no TLS, no HTTP, no socket. It sends the RequestMessage
 * AsyncClient would send (default profile inside), and the same message with the profile reduced
 * to its id, to show what carrying the whole profile on every request costs; and, for scale, a
 * bare postMessage round trip to a worker_threads Worker.
 *
 *   npx tsx bench/pool-roundtrip.ts [requests]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { WorkerPool } from '../src/pool/index.js';
import type { RequestMessage } from '../src/pool/messages.js';
import type { Profile } from '../src/profiles/types.js';
import { getProfile } from '../src/profiles/registry.js';

const REQUESTS = Number(process.argv[2] ?? 5000);
const profile = getProfile('chrome');

function message(withProfile: boolean): RequestMessage {
  return {
    method: 'GET',
    url: 'https://127.0.0.1:8443/small',
    headers: profile.headers.map(([name, value]) => [name, value] as [string, string]),
    body: null,
    profile: withProfile ? profile : ({ id: profile.id } as unknown as Profile),
    http2: 'auto',
    randomTlsExtensionOrder: false,
    verify: true,
    ca: [],
    proxy: null,
    timeout: 30_000,
    headerOrder: null,
    decode: true,
    maxBodySize: 0,
    stream: false,
    localAddress: null,
    family: 0,
    resolve: {},
    keylog: null,
  };
}

async function measure(label: string, concurrency: number, send: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) await send();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < REQUESTS) await send();
    }),
  );
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  delay.disable();
  const perRequestUs = ((used.user + used.system) / REQUESTS).toFixed(0);
  console.log(
    `${label.padEnd(44)} ${String(concurrency).padStart(3)} in flight  ${Math.round((REQUESTS / ms) * 1000)
      .toString()
      .padStart(6)} req/s  process CPU ${perRequestUs} µs/req  lag p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms`,
  );
}

console.log(`RequestMessage: ${serialize(message(true)).length} bytes serialized with the profile, ${serialize(message(false)).length} without`);
const pool = new WorkerPool({ workers: 1, workerFile: new URL('./micro/echo-worker.ts', import.meta.url) });
for (const concurrency of [1, 64]) {
  await measure('WorkerPool, message with the whole profile', concurrency, () => pool.request(message(true)));
  await measure('WorkerPool, message with the profile id only', concurrency, () => pool.request(message(false)));
}
await pool.close();

const worker = new Worker('const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => parentPort.postMessage(m.id));', { eval: true });
let id = 0;
const waiting = new Map<number, () => void>();
worker.on('message', (done: number) => {
  waiting.get(done)?.();
  waiting.delete(done);
});
for (const concurrency of [1, 64]) {
  await measure('bare Worker postMessage round trip', concurrency, () => new Promise<void>((resolve) => {
    const mine = id++;
    waiting.set(mine, resolve);
    worker.postMessage({ id: mine });
  }));
}
await worker.terminate();

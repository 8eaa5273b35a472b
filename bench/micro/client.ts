/**
 * The whole path, caller to socket: AsyncClient with N requests in flight against a Node https or
 * http2 server in another process, with Node's own client in the same run as the baseline.
 * Prints req/s, the process's CPU per request (every thread) and the main thread's own CPU per
 * request (Linux schedstat), so the caller's share can be told apart from the workers'.
 *
 *   npx tsx bench/micro/client.ts [h1|h2] [requests] [in flight]
 */
import { readFileSync } from 'node:fs';
import { startPeer } from './peer.js';
import { AsyncClient } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';

const kind = (process.argv[2] ?? 'h1') as 'h1' | 'h2';
const N = Number(process.argv[3] ?? 3000);
const CONC = Number(process.argv[4] ?? 64);
const peer = await startPeer(kind);
const { url, ca: cert, native } = peer;
const client = new AsyncClient({ ca: cert, http2: kind === 'h2' ? 'http2' : 'http1' });
const ours = async (): Promise<number> => (await client.get(url)).content.length;

/** CPU time of the main thread alone (ns), from the kernel's schedstat (Linux). */
function mainThreadCpuNs(): number {
  return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
}

async function measure(label: string, send: () => Promise<number>): Promise<void> {
  for (let i = 0; i < 300; i++) await send();
  let next = 0;
  const cpu = process.cpuUsage();
  const mainCpu = mainThreadCpuNs();
  const t = performance.now();
  await Promise.all(Array.from({ length: CONC }, async () => {
    while (next++ < N) if ((await send()) !== 100) throw new Error('bad length');
  }));
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const mainUs = (mainThreadCpuNs() - mainCpu) / 1000;
  console.log(
    `${label.padEnd(14)} ${kind} ${CONC} in flight: ${Math.round((N / ms) * 1000)} req/s, process CPU ${((used.user + used.system) / N).toFixed(0)} µs/req, main thread CPU ${(mainUs / N).toFixed(0)} µs/req`,
  );
}

for (let round = 0; round < 3; round++) {
  await measure('node', native);
  await measure('tls-requests', ours);
}
await client.close();
// Ends the worker threads properly (their --cpu-prof profiles are written then).
await closeDefaultPool();
peer.close();
process.exit(0);

/**
 * The whole path, caller to socket: AsyncClient with N requests in flight against a Node https or
 * http2 server in another process, with Node's own client in the same run as the baseline.
 * Prints req/s, the process's CPU per request (every thread) and the main thread's own CPU per
 * request (Linux schedstat), so the caller's share can be told apart from the workers'.
 *
 *   npx tsx bench/micro/client.ts [h1|h2] [requests] [in flight]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import http2 from 'node:http2';
import https from 'node:https';
import { AsyncClient } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { generateEchoCertificate } from '../../src/fingerprint/echo/certificate.js';

const kind = (process.argv[2] ?? 'h1') as 'h1' | 'h2';
const N = Number(process.argv[3] ?? 3000);
const CONC = Number(process.argv[4] ?? 64);
const { cert, key } = generateEchoCertificate();
const serverSource = `
const https = require('node:https'); const http2 = require('node:http2');
const body = Buffer.alloc(100, 'x'); const opts = { cert: process.env.C, key: process.env.K };
const s = process.argv[1] === 'h2' ? http2.createSecureServer(opts, (q, r) => r.end(body)) : https.createServer({ ...opts, keepAliveTimeout: 60000 }, (q, r) => r.end(body));
s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
const server = spawn(process.execPath, ['-e', serverSource, kind], { env: { ...process.env, C: cert, K: key }, stdio: ['ignore', 'pipe', 'inherit'] });
const [portLine] = (await once(server.stdout!, 'data')) as [Buffer];
const url = `https://localhost:${Number(String(portLine).trim())}/small`;

const agent = new https.Agent({ keepAlive: true, ca: cert });
const session = kind === 'h2' ? http2.connect(new URL(url).origin, { ca: cert }) : null;
function native(): Promise<number> {
  if (session) {
    return new Promise((resolve, reject) => {
      const stream = session.request({ ':path': '/small' });
      let n = 0;
      stream.on('data', (c: Buffer) => (n += c.length)).on('end', () => resolve(n)).on('error', reject);
      stream.end();
    });
  }
  return new Promise((resolve, reject) => {
    https.get(url, { agent }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length)).on('end', () => resolve(n)).on('error', reject);
    }).on('error', reject);
  });
}
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
session?.close();
agent.destroy();
await client.close();
// Ends the worker threads properly (their --cpu-prof profiles are written then).
await closeDefaultPool();
server.kill();
process.exit(0);

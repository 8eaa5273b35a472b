/**
 * The worker's HTTP engine alone, in this thread (no pool, no client): CPU µs per request for
 * `performRequest` against a Node https or http2 server in another process, with Node's own
 * https/http2 client measured in the same run as the baseline. What a worker spends per request.
 *
 *   npx tsx bench/micro/engine.ts [h1|h2] [requests] [in flight]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http2 from 'node:http2';
import https from 'node:https';
import { performRequest } from '../../src/http/dispatch.js';
import type { RequestMessage } from '../../src/pool/messages.js';
import { generateEchoCertificate } from '../../src/fingerprint/echo/certificate.js';
import { getProfile } from '../../src/profiles/registry.js';

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
const port = Number(String(portLine).trim());
const url = `https://localhost:${port}/small`;
const profile = getProfile('chrome');

const message = (): RequestMessage => ({
  method: 'GET', url, headers: profile.headers.map(([n, v]): [string, string] => [n, v]), body: null, profile,
  http2: kind === 'h2' ? 'http2' : 'http1', randomTlsExtensionOrder: false, verify: true, ca: [cert], proxy: null, timeout: 30_000,
  headerOrder: null, decode: true, maxBodySize: 0, stream: false, localAddress: null, family: 0, resolve: {}, keylog: null,
});

const agent = new https.Agent({ keepAlive: true, ca: cert });
const session = kind === 'h2' ? http2.connect(`https://localhost:${port}`, { ca: cert }) : null;
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
const ours = async (): Promise<number> => (await performRequest(message())).body!.length;

async function measure(label: string, send: () => Promise<number>): Promise<number> {
  for (let i = 0; i < 300; i++) await send();
  let next = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  await Promise.all(Array.from({ length: CONC }, async () => {
    while (next++ < N) if ((await send()) !== 100) throw new Error('bad length');
  }));
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const us = (used.user + used.system) / N;
  console.log(`${label.padEnd(22)} ${kind} ${CONC} in flight: ${Math.round((N / ms) * 1000)} req/s, ${us.toFixed(0)} µs CPU/req`);
  return us;
}

for (let round = 0; round < 3; round++) {
  const base = await measure('node https/http2', native);
  const mine = await measure('tls-requests engine', ours);
  console.log(`  ratio (CPU per request, ours / native): ${(mine / base).toFixed(2)}`);
}
session?.close();
agent.destroy();
server.kill();
process.exit(0);

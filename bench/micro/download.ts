/**
 * A large download through the whole path (client.stream, read to the end) against a Node https
 * server in another process, with Node's own https client in the same run: MB/s and CPU per MiB.
 *
 *   npx tsx bench/micro/download.ts [MiB]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import https from 'node:https';
import { AsyncClient } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { generateEchoCertificate } from '../../src/fingerprint/echo/certificate.js';

const MIB = Number(process.argv[2] ?? 50);
const { cert, key } = generateEchoCertificate();
const serverSource = `
const https = require('node:https');
const big = Buffer.alloc(${MIB} * 1024 * 1024, 'b');
const s = https.createServer({ cert: process.env.C, key: process.env.K }, (q, r) => { r.setHeader('content-length', big.length); r.end(big); });
s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
const server = spawn(process.execPath, ['-e', serverSource], { env: { ...process.env, C: cert, K: key }, stdio: ['ignore', 'pipe', 'inherit'] });
const [portLine] = (await once(server.stdout!, 'data')) as [Buffer];
const url = `https://localhost:${Number(String(portLine).trim())}/big`;
const agent = new https.Agent({ keepAlive: true, ca: cert });

const native = (): Promise<number> =>
  new Promise((resolve, reject) => {
    https.get(url, { agent }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length)).on('end', () => resolve(n)).on('error', reject);
    }).on('error', reject);
  });
const client = new AsyncClient({ ca: cert, http2: 'http1' });
async function ours(): Promise<number> {
  await using response = await client.stream('GET', url);
  let n = 0;
  for await (const chunk of response) n += chunk.byteLength;
  return n;
}

async function measure(label: string, get: () => Promise<number>): Promise<void> {
  await get();
  const cpu = process.cpuUsage();
  const t = performance.now();
  const n = await get();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  if (n !== MIB * 1024 * 1024) throw new Error(`got ${n} bytes`);
  console.log(`${label.padEnd(14)} ${(MIB / (ms / 1000)).toFixed(0)} MiB/s, process CPU ${((used.user + used.system) / 1000 / MIB).toFixed(1)} ms/MiB`);
}
for (let round = 0; round < 3; round++) {
  await measure('node https', native);
  await measure('tls-requests', ours);
}
agent.destroy();
await client.close();
await closeDefaultPool();
server.kill();

/**
 * The worker's HTTP engine alone, in this thread (no pool, no client): CPU µs per request for
 * `performRequest` against a Node https or http2 server in another process, with Node's own
 * https/http2 client measured in the same run as the baseline. What a worker spends per request.
 *
 *   npx tsx bench/micro/engine.ts [h1|h2] [requests] [in flight]
 */
import { startPeer } from './peer.js';
import { performRequest } from '../../src/http/dispatch.js';
import type { RequestMessage } from '../../src/pool/messages.js';
import { getProfile } from '../../src/profiles/registry.js';

const kind = (process.argv[2] ?? 'h1') as 'h1' | 'h2';
const N = Number(process.argv[3] ?? 3000);
const CONC = Number(process.argv[4] ?? 64);
const peer = await startPeer(kind);
const { url, ca: cert } = peer;
const profile = getProfile('chrome');

const message = (): RequestMessage => ({
  method: 'GET', url, headers: profile.headers.map(([n, v]): [string, string] => [n, v]), body: null, profile,
  http2: kind === 'h2' ? 'http2' : 'http1', randomTlsExtensionOrder: false, verify: true, ca: [cert], proxy: null, timeout: 30_000,
  headerOrder: null, decode: true, maxBodySize: 0, stream: false, localAddress: null, family: 0, resolve: {}, keylog: null,
});

const native = peer.native;
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
peer.close();
process.exit(0);

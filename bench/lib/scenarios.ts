/**
 * The scenarios of issues 10 and 20, against the Node servers (as in the peers' measurements,
 * fixtures/reference/peers-bench.md §3a), plus nginx as a neutral second server for the
 * download over HTTP/2 and, on request, for handshakes and h2 concurrency; handshakes with a
 * post-quantum server (Node 26), where the ML-KEM share is not only sent but used; scaling with
 * tls-requests' worker count; cold start; idle-client memory.
 */
import type { Scenario, ScenarioId } from './types.js';

export const SMALL_BYTES = 100;
export const BIG_BYTES = 50 * 1024 * 1024;

/** How many requests each scenario times; `quick` is the smoke test's size. */
export interface Sizes {
  handshakes: number;
  sequential: number;
  concurrent: number;
  downloads: number;
  thousand: number;
}

export const FULL_SIZES: Sizes = { handshakes: 500, sequential: 2000, concurrent: 4000, downloads: 5, thousand: 5000 };
export const QUICK_SIZES: Sizes = { handshakes: 20, sequential: 100, concurrent: 200, downloads: 1, thousand: 1000 };

/**
 * Origins (ports of the same Node server, all on 127.0.0.1) the scaling scenarios spread over.
 * tls-requests sends every request of one origin to one worker thread (src/pool/affinity.ts), so
 * only several origins can use several threads: a scraper's real load. With eight origins on
 * random ports the origin hash can put 7 of 8 on one thread (seen), which would measure the
 * luck of the port numbers; so the server offers SPREAD_PORTS equivalent ports and tls-requests
 * picks the eight that its own pool splits evenly (`pickOrigins`); the report shows the split.
 */
export const SPREAD_ORIGINS = 8;
export const SPREAD_PORTS = 32;

/**
 * Names accepted by `--scenarios`: the ids below, plus `scale-h1` and `scale-h2`, which stand for
 * one scenario per tls-requests worker count (`--workers`, default 1 to the core count).
 */
export const SCALING_FAMILIES = ['scale-h1', 'scale-h2'] as const;
export type ScalingFamily = (typeof SCALING_FAMILIES)[number];

/** Run by default; the others only when named (`--scenarios=...` or `--scenarios=all`). */
export const DEFAULT_NAMES: readonly string[] = ['hs-ecdsa', 'ka-h1', 'conc-h1', 'conc-h2', 'big-h1', 'big-h2', 'conc-1000', 'hs-mlkem', 'scale-h1', 'scale-h2', 'cold', 'idle'];
export const ALL_NAMES: readonly string[] = [...DEFAULT_NAMES, 'hs-ecdsa-nginx', 'conc-h2-nginx'];
const FIXED_IDS: readonly ScenarioId[] = ['hs-ecdsa', 'ka-h1', 'conc-h1', 'conc-h2', 'big-h1', 'big-h2', 'conc-1000', 'hs-mlkem', 'cold', 'idle', 'hs-ecdsa-nginx', 'conc-h2-nginx'];

/** Scenario names (as `--scenarios` takes them) to ids, a scaling family to one id per worker count. */
export function expandNames(names: readonly string[], workers: readonly number[]): ScenarioId[] {
  const ids: ScenarioId[] = [];
  for (const name of names) {
    if ((SCALING_FAMILIES as readonly string[]).includes(name)) ids.push(...workers.map((k): ScenarioId => `${name as ScalingFamily}-w${k}`));
    else if (isScenarioId(name)) ids.push(name);
    else throw new Error(`unknown scenario ${name}; one of ${ALL_NAMES.join(', ')} or all`);
  }
  return ids;
}

/** `scale-h2-w4` → family and worker count; null for any other id. */
export function scalingOf(id: ScenarioId): { family: ScalingFamily; workers: number } | null {
  const match = /^(scale-h[12])-w(\d+)$/.exec(id);
  return match ? { family: match[1] as ScalingFamily, workers: Number(match[2]) } : null;
}

export function scenario(id: ScenarioId, sizes: Sizes, quick: boolean, workerCounts: readonly number[] = [1]): Scenario {
  // Most scenarios: one origin, tls-requests with its default pool, their own node-https cell as the baseline.
  const common = { origins: 1, workers: null, baseline: id, settleMs: 0, kind: 'load' } as const;
  const small = { ...common, path: '/small', expectedBytes: SMALL_BYTES, unit: 'req/s', newConnectionEach: false, stream: false } as const;
  // A JIT-compiled client (this one runs JavaScript on two threads) needs thousands of requests
  // before V8 has optimised its hot paths: time the steady state, not the warm-up.
  const warmSequential = quick ? 10 : 1000;
  const warmConcurrent = quick ? 128 : 1500;
  const warmHandshakes = quick ? 5 : 50;
  const scaling = scalingOf(id);
  if (scaling) {
    const h2 = scaling.family === 'scale-h2';
    // The peers run once, at the smallest worker count, whose node-https cell is every count's baseline.
    const first = Math.min(...workerCounts);
    return {
      ...small,
      id,
      title: `64 in flight over ${SPREAD_ORIGINS} origins, ${h2 ? 'HTTP/2 server' : 'HTTP/1.1'}; tls-requests on ${scaling.workers} worker thread(s)`,
      server: h2 ? 'node-h2' : 'node-h1',
      requests: sizes.concurrent,
      concurrency: 64,
      // Each thread is its own V8 isolate with its own JIT to warm: the same warm-up per thread as at one.
      warmup: warmConcurrent * scaling.workers,
      h2,
      origins: SPREAD_ORIGINS,
      workers: scaling.workers,
      baseline: `${scaling.family}-w${first}`,
    };
  }
  switch (id) {
    case 'cold':
      return {
        ...small,
        id,
        kind: 'cold',
        title: 'cold start: import of the package, then the first response (new client, new connection), in a fresh process',
        server: 'node-h1',
        unit: 'ms',
        requests: 1,
        concurrency: 1,
        warmup: 0,
        h2: false,
      };
    case 'idle':
      return {
        ...small,
        id,
        kind: 'idle',
        title: 'idle client: resident memory of a process holding a client after one request',
        server: 'node-h1',
        unit: 'MB',
        requests: 1,
        concurrency: 1,
        warmup: 0,
        h2: false,
        settleMs: quick ? 500 : 2000,
      };
    case 'hs-ecdsa':
      return {
        ...small,
        id,
        title: 'new TLS connection per request (ECDSA P-256, Node https server)',
        server: 'node-h1',
        path: '/small?close=1',
        requests: sizes.handshakes,
        concurrency: 1,
        warmup: warmHandshakes,
        newConnectionEach: true,
        h2: false,
      };
    case 'hs-mlkem':
      // Node 26 (OpenSSL 3.5) prefers X25519MLKEM768 and falls back to X25519 for clients without it.
      return {
        ...small,
        id,
        title: 'new TLS connection per request, post-quantum server (Node 26, X25519MLKEM768 preferred)',
        server: 'node26-h1',
        path: '/small?close=1',
        requests: sizes.handshakes,
        concurrency: 1,
        warmup: warmHandshakes,
        newConnectionEach: true,
        h2: false,
      };
    case 'hs-ecdsa-nginx':
      return {
        ...small,
        id,
        title: 'new TLS connection per request (ECDSA P-256, nginx keepalive_timeout 0)',
        server: 'nginx-close',
        requests: sizes.handshakes,
        concurrency: 1,
        warmup: warmHandshakes,
        newConnectionEach: true,
        h2: false,
      };
    case 'ka-h1':
      return { ...small, id, title: 'keep-alive, sequential, HTTP/1.1', server: 'node-h1', requests: sizes.sequential, concurrency: 1, warmup: warmSequential, h2: false };
    case 'conc-h1':
      // The warm-up runs at the same concurrency, so the client's connections are open before timing.
      return { ...small, id, title: '64 in flight, HTTP/1.1', server: 'node-h1', requests: sizes.concurrent, concurrency: 64, warmup: warmConcurrent, h2: false };
    case 'conc-h2':
      return { ...small, id, title: '64 in flight, HTTP/2 server (h1 clients fall back to HTTP/1.1)', server: 'node-h2', requests: sizes.concurrent, concurrency: 64, warmup: warmConcurrent, h2: true };
    case 'conc-h2-nginx':
      return { ...small, id, title: '64 in flight, nginx HTTP/2', server: 'nginx-h2', requests: sizes.concurrent, concurrency: 64, warmup: warmConcurrent, h2: true };
    case 'conc-1000':
      return {
        ...small,
        id,
        title: '1,000 in flight (HTTP/2 server with HTTP/1.1 fallback); all must complete',
        server: 'node-h2',
        requests: sizes.thousand,
        concurrency: 1000,
        warmup: 100,
        h2: true,
      };
    case 'big-h1':
      return {
        ...common,
        id,
        title: '50 MiB download, HTTP/1.1 (Node https server), streamed',
        server: 'node-h1',
        path: '/big',
        expectedBytes: BIG_BYTES,
        requests: sizes.downloads,
        concurrency: 1,
        warmup: 1,
        unit: 'MB/s',
        newConnectionEach: false,
        h2: false,
        stream: true,
      };
    case 'big-h2':
      return {
        ...common,
        id,
        title: '50 MiB download, nginx HTTP/2 (h1 clients fall back to HTTP/1.1), streamed',
        server: 'nginx-h2',
        path: '/big',
        expectedBytes: BIG_BYTES,
        requests: sizes.downloads,
        concurrency: 1,
        warmup: 1,
        unit: 'MB/s',
        newConnectionEach: false,
        h2: true,
        stream: true,
      };
    default:
      throw new Error(`unknown scenario ${id}`);
  }
}

export function isScenarioId(value: string): value is ScenarioId {
  return (FIXED_IDS as readonly string[]).includes(value) || /^scale-h[12]-w[1-9]\d*$/.test(value);
}

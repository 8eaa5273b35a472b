/**
 * The scenarios of issue 10's table, against the Node servers (as in the peers' measurements,
 * /work/shared/reference/peers-bench.md §3a), plus nginx as a neutral second server for the
 * download over HTTP/2 and, on request, for handshakes and h2 concurrency; and handshakes with a
 * post-quantum server (Node 26), where the ML-KEM share is not only sent but used.
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

export const FULL_SIZES: Sizes = { handshakes: 500, sequential: 2000, concurrent: 2000, downloads: 5, thousand: 5000 };
export const QUICK_SIZES: Sizes = { handshakes: 20, sequential: 100, concurrent: 200, downloads: 1, thousand: 1000 };

/** Run by default; the others only when named (`--scenarios=...` or `--scenarios=all`). */
export const DEFAULT_SCENARIOS: readonly ScenarioId[] = ['hs-ecdsa', 'ka-h1', 'conc-h1', 'conc-h2', 'big-h1', 'big-h2', 'conc-1000', 'hs-mlkem'];
export const ALL_SCENARIOS: readonly ScenarioId[] = [...DEFAULT_SCENARIOS, 'hs-ecdsa-nginx', 'conc-h2-nginx'];

export function scenario(id: ScenarioId, sizes: Sizes, quick: boolean): Scenario {
  const small = { path: '/small', expectedBytes: SMALL_BYTES, unit: 'req/s', newConnectionEach: false, stream: false } as const;
  const warmSequential = quick ? 10 : 50;
  switch (id) {
    case 'hs-ecdsa':
      return {
        ...small,
        id,
        title: 'new TLS connection per request (ECDSA P-256, Node https server)',
        server: 'node-h1',
        path: '/small?close=1',
        requests: sizes.handshakes,
        concurrency: 1,
        warmup: 5,
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
        warmup: 5,
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
        warmup: 5,
        newConnectionEach: true,
        h2: false,
      };
    case 'ka-h1':
      return { ...small, id, title: 'keep-alive, sequential, HTTP/1.1', server: 'node-h1', requests: sizes.sequential, concurrency: 1, warmup: warmSequential, h2: false };
    case 'conc-h1':
      // The warm-up runs at the same concurrency, so the client's connections are open before timing.
      return { ...small, id, title: '64 in flight, HTTP/1.1', server: 'node-h1', requests: sizes.concurrent, concurrency: 64, warmup: 128, h2: false };
    case 'conc-h2':
      return { ...small, id, title: '64 in flight, HTTP/2 server (h1 clients fall back to HTTP/1.1)', server: 'node-h2', requests: sizes.concurrent, concurrency: 64, warmup: 128, h2: true };
    case 'conc-h2-nginx':
      return { ...small, id, title: '64 in flight, nginx HTTP/2', server: 'nginx-h2', requests: sizes.concurrent, concurrency: 64, warmup: 128, h2: true };
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
  }
}

export function isScenarioId(value: string): value is ScenarioId {
  return (ALL_SCENARIOS as readonly string[]).includes(value);
}

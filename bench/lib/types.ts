/**
 * The values that travel between the orchestrator (bench/run.ts), the servers and each measured
 * child process (bench/cell.ts): plain JSON, so a cell can be described on a command line and its
 * result read back from a file.
 */

/** Which loopback server a scenario talks to. */
export type ServerId = 'node-h1' | 'node-h2' | 'node26-h1' | 'nginx-close' | 'nginx-h1' | 'nginx-h2';

export type ScenarioId =
  | 'hs-ecdsa'
  | 'ka-h1'
  | 'conc-h1'
  | 'conc-h2'
  | 'big-h1'
  | 'big-h2'
  | 'conc-1000'
  | 'hs-ecdsa-nginx'
  | 'conc-h2-nginx'
  | 'hs-mlkem'
  | 'cold'
  | 'idle'
  /** conc-h1 / conc-h2 spread over several origins, with tls-requests on K worker threads. */
  | `scale-h1-w${number}`
  | `scale-h2-w${number}`;

/**
 * What a cell measures: `load` times many requests; `cold` times the import of the package and
 * the first response in a fresh process; `idle` reads the RSS of a process holding a client
 * after one request.
 */
export type ScenarioKind = 'load' | 'cold' | 'idle';

export interface Scenario {
  id: ScenarioId;
  kind: ScenarioKind;
  title: string;
  server: ServerId;
  /** '/small' (100 B), '/small?close=1' (the server closes after the response) or '/big' (50 MiB). */
  path: string;
  /** Bytes every response body must have. */
  expectedBytes: number;
  /** Timed requests. */
  requests: number;
  /** Requests kept in flight. */
  concurrency: number;
  /** Untimed requests first (same path for small bodies; one '/small' before '/big'). */
  warmup: number;
  /** 'req/s' for small bodies, 'MB/s' (10^6 bytes) for '/big'; 'ms' (cold) and 'MB' (idle) are lower-is-better. */
  unit: 'req/s' | 'MB/s' | 'ms' | 'MB';
  /** Each request on a new connection (the client is told not to keep connections alive). */
  newConnectionEach: boolean;
  /** The server offers h2 in ALPN. */
  h2: boolean;
  /** Bodies are consumed as a stream, counting bytes, not buffered. */
  stream: boolean;
  /** Distinct origins (ports of the same server) the requests go to in turn; 1 for most scenarios. */
  origins: number;
  /** tls-requests' worker threads (its own pool), or null for the package's default (the shared pool). */
  workers: number | null;
  /** The scenario whose node-https cell in the same run is the ratio's denominator (itself, except for scaling). */
  baseline: ScenarioId;
  /** idle: how long the process holds the client after its request before RSS is read. */
  settleMs: number;
}

/** Where a cell finds the server it measures and how it reads the server's counters. */
export interface Endpoint {
  origin: string;
  /** Node server: its control URL (`/stats?server=h1`); nginx: its stub_status URL. */
  statsUrl: string;
  statsKind: 'node' | 'nginx';
  /** Origins on the same server (same counters) for the scaling scenarios; the first is `origin`. */
  spread: string[];
}

export type ClientId = 'tls-requests' | 'node-https' | 'node-http2' | 'undici' | 'impit' | 'wreq-js' | 'cycletls' | 'got-scraping';

export interface CellConfig {
  client: ClientId;
  scenario: Scenario;
  endpoint: Endpoint;
  /** The server certificate (self-signed, ECDSA P-256): the clients that verify trust exactly it. */
  caPem: string;
  /** The built tls-requests entry (bench/.build/tls/dist/index.js). */
  tlsRequestsEntry: string;
  /** Give up on requests still in flight after this long (they count as lost). */
  deadlineMs: number;
  /** Where the cell writes its CellResult. */
  resultFile: string;
}

export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

export interface CellResult {
  client: ClientId;
  scenario: ScenarioId;
  requests: number;
  ok: number;
  failed: number;
  /** Requests still unsettled at the deadline (a hang or a lost response). */
  lost: number;
  /** A few distinct error messages, for the report. */
  errors: string[];
  elapsedMs: number;
  bytes: number;
  /** req/s or MB/s, as the scenario's unit says; counts only successful requests. */
  value: number;
  /** Main-thread event-loop delay during the timed phase (ms, monitorEventLoopDelay at 1 ms resolution). */
  loopDelay: LatencySummary;
  /** Peak resident set (VmHWM) of the cell process, and of its child processes (cycletls' Go binary). */
  rssMb: number;
  childRssMb: number;
  /** CPU time of the cell process (every thread) during the timed phase. */
  cpuMs: number;
  /** The main thread alone during the timed phase (absent in records made before it was measured). */
  mainThread?: MainThreadUse;
  /** cold: what the fresh process took. */
  cold?: ColdStart;
  /** idle: resident set while holding the client. */
  idle?: IdleMemory;
  /** What the server counted during the timed phase. */
  server: { connections: number; requests: number; warmupConnections: number; resumed: number | null };
  /** 1 - connections / requests, as the server saw them. */
  reuseRate: number | null;
  /** The timed phase on the monotonic clock in µs (process.hrtime, the clock of V8's CPU profiles). */
  window: { startUs: number; endUs: number };
  /** What the client says about the exchange (protocol, TLS group, profile...). */
  info: Record<string, string | number | boolean | null>;
}

/**
 * CPU the kernel charged to the main thread (its task is the process id) in the timed phase:
 * /proc/self/task/<pid>/schedstat (on-CPU ns), else its stat utime + stime (10 ms ticks). It is
 * the caller's thread whatever runs on it (the client's JavaScript, the harness's loop of a few
 * µs per request, GC pauses on that thread), never the worker threads or V8's helper threads.
 * The event-loop utilization (busy wall time, which on a loaded machine includes time the thread
 * was runnable but not running) is beside it.
 */
export interface MainThreadUse {
  cpuMs: number | null;
  source: 'schedstat' | 'stat' | null;
  /** performance.eventLoopUtilization() over the timed phase: busy wall ms and the busy share. */
  eluActiveMs: number;
  elu: number;
}

export interface ColdStart {
  /** `await import()` of the package (0 for Node's built-ins, already loaded with the harness). */
  importMs: number;
  /** From after the import: make the client, connect, handshake, first response read. */
  firstResponseMs: number;
  /** From the process's time origin to the first response read (Node's own start included). */
  sinceProcessStartMs: number;
}

export interface IdleMemory {
  /** VmRSS of the process (every thread) and its children, after the settle time. */
  rssMb: number;
  /** The same before the client was made (Node and the harness alone). */
  baseRssMb: number;
}

export interface CellOutcome {
  client: ClientId;
  scenario: ScenarioId;
  run: number;
  result: CellResult | null;
  /** Why there is no result (crash, timeout). */
  error: string | null;
  wallMs: number;
}

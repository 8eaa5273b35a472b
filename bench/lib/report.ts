/**
 * Turns the cells of every run into the record: medians over runs, ratios to native `https`
 * measured in the same run (the median of the per-run ratios, as in the peers' measurement), and
 * the Markdown tables (issue 20's goals are checked in goals.ts; scaling, cold start and idle
 * memory have their own sections, sections.ts).
 */
import { fmtMs, fmtRatio, fmtUs, fmtValue } from './format.js';
import type { Goal } from './goals.js';
import { onceSections, scalingSections } from './sections.js';
import { median } from './stats.js';
import type { CellOutcome, ClientId, Scenario, ScenarioId, ScenarioKind } from './types.js';

export { fmtMs, fmtRatio, fmtUs, fmtValue } from './format.js';

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
  /** CPU of the main thread alone per request, µs (absent in older records). */
  mainThreadUsPerRequest?: number | null;
  /** Event-loop utilization of the main thread in the timed phase (0-1). */
  elu?: number | null;
  /** cold: medians of the import, the first response and the time since process start, ms. */
  cold?: { importMs: number; firstResponseMs: number; sinceProcessStartMs: number } | null;
  /** idle: median RSS before the client was made (the process alone), MB. */
  idleBaseRssMb?: number | null;
  requests: number;
  ok: number;
  failed: number;
  lost: number;
  errors: string[];
  info: Record<string, string | number | boolean | null>;
}

export interface ScenarioSummary {
  id: ScenarioId;
  /** 'load' when absent (older records). */
  kind?: ScenarioKind;
  /** tls-requests' worker threads (scaling), null for its default pool. */
  workers?: number | null;
  /** Origins the requests were spread over. */
  origins?: number;
  /** The scenario whose node-https cell was the ratio's denominator. */
  baseline?: ScenarioId;
  title: string;
  unit: Scenario['unit'];
  requestsPerRun: number;
  concurrency: number;
  server: string;
  rows: Row[];
}

export function summarize(scenarios: readonly Scenario[], clients: readonly ClientId[], outcomes: readonly CellOutcome[], unsupported: (client: ClientId, scenario: Scenario) => string | null): ScenarioSummary[] {
  return scenarios.map((scenario) => {
    const rows = clients.map((client): Row => {
      const why = unsupported(client, scenario);
      const mine = outcomes.filter((o) => o.client === client && o.scenario === scenario.id);
      const results = mine.flatMap((o) => (o.result ? [{ run: o.run, result: o.result }] : []));
      // Scaling's higher worker counts have no node-https cell of their own: the smallest count's, same run.
      const baseline = (run: number) => outcomes.find((o) => o.client === BASELINE && o.scenario === scenario.baseline && o.run === run)?.result ?? null;
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
        mainThreadUsPerRequest: median(results.flatMap((x) => (x.result.mainThread?.cpuMs == null ? [] : [(x.result.mainThread.cpuMs * 1000) / Math.max(1, x.result.ok + x.result.failed)]))),
        elu: median(results.flatMap((x) => (x.result.mainThread ? [x.result.mainThread.elu] : []))),
        cold: coldMedians(results.map((x) => x.result.cold)),
        idleBaseRssMb: median(results.flatMap((x) => (x.result.idle ? [x.result.idle.baseRssMb] : []))),
        requests: results.reduce((sum, x) => sum + x.result.requests, 0) + mine.filter((o) => !o.result).length * scenario.requests,
        ok: results.reduce((sum, x) => sum + x.result.ok, 0),
        failed: results.reduce((sum, x) => sum + x.result.failed, 0),
        lost: results.reduce((sum, x) => sum + x.result.lost, 0),
        errors: [...new Set([...results.flatMap((x) => x.result.errors), ...mine.flatMap((o) => (o.error ? [o.error] : []))])].slice(0, 5),
        info: medianRun?.info ?? {},
      };
    });
    return {
      id: scenario.id,
      kind: scenario.kind,
      workers: scenario.workers,
      origins: scenario.origins,
      baseline: scenario.baseline,
      title: scenario.title,
      unit: scenario.unit,
      requestsPerRun: scenario.requests,
      concurrency: scenario.concurrency,
      server: scenario.server,
      rows,
    };
  });
}

function coldMedians(list: readonly (Row['cold'] | undefined)[]): Row['cold'] {
  const present = list.filter((c): c is NonNullable<Row['cold']> => c != null);
  if (present.length === 0) return null;
  return {
    importMs: median(present.map((c) => c.importMs))!,
    firstResponseMs: median(present.map((c) => c.firstResponseMs))!,
    sinceProcessStartMs: median(present.map((c) => c.sinceProcessStartMs))!,
  };
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
  lines.push('Throughput in req/s and MB/s (higher is better); cold start in ms and idle memory in MB (lower is better, so there a ratio above 1× is worse than native).', '');
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
    lines.push(
      "## tls-requests against issue 20's goals",
      '',
      'The native figure is Node\'s `https` in this run; the other columns are ratios to it in the same run (or the figure itself where the goal is one). impit and wreq-js where they were measured.',
      '',
      '| scenario | native https | tls-requests | impit | wreq-js | goal | met |',
      '|---|---|---|---|---|---|---|',
    );
    for (const g of goalList) {
      lines.push(`| ${g.scenario} | ${g.native} | ${g.ours} | ${g.impit ?? '–'} | ${g.wreqJs ?? '–'} | ${g.goal} | ${g.met === null ? '–' : g.met ? 'yes' : '**no**'} |`);
    }
    lines.push('');
  }
  lines.push(...scalingSections(summaries), ...onceSections(summaries));

  lines.push('## Every figure, per load scenario', '');
  lines.push(
    'Throughput and its ratio; main-thread event-loop delay (`monitorEventLoopDelay`, 1 ms resolution, so an idle loop reads about 1.0–1.1 ms) p50 / p99 / max; peak RSS of the client process plus its children, and its ratio; server-side connections opened during the timed requests (and, in brackets, during the warm-up: the pool the client keeps) and the reuse rate of the timed phase (1 − connections/requests); client CPU (all threads) per request, and that of the main thread alone (kernel-charged CPU, µs) with its event-loop utilization; failures.',
    '',
  );
  for (const s of summaries.filter((x) => (x.kind ?? 'load') === 'load')) {
    lines.push(`### ${s.id}: ${s.title}`, '', `${s.requestsPerRun} timed requests per run, ${s.concurrency} in flight, server \`${s.server}\`.`, '');
    lines.push(`| client | ${s.unit} | × https | lag p50 / p99 / max ms | peak RSS MB | × https | connections / requests | reuse | CPU ms/req | main thread µs/req (ELU) | ok / failed / lost (all runs) |`);
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of s.rows) {
      if (r.unsupported) {
        // Scaling's peers: measured once, in the baseline scenario; one line would only repeat it.
        if (s.baseline && s.baseline !== s.id) continue;
        lines.push(`| ${r.client} | n/a: ${r.unsupported} | | | | | | | | | |`);
        continue;
      }
      const lag = r.loopDelay ? `${fmtMs(r.loopDelay.p50)} / ${fmtMs(r.loopDelay.p99)} / ${fmtMs(r.loopDelay.max)}` : '–';
      const rss = r.rssMb === null ? '–' : `${fmtValue(r.rssMb)}${r.childRssMb ? ` (child ${fmtValue(r.childRssMb)})` : ''}`;
      const conns = r.connections === null ? '–' : `${r.connections} / ${r.serverRequests} (${r.warmupConnections ?? '?'})`;
      const reuse = r.reuseRate === null ? '–' : `${(r.reuseRate * 100).toFixed(1)}%`;
      const cpu = r.cpuPerRequestMs === null ? '–' : r.cpuPerRequestMs >= 10 ? r.cpuPerRequestMs.toFixed(0) : r.cpuPerRequestMs.toFixed(2);
      const outcome = `${r.ok} / ${r.failed} / ${r.lost}${r.brokenRuns ? ` (${r.brokenRuns} run(s) without result)` : ''}`;
      const main = r.mainThreadUsPerRequest == null ? '–' : `${fmtUs(r.mainThreadUsPerRequest)}${r.elu == null ? '' : ` (${(r.elu * 100).toFixed(0)}%)`}`;
      lines.push(`| ${r.client} | ${fmtValue(r.value)} | ${fmtRatio(r.ratio)} | ${lag} | ${rss} | ${fmtRatio(r.rssRatio)} | ${conns} | ${reuse} | ${cpu} | ${main} | ${outcome} |`);
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

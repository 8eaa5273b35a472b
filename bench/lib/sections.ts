/**
 * The report's sections for the scenarios that are not one figure per client: scaling (one
 * scenario per tls-requests worker count, the peers once), cold start and idle memory.
 */
import { fmtMs, fmtRatio, fmtUs, fmtValue } from './format.js';
import type { Row, ScenarioSummary } from './report.js';
import { SCALING_FAMILIES, scalingOf } from './scenarios.js';

export function scalingSections(summaries: readonly ScenarioSummary[]): string[] {
  const lines: string[] = [];
  for (const family of SCALING_FAMILIES) {
    const steps = summaries.flatMap((s) => {
      const scaling = scalingOf(s.id);
      return scaling?.family === family ? [{ workers: scaling.workers, summary: s }] : [];
    });
    if (steps.length === 0) continue;
    steps.sort((a, b) => a.workers - b.workers);
    const first = steps[0]!;
    const h2 = family === 'scale-h2';
    lines.push(
      `## Scaling (${family}): 64 in flight over ${first.summary.origins ?? '?'} origins, ${h2 ? 'HTTP/2 server' : 'HTTP/1.1'}`,
      '',
      `tls-requests on its own pool of K worker threads; × is the ratio to native \`https\` (one thread, by its design) in ${first.summary.id} of the same run. The pool serves all of an origin's requests on one thread, so the origins are what spreads the load; "origins per thread" is how they fell.`,
      '',
      '| client | threads | req/s | × https | main thread µs/req | lag p50 / p99 ms | CPU ms/req (all threads) | peak RSS MB | origins per thread |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const { workers, summary } of steps) {
      const ours = summary.rows.find((r) => r.client === 'tls-requests');
      if (ours && !ours.unsupported) lines.push(scalingRow(ours, String(workers)));
    }
    for (const r of first.summary.rows) if (r.client !== 'tls-requests' && !r.unsupported) lines.push(scalingRow(r, '—'));
    const low = first.summary.rows.find((r) => r.client === 'tls-requests')?.value ?? null;
    const last = steps[steps.length - 1]!;
    const high = last.summary.rows.find((r) => r.client === 'tls-requests')?.value ?? null;
    if (steps.length > 1 && low && high) lines.push('', `tls-requests at ${last.workers} threads: ${fmtRatio(high / low)} its ${first.workers}-thread figure.`);
    lines.push('');
  }
  return lines;
}

function scalingRow(r: Row, threads: string): string {
  if (r.value === null) return `| ${r.client} | ${threads} | ✗ no result | | | | | | |`;
  const lag = r.loopDelay ? `${fmtMs(r.loopDelay.p50)} / ${fmtMs(r.loopDelay.p99)}` : '–';
  const cpu = r.cpuPerRequestMs === null ? '–' : r.cpuPerRequestMs.toFixed(2);
  const split = typeof r.info.originsPerWorker === 'string' ? r.info.originsPerWorker : '–';
  const flag = r.failed + r.lost > 0 ? ` ⚠ ${r.failed + r.lost} failed` : '';
  return `| ${r.client} | ${threads} | ${fmtValue(r.value)}${flag} | ${fmtRatio(r.ratio)} | ${fmtUs(r.mainThreadUsPerRequest ?? null)} | ${lag} | ${cpu} | ${fmtValue(r.rssMb)} | ${split} |`;
}

export function onceSections(summaries: readonly ScenarioSummary[]): string[] {
  const lines: string[] = [];
  const cold = summaries.find((s) => s.kind === 'cold');
  if (cold) {
    lines.push(
      '## Cold start (lower is better)',
      '',
      "A fresh `node` process with the harness loaded: `await import()` of the client's package (nothing for native https, a built-in), then a new client's first response over a new connection (handshake included). Since process start: from the process's time origin, Node's own start and the harness's imports included.",
      '',
      '| client | import ms | first response ms | both ms | × https | since process start ms | CPU ms (process, all threads) |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of cold.rows) {
      if (r.unsupported) continue;
      if (!r.cold || r.value === null) {
        lines.push(`| ${r.client} | ✗ ${r.errors[0] ?? 'no result'} | | | | | |`);
        continue;
      }
      const cpu = r.cpuPerRequestMs === null ? '–' : fmtValue(r.cpuPerRequestMs);
      lines.push(`| ${r.client} | ${fmtMs(r.cold.importMs)} | ${fmtMs(r.cold.firstResponseMs)} | ${fmtMs(r.value)} | ${fmtRatio(r.ratio)} | ${fmtMs(r.cold.sinceProcessStartMs)} | ${cpu} |`);
    }
    lines.push('');
  }
  const idle = summaries.find((s) => s.kind === 'idle');
  if (idle) {
    lines.push(
      '## Idle client memory (lower is better)',
      '',
      'RSS (VmRSS, the process and its children) of a process holding its client, open, a settle time after one request; "the process alone" is the same process before the client was made.',
      '',
      '| client | RSS MB | × https | the process alone MB | the client\'s share MB |',
      '|---|---|---|---|---|',
    );
    for (const r of idle.rows) {
      if (r.unsupported) continue;
      if (r.value === null) {
        lines.push(`| ${r.client} | ✗ ${r.errors[0] ?? 'no result'} | | | |`);
        continue;
      }
      const base = r.idleBaseRssMb ?? null;
      lines.push(`| ${r.client} | ${fmtValue(r.value)} | ${fmtRatio(r.ratio)} | ${fmtValue(base)} | ${base === null ? '–' : fmtValue(r.value - base)} |`);
    }
    lines.push('');
  }
  return lines;
}

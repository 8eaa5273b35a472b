/**
 * Issue 20's goals for tls-requests, checked against a run's figures: one row per line of the
 * issue's table (and the main thread's CPU per request from its "What"), with the native figure
 * and, where measured, impit's and wreq-js's beside tls-requests'.
 */
import { fmtMs, fmtRatio, fmtUs, fmtValue } from './format.js';
import { BASELINE, type Row, type ScenarioSummary } from './report.js';
import type { ClientId, ScenarioId } from './types.js';

export interface Goal {
  scenario: string;
  /** Native `https`'s figure in this run. */
  native: string;
  /** tls-requests': a ratio to native, or the figure itself where the goal is one. */
  ours: string;
  impit: string | null;
  wreqJs: string | null;
  goal: string;
  /** null: not decidable from this run (a figure it needs is missing). */
  met: boolean | null;
}

/** The limits that are figures rather than ratios. */
export const LIMITS = { lagP50Ms: 1.1, lagP99Ms: 5, peakRssRatio: 1.5, importMs: 30, firstResponseMs: 60, mainThreadUs: 40 } as const;

export function goals(summaries: readonly ScenarioSummary[]): Goal[] {
  const row = (id: ScenarioId, client: ClientId): Row | undefined => summaries.find((s) => s.id === id)?.rows.find((r) => r.client === client);
  const unit = (id: ScenarioId): string => summaries.find((s) => s.id === id)?.unit ?? '';
  /** A peer's figure, or null when it was not measured in that scenario. */
  const peers = (id: ScenarioId, show: (r: Row) => string): Pick<Goal, 'impit' | 'wreqJs'> => {
    const one = (client: ClientId): string | null => {
      const r = row(id, client);
      if (!r || r.unsupported) return null;
      return r.value === null ? '✗ no result' : show(r);
    };
    return { impit: one('impit'), wreqJs: one('wreq-js') };
  };
  const list: Goal[] = [];

  /** target null: the goal's figure was not measured in this run (met stays undecided). */
  const ratioGoal = (id: ScenarioId, label: string, target: number | null, goal = `≥ ${(target ?? 0).toFixed(1)}×`): void => {
    const ours = row(id, 'tls-requests');
    if (!ours || ours.value === null) return;
    const native = row(id, BASELINE);
    const lost = ours.failed + ours.lost > 0 ? `, ${ours.failed} failed, ${ours.lost} lost` : '';
    list.push({
      scenario: label,
      native: native?.value != null ? `${fmtValue(native.value)} ${unit(id)}` : '–',
      ours: `${fmtRatio(ours.ratio)}${lost}`,
      ...peers(id, (r) => fmtRatio(r.ratio)),
      goal,
      met: ours.ratio === null || target === null ? null : ours.ratio >= target && ours.failed + ours.lost === 0,
    });
  };

  ratioGoal('hs-ecdsa', 'new TLS connection per request (ECDSA)', 2);
  ratioGoal('hs-mlkem', 'same, against an X25519MLKEM768 server (Node 26)', 1.5);
  ratioGoal('ka-h1', 'keep-alive, sequential, HTTP/1.1', 1);
  ratioGoal('conc-h1', '64 in flight, HTTP/1.1', 1.2);
  const http2 = row('conc-h2', 'node-http2');
  if (http2?.ratio != null) ratioGoal('conc-h2', '64 in flight, HTTP/2 server', http2.ratio, `≥ native \`http2\` (${fmtRatio(http2.ratio)})`);
  else ratioGoal('conc-h2', '64 in flight, HTTP/2 server', null, '≥ native `http2` (not measured)');
  ratioGoal('big-h1', '50 MiB download, HTTP/1.1 (Node)', 1);
  ratioGoal('big-h2', '50 MiB download, HTTP/2 (nginx)', 1);
  ratioGoal('conc-1000', '1,000 in flight, none lost', 2.5);

  for (const id of ['conc-h1', 'conc-h2'] as const) {
    const ours = row(id, 'tls-requests');
    if (!ours?.loopDelay) continue;
    const lag = (r: Row): string => (r.loopDelay ? `${fmtMs(r.loopDelay.p50)} / ${fmtMs(r.loopDelay.p99)} ms` : '–');
    const native = row(id, BASELINE);
    list.push({
      scenario: `main-thread lag p50 / p99 at 64 in flight (${id})`,
      native: native ? lag(native) : '–',
      ours: lag(ours),
      ...peers(id, lag),
      goal: `≤ ${LIMITS.lagP50Ms} / ≤ ${LIMITS.lagP99Ms} ms`,
      met: ours.loopDelay.p50 <= LIMITS.lagP50Ms && ours.loopDelay.p99 <= LIMITS.lagP99Ms,
    });
  }
  for (const id of ['conc-h1', 'conc-h2'] as const) {
    const ours = row(id, 'tls-requests');
    if (ours?.mainThreadUsPerRequest == null) continue;
    const native = row(id, BASELINE);
    list.push({
      scenario: `main-thread CPU per request at 64 in flight (${id})`,
      // Native https does all its work on the main thread: this is its whole client.
      native: fmtUs(native?.mainThreadUsPerRequest ?? null),
      ours: fmtUs(ours.mainThreadUsPerRequest),
      ...peers(id, (r) => fmtUs(r.mainThreadUsPerRequest ?? null)),
      goal: `≤ ${LIMITS.mainThreadUs} µs`,
      met: ours.mainThreadUsPerRequest <= LIMITS.mainThreadUs,
    });
  }
  for (const id of ['conc-h1', 'conc-h2'] as const) {
    const ours = row(id, 'tls-requests');
    if (!ours || ours.rssRatio === null) continue;
    const native = row(id, BASELINE);
    list.push({
      scenario: `peak RSS at 64 in flight (${id})`,
      native: native?.rssMb != null ? `${fmtValue(native.rssMb)} MB` : '–',
      ours: `${fmtRatio(ours.rssRatio)} (${fmtValue(ours.rssMb)} MB)`,
      ...peers(id, (r) => fmtRatio(r.rssRatio)),
      goal: `≤ ${LIMITS.peakRssRatio}×`,
      met: ours.rssRatio <= LIMITS.peakRssRatio,
    });
  }
  const cold = row('cold', 'tls-requests');
  if (cold?.cold) {
    const both = (r: Row): string => (r.cold ? `${fmtMs(r.cold.importMs)} / ${fmtMs(r.cold.firstResponseMs)} ms` : '–');
    const native = row('cold', BASELINE);
    list.push({
      scenario: 'import of the package / first response (cold)',
      native: native?.cold ? `— / ${fmtMs(native.cold.firstResponseMs)} ms` : '–',
      ours: both(cold),
      ...peers('cold', both),
      goal: `≤ ${LIMITS.importMs} / ≤ ${LIMITS.firstResponseMs} ms`,
      met: cold.cold.importMs <= LIMITS.importMs && cold.cold.firstResponseMs <= LIMITS.firstResponseMs,
    });
  }
  return list;
}

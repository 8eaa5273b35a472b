/**
 * The interop summary table, shared by the test files (test/interop/harness.ts) and the run's
 * global teardown (test/interop/setup.ts). No vitest runtime here: the teardown runs outside tests.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each interop file writes its tally (set by test/interop/setup.ts; absent in the default run). */
    interopResultsDir: string;
  }
}

export interface Tally {
  /** Cases that succeeded, as the browser does. */
  ok: number;
  /** Cases refused with the browser's alert, as the browser is. */
  refused: number;
  /** Cases that did not behave like the browser. */
  failed: number;
}

/** One file's rows: server label → profile → tally. */
export type Rows = Record<string, Record<string, Tally>>;

export const emptyTally = (): Tally => ({ ok: 0, refused: 0, failed: 0 });

/** The summary table, one row per server and profile. */
export function formatTable(rows: Rows, title: string): string {
  const lines: string[][] = [['server', 'profile', 'passed', 'succeeded', 'refused like the browser', 'failed']];
  const total = emptyTally();
  for (const [server, profiles] of Object.entries(rows)) {
    for (const [profile, t] of Object.entries(profiles)) {
      lines.push([server, profile, String(t.ok + t.refused), String(t.ok), String(t.refused), String(t.failed)]);
      total.ok += t.ok;
      total.refused += t.refused;
      total.failed += t.failed;
    }
  }
  lines.push(['total', '', String(total.ok + total.refused), String(total.ok), String(total.refused), String(total.failed)]);
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const render = (l: string[]): string => l.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [title, render(lines[0]!), rule, ...lines.slice(1, -1).map(render), rule, render(lines[lines.length - 1]!)].join('\n');
}


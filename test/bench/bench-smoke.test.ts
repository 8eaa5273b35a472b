/**
 * The benchmark still runs: `npm run bench` in its quickest mode, for tls-requests and native
 * https only, against the Node servers (no nginx, no peers), into a temporary directory. It
 * checks that a record comes out and that every request completed, never how fast: timing
 * assertions on a shared machine would only be noise.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// scale-h1 with --workers=1,2 is two scenarios; native https runs only in the first (its baseline).
const SCENARIOS = ['hs-ecdsa', 'ka-h1', 'conc-h1', 'conc-h2', 'big-h1', 'scale-h1', 'cold', 'idle'];
const SCENARIO_IDS = ['hs-ecdsa', 'ka-h1', 'conc-h1', 'conc-h2', 'big-h1', 'scale-h1-w1', 'scale-h1-w2', 'cold', 'idle'];
const CLIENTS = ['tls-requests', 'node-https'];

interface Record {
  summaries: {
    id: string;
    rows: {
      client: string;
      unsupported: string | null;
      value: number | null;
      requests: number;
      ok: number;
      failed: number;
      lost: number;
      errors: string[];
      mainThreadUsPerRequest?: number | null;
      cold?: { importMs: number; firstResponseMs: number } | null;
    }[];
  }[];
  cells: { client: string; scenario: string; result: unknown; error: string | null }[];
  goals: { scenario: string; met: boolean | null }[];
}

const work = mkdtempSync(join(tmpdir(), 'tls-requests-bench-smoke-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench', 'run.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

describe('npm run bench --quick', () => {
  it('measures tls-requests and native https, every request completed', { timeout: 240_000 }, async () => {
    const out = join(work, 'results');
    const { code, output } = await runBench([
      '--quick',
      '--scale=0.5',
      `--clients=${CLIENTS.join(',')}`,
      `--scenarios=${SCENARIOS.join(',')}`,
      '--workers=1,2',
      '--no-nginx',
      `--out=${out}`,
      `--build-dir=${join(work, 'build')}`,
    ]);
    expect(code, output).toBe(0);

    const record = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Record;
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('| tls-requests |');
    expect(readFileSync(join(out, 'chart.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(record.summaries.map((s) => s.id)).toEqual(SCENARIO_IDS);
    // A cell without a result (crash, timeout, a client that cannot run it) says why here.
    expect(record.cells.filter((c) => c.result === null).map((c) => `${c.client} ${c.scenario}: ${c.error}`)).toEqual([]);
    for (const summary of record.summaries) {
      for (const client of CLIENTS) {
        const row = summary.rows.find((r) => r.client === client);
        const where = `${client} in ${summary.id}: ${row?.errors.join('; ') ?? 'no row'}`;
        if (summary.id === 'scale-h1-w2' && client === 'node-https') {
          expect(row?.unsupported, where).toContain('scale-h1-w1');
          continue;
        }
        expect(row?.unsupported ?? null, where).toBeNull();
        expect(row?.value ?? 0, where).toBeGreaterThan(0);
        expect(row?.requests, where).toBeGreaterThan(0);
        expect(row?.ok, where).toBe(row?.requests);
        expect(row?.failed, where).toBe(0);
        expect(row?.lost, where).toBe(0);
        // The new measurements are there (never how large: that is the bench's job, not a test's).
        if (summary.id === 'conc-h1') expect(row?.mainThreadUsPerRequest ?? 0, where).toBeGreaterThan(0);
        if (summary.id === 'cold') expect(row?.cold?.firstResponseMs ?? 0, where).toBeGreaterThan(0);
      }
    }
    expect(record.goals.map((g) => g.scenario)).toContain('64 in flight, HTTP/1.1');
  });
});

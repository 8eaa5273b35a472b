/**
 * Global setup of `npm run test:interop` (vitest.interop.config.ts): gives the test files a
 * directory for their tallies, and after the last file prints one table of every server and
 * profile — the figures the closing note quotes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { formatTable, type Rows } from './table.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tls-requests-interop-results-'));
  project.provide('interopResultsDir', dir);
  return () => {
    const rows: Rows = {};
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.json')) Object.assign(rows, JSON.parse(readFileSync(join(dir, file), 'utf8')) as Rows);
    }
    rmSync(dir, { recursive: true, force: true });
    if (Object.keys(rows).length > 0) console.log(`\n${formatTable(rows, 'interop summary: cases per server and profile')}\n`);
  };
}

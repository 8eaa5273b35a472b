/**
 * Builds the package as `npm run build` does, into a staging directory of its own (under the
 * repository's git-ignored .scratch/, so the compiled files still resolve the repository's
 * node_modules), with package.json and README.md beside it: what `npm pack` would pack. A
 * directory per caller keeps test files that build at the same time from overwriting each other.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/servers.js';

const run = promisify(execFile);

export interface StagedPackage {
  dir: string;
  cli: string;
  remove(): void;
}

export async function buildStagedPackage(prefix: string): Promise<StagedPackage> {
  const scratch = join(REPO_ROOT, '.scratch');
  mkdirSync(scratch, { recursive: true });
  const dir = mkdtempSync(join(scratch, `${prefix}-`));
  for (const file of ['package.json', 'README.md']) copyFileSync(join(REPO_ROOT, file), join(dir, file));
  // `npm run build -- --outDir X`: the project's own build script, pointed elsewhere.
  await run('npm', ['run', 'build', '--', '--outDir', join(dir, 'dist')], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  return { dir, cli: join(dir, 'dist', 'cli.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * README.md is tested like code: the Quick start's commands exist, every block marked runnable
 * runs (offline, against the echo server it starts) and exits 0, and every TypeScript block
 * type-checks against the package's public face.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { profileRows } from '../../src/cli/profiles-command.js';
import { findProfile } from '../../src/profiles/index.js';
import { REPO_ROOT } from '../helpers/servers.js';
import { againstSource, README, readmeBlocks } from './readme-blocks.js';

const run = promisify(execFile);
const blocks = readmeBlocks();
const scratch = join(REPO_ROOT, '.scratch');
mkdirSync(scratch, { recursive: true });
// Inside the repository, so the blocks resolve its node_modules.
const dir = mkdtempSync(join(scratch, 'readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README.md', () => {
  it('the Quick start gives the two commands, and package.json has them', () => {
    const text = readFileSync(README, 'utf8');
    const quickStart = text.slice(text.indexOf('## Quick start'), text.indexOf('\n## ', text.indexOf('## Quick start') + 1));
    expect(quickStart).toMatch(/^npm install && npm start\b/m);
    expect(quickStart).toMatch(/^npm test\b/m);
    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe('tsx examples/demo.ts');
    expect(scripts.test).toBeDefined();
  });

  it("the profiles table says what `tls-requests profiles` says: aliases, JA4, Akamai", () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf('| identifier | aliases | JA4 | Akamai HTTP/2 |');
    expect(start).toBeGreaterThan(0);
    const table = text.slice(start, text.indexOf('\n\n', start)).split('\n').slice(2);
    expect(table.length).toBeGreaterThan(0);
    const rows = new Map(profileRows().map((r) => [r.id, r]));
    for (const line of table) {
      // Split on cell bars, not on the escaped bars of the Akamai strings.
      const [id, aliases, ja4, akamai] = line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/\\\|/g, '|'));
      const code = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const row = rows.get(code(id!)[0]!);
      expect(row, line).toBeDefined();
      for (const alias of code(aliases!)) expect(findProfile(alias)?.id, alias).toBe(row!.id);
      expect(code(ja4!)[0], line).toBe(row!.ja4);
      expect(code(akamai!)[0], line).toBe(row!.akamai);
    }
  });

  it('has runnable blocks', () => {
    expect(blocks.filter((b) => b.runnable).length).toBeGreaterThanOrEqual(8);
  });

  it('every TypeScript block type-checks against the public API', async () => {
    const files = blocks.map((block, i) => {
      // Each block is a module of its own (top-level await, its own imports).
      const file = join(dir, `check-${i}-line-${block.line}.mts`);
      writeFileSync(file, againstSource(block.code));
      return file;
    });
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'esnext.disposable'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        types: ['node'],
        typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
      },
      files,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: REPO_ROOT }).catch((error: { stdout: string }) => error);
    // Only the blocks' own errors: the sources' are `npm run typecheck`'s business.
    expect(result.stdout.split('\n').filter((line) => line.includes('check-'))).toEqual([]);
  }, 120_000);

  describe.concurrent('runnable blocks', () => {
    it.each(blocks.filter((b) => b.runnable).map((b) => [b.line, b] as const))('the block at line %i runs and exits 0', async (_line, block) => {
      const file = join(dir, `run-line-${block.line}.mts`);
      writeFileSync(file, againstSource(block.code));
      const { stdout, stderr } = await run('npx', ['tsx', file], { cwd: REPO_ROOT, timeout: 90_000, env: { ...process.env, HTTPS_PROXY: '', HTTP_PROXY: '', ALL_PROXY: '' } });
      expect(stderr.split('\n').filter((l) => l && !l.startsWith('npm '))).toEqual([]);
      expect(stdout.length).toBeGreaterThan(0);
    }, 120_000);
  });
});

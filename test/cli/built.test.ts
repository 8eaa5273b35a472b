/**
 * The compiled command, as the published package runs it: `node dist/cli.js` after `npm run
 * build`. This is the one test of the CLI that goes through dist/ (the worker pool then loads
 * dist/pool/worker.cjs, not the TypeScript source).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EchoReport } from '../../src/fingerprint/echo/index.js';
import { REPO_ROOT } from '../helpers/servers.js';
import { buildStagedPackage, type StagedPackage } from './build-package.js';
import { startEchoFixture, type EchoFixture } from './echo-fixture.js';
import { errorLines, runCli } from './run-cli.js';

let staged: StagedPackage;
let echo: EchoFixture;

beforeAll(async () => {
  [staged, echo] = await Promise.all([buildStagedPackage('cli-build'), startEchoFixture()]);
}, 300_000);
afterAll(async () => {
  staged?.remove();
  await echo?.close();
});

describe('node dist/cli.js (after npm run build)', () => {
  it('the build emits dist/cli.js with its shebang, and the worker entry dist/pool/worker.cjs', () => {
    expect(readFileSync(staged.cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(existsSync(join(staged.dir, 'dist', 'pool', 'worker.cjs'))).toBe(true);
  });

  it('--version prints the package version', async () => {
    const result = await runCli(['--version'], { command: ['node', staged.cli] });
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(result.text.trim()).toBe(version);
  });

  it('profiles runs', async () => {
    const result = await runCli(['profiles'], { command: ['node', staged.cli] });
    expect(result.code).toBe(0);
    expect(result.text).toContain('chrome_156');
  });

  it('get goes through the compiled worker pool and prints the echo', async () => {
    const result = await runCli(['get', echo.url, '--ca', echo.caPath, '--http1', '-i'], { command: ['node', staged.cli] });
    expect(errorLines(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.text.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    const report = JSON.parse(result.text.slice(result.text.indexOf('\r\n\r\n') + 4)) as EchoReport;
    expect(report.tls.ja4).toMatch(/^t13d\d{4}h1_/);
  });
});

/**
 * `npm run docs`: the API reference builds from the TSDoc comments, without errors, and documents
 * the public face (AsyncClient and the error classes at least).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/servers.js';

const run = promisify(execFile);
mkdirSync(join(REPO_ROOT, '.scratch'), { recursive: true });
const out = mkdtempSync(join(REPO_ROOT, '.scratch', 'docs-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run docs', () => {
  it('generates the API reference from TSDoc, with no errors', async () => {
    // --out: the project's docs script, writing where this test can look and then remove.
    const { stdout, stderr } = await run('npm', ['run', 'docs', '--', '--out', out], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
    expect(`${stdout}${stderr}`).not.toMatch(/\[error\]/);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const pages = readdirSync(out, { recursive: true }).map(String);
    expect(pages.some((p) => /AsyncClient\.html$/.test(p))).toBe(true);
    expect(pages.some((p) => /CertificateError\.html$/.test(p))).toBe(true);
  }, 180_000);
});

/**
 * The caller's thread stays light: importing the built package (what users run) loads the client
 * and nothing of the TLS engine, noble, piscina, tough-cookie or tldts; each comes when first
 * needed (the engine only in worker threads). Module loads are counted with a loader hook in a
 * fresh process; times live in bench/ (cold start), not here.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStagedPackage, type StagedPackage } from '../cli/build-package.js';

const run = promisify(execFile);

let staged: StagedPackage;

beforeAll(async () => {
  staged = await buildStagedPackage('light');
  writeFileSync(join(staged.dir, 'hooks.mjs'), "export async function load(url, context, next) { if (!url.startsWith('node:')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }\n");
  writeFileSync(join(staged.dir, 'register.mjs'), "import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);\n");
}, 180_000);

afterAll(() => staged?.remove());

/** The files a fresh process loads for `script` (an ES module run in the staged package). */
async function loadedBy(script: string): Promise<string[]> {
  const { stderr } = await run(process.execPath, ['--import', join(staged.dir, 'register.mjs'), '--input-type=module', '-e', script], { cwd: staged.dir });
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED file:'))
    .map((line) => fileURLToPath(line.slice('LOADED '.length)));
}

describe('importing the package root', () => {
  it('loads a handful of our own files and no dependency', async () => {
    const entry = join(staged.dir, 'dist', 'index.js');
    const files = await loadedBy(`await import(${JSON.stringify(entry)}); console.log('ok');`);
    const ours = files.filter((file) => file.startsWith(join(staged.dir, 'dist')));
    expect(ours).toContain(entry);
    expect(ours.length).toBeLessThanOrEqual(30);
    expect(files.filter((file) => file.includes(`node_modules`))).toEqual([]);
    // Neither the TLS engine's record layer nor noble's hashes are among them (bundled, their
    // messages would appear in the files this thread loads).
    const texts = ours.map((file) => readFileSync(file, 'utf8'));
    expect(texts.filter((text) => text.includes('record failed authentication'))).toEqual([]);
    expect(texts.filter((text) => text.includes('expected hash wrapped by utils.createHasher'))).toEqual([]);
  });

  it('a user\'s tough-cookie jar is used as it is: the library loads the same module on first need', async () => {
    const entry = join(staged.dir, 'dist', 'index.js');
    const script = [
      `const { AsyncClient, Cookies } = await import(${JSON.stringify(entry)});`,
      `const { CookieJar } = await import('tough-cookie');`,
      `const jar = new CookieJar();`,
      `await jar.setCookie('a=1; Path=/', 'https://example.test/');`,
      `const cookies = new Cookies(jar);`,
      `cookies.set('b', '2', { domain: 'example.test' });`,
      `console.log(cookies.jar === jar, cookies.get('a'), cookies.get('b'));`,
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: staged.dir });
    expect(stdout.trim()).toBe('true 1 2');
  });
});

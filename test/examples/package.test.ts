/**
 * The package as a user gets it: `npm pack` of a fresh build, installed with npm into an empty
 * project outside the repository. The import works, its types resolve under `tsc --noEmit`, and
 * the `tls-requests` command runs (including a request, so the packed worker file is found).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStagedPackage, type StagedPackage } from '../cli/build-package.js';
import { startEchoFixture, type EchoFixture } from '../cli/echo-fixture.js';
import { REPO_ROOT } from '../helpers/servers.js';

const run = promisify(execFile);
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

let staged: StagedPackage;
let project: string;
let packedFiles: string[];
let echo: EchoFixture;

beforeAll(async () => {
  [staged, echo] = await Promise.all([buildStagedPackage('pack'), startEchoFixture()]);
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', staged.dir], { cwd: staged.dir });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packedFiles = packed!.files.map((f) => f.path);
  // Outside the repository: nothing may resolve from the repository's node_modules.
  project = mkdtempSync(join(tmpdir(), 'tls-requests-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // With the registry reachable (an --offline install can miss a dependency the cache lacks).
  const { version: typesNode } = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', '@types', 'node', 'package.json'), 'utf8')) as { version: string };
  await run('npm', ['install', join(staged.dir, packed!.filename), `@types/node@${typesNode}`, ...NPM_QUIET], { cwd: project, timeout: 240_000 });
}, 360_000);

afterAll(async () => {
  staged?.remove();
  if (project) rmSync(project, { recursive: true, force: true });
  await echo?.close();
});

describe('npm pack, installed into an empty project', () => {
  it('ships dist (with the command and the worker) and the README, not the sources or tests', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/pool/worker.cjs', 'dist/tls/index.js']));
    expect(packedFiles.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('examples/'))).toEqual([]);
  });

  it('imports: the public face and tls-requests/tls', async () => {
    const script = "import * as m from 'tls-requests'; import * as t from 'tls-requests/tls'; console.log(typeof m.AsyncClient, typeof m.get, typeof m.HTTPError, typeof t.connect);";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    expect(stdout.trim()).toBe('function function function function');
  });

  it('types resolve: a small program type-checks with tsc --noEmit, and a misuse is caught', async () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2023', 'esnext.disposable'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, include: ['*.ts'] }),
    );
    writeFileSync(
      join(project, 'main.ts'),
      [
        "import { AsyncClient, CertificateError, get, type Response } from 'tls-requests';",
        "import { connect, type ConnectOptions } from 'tls-requests/tls';",
        "const client = new AsyncClient({ clientIdentifier: 'firefox', http2: 'auto', timeout: 5_000 });",
        "const pending: Promise<Response> = client.get('https://example.com/', { headers: { 'X-A': '1' } });",
        'const status: Promise<number> = pending.then((r) => r.status);',
        "const module: Promise<Response> = get('https://example.com/');",
        'const isCert = (e: unknown): boolean => e instanceof CertificateError && e.reason === "expired";',
        'const options: Partial<ConnectOptions> = {};',
        'export { status, module, isCert, options, connect };',
        '',
      ].join('\n'),
    );
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const ok = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project }).catch((e: { stdout: string }) => e);
    expect(ok.stdout).toBe('');
    // The types are real, not `any`: a wrong option is an error.
    writeFileSync(join(project, 'wrong.ts'), "import { AsyncClient } from 'tls-requests';\nnew AsyncClient({ timeout: 'soon' });\n");
    const wrong = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project }).catch((e: { stdout: string }) => e);
    rmSync(join(project, 'wrong.ts'));
    expect(wrong.stdout).toMatch(/wrong\.ts.*error TS2322/);
  }, 120_000);

  it('the tls-requests command runs: profiles', async () => {
    const { stdout } = await run('npx', ['--no-install', 'tls-requests', 'profiles'], { cwd: project });
    expect(stdout).toMatch(/^chrome_156\s+Chrome 156\s+chrome, \(default\)\s+t13d1517h2_8daaf6152771_cb7bf5808d99/m);
  });

  it('the tls-requests command sends a request through the installed worker pool', async () => {
    const { stdout } = await run('npx', ['--no-install', 'tls-requests', 'get', echo.url, '--ca', echo.caPath, '--http1'], { cwd: project });
    expect((JSON.parse(stdout) as { httpVersion: string }).httpVersion).toBe('HTTP/1.1');
  });
});

/**
 * tls-requests is measured as it ships: the package's own build (scripts/build.mjs, the esbuild
 * bundle `npm run build` makes, without the type declarations) of the current src/ into
 * <build>/tls/dist at the start of each bench run (about a second).
 * Compiled code also lets its worker threads inherit the process's flags (`--cpu-prof`): a `.ts`
 * worker entry is started with its own execArgv (tsx's loader), which would drop them.
 *
 * <build>/tls/node_modules links to the repository's node_modules, so the build resolves the
 * package's own dependencies (piscina, noble) and never a peer's copy from bench/node_modules.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface EsbuildApi {
  build(options: {
    entryPoints: string[];
    outdir: string;
    outbase: string;
    format: 'esm';
    platform: 'node';
    target: string;
    bundle: false;
    sourcemap: boolean;
    logLevel: 'warning';
  }): Promise<unknown>;
}

/** `minify: false` (profiling) keeps the functions' names in the bundle. */
export async function buildTlsRequests(repoRoot: string, buildDir: string, { minify }: { minify: boolean }): Promise<string> {
  const dir = join(buildDir, 'tls');
  prepare(dir, join(repoRoot, 'node_modules'));
  const env = { ...process.env, TLS_REQUESTS_BUILD_MINIFY: minify ? '1' : '0' };
  await run(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), '--outDir', join(dir, 'dist'), '--no-types'], { cwd: repoRoot, env });
  return join(dir, 'dist', 'index.js');
}

/**
 * The bench's own processes (cells, the Node server) as plain JavaScript, run by `node` without
 * tsx: tsx's loader would cost every cell memory and, inherited by tls-requests' worker threads,
 * charge tls-requests for it twice. Their node_modules link is bench/node_modules (the peers).
 */
export async function buildBench(repoRoot: string, benchDir: string, buildDir: string): Promise<string> {
  const dir = join(buildDir, 'cell');
  prepare(dir, join(benchDir, 'node_modules'));
  const files = [join(benchDir, 'cell.ts'), join(benchDir, 'node-server.ts'), ...tsFiles(join(benchDir, 'lib'))];
  await transpile(repoRoot, files, benchDir, dir, false);
  return dir;
}

/** An empty output directory whose node_modules link points where its imports must resolve. */
function prepare(dir: string, modules: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  symlinkSync(modules, join(dir, 'node_modules'), 'dir');
}

async function transpile(repoRoot: string, entryPoints: string[], outbase: string, outdir: string, sourcemap: boolean): Promise<void> {
  await esbuild(repoRoot).build({ entryPoints, outdir, outbase, format: 'esm', platform: 'node', target: 'node20', bundle: false, sourcemap, logLevel: 'warning' });
}

/** esbuild is a devDependency of the package (its build): resolved from the repository. */
function esbuild(repoRoot: string): EsbuildApi {
  return createRequire(join(repoRoot, 'package.json'))('esbuild') as EsbuildApi;
}

function tsFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...tsFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}


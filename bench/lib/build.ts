/**
 * tls-requests is measured as it ships, compiled JavaScript, transpiled from the current src/
 * into bench/.build/src at the start of each bench run (esbuild, no type check, under a second).
 * Compiled code also lets its worker threads inherit the process's flags (`--cpu-prof`): a `.ts`
 * worker entry is started with its own execArgv (tsx's loader), which would drop them.
 *
 * bench/.build/node_modules links to the repository's node_modules, so the build resolves the
 * package's own dependencies (piscina, noble) and never a peer's copy from bench/node_modules.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

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

export async function buildTlsRequests(repoRoot: string, benchDir: string): Promise<string> {
  const srcDir = join(repoRoot, 'src');
  const buildDir = join(benchDir, '.build');
  const outDir = join(buildDir, 'src');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  const link = join(buildDir, 'node_modules');
  if (!existsSync(link) && !isSymlink(link)) symlinkSync(relative(buildDir, join(repoRoot, 'node_modules')), link, 'dir');
  await esbuild(repoRoot).build({
    entryPoints: tsFiles(srcDir),
    outdir: outDir,
    outbase: srcDir,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    // Source maps let the CPU profile name src/ files; they cost nothing at run time.
    sourcemap: true,
    logLevel: 'warning',
  });
  return join(outDir, 'index.js');
}

/** esbuild comes with tsx (a devDependency of the package): resolved through it. */
function esbuild(repoRoot: string): EsbuildApi {
  const fromRoot = createRequire(join(repoRoot, 'package.json'));
  const fromTsx = createRequire(fromRoot.resolve('tsx'));
  return fromTsx('esbuild') as EsbuildApi;
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

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

#!/usr/bin/env node
/**
 * `npm run build`: the package as it ships. tsc writes the type declarations (one .d.ts per source
 * file, so the subpath faces keep their own); esbuild writes the JavaScript as one bundle per entry
 * with the code they share split into chunks. A bundle loads in a few modules instead of ~250: the
 * caller's import and each worker thread's start spend their time compiling our code, not resolving
 * and reading files. The noble libraries and fzstd (small ES modules of pure functions, some 40
 * files) are bundled in; the rest stays external, installed beside the package as npm does:
 * piscina and commander, tough-cookie (users hand us its jars, so their classes must be the same)
 * and tldts (loaded only when a cookie or a wildcard certificate name needs it).
 *
 * `--outDir DIR` writes elsewhere (tests stage a package of their own); `--no-types` skips the
 * declarations (the bench needs only the JavaScript).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outFlag = args.indexOf('--outDir');
const outdir = resolve(root, outFlag >= 0 ? args[outFlag + 1] : 'dist');

/** What the package.json exports and bin point at. */
const entryPoints = ['index', 'cli', 'tls/index', 'fingerprint/index', 'profiles/index', 'crawlee/index'].map((name) => join(root, 'src', `${name}.ts`));

const EXTERNAL = ['piscina', 'commander', 'tough-cookie', 'tldts', '@crawlee/*'];

rmSync(outdir, { recursive: true, force: true });
if (!args.includes('--no-types')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--emitDeclarationOnly', '--outDir', outdir], { stdio: 'inherit' });
}

const shared = {
  bundle: true,
  platform: 'node',
  target: 'es2022',
  external: EXTERNAL,
  sourcemap: true,
  // TLS_REQUESTS_BUILD_MINIFY=0: readable names, for profiling.
  minify: process.env.TLS_REQUESTS_BUILD_MINIFY !== '0',
  logLevel: 'warning',
};

await build({
  ...shared,
  entryPoints,
  outbase: join(root, 'src'),
  outdir,
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
});

// The worker thread's entry, one CommonJS file: piscina require()s it, which loads one script
// instead of starting a thread's ES module loader and linking a graph of chunks (~10 ms of every
// thread's start). import.meta.url becomes the file's own URL.
await build({
  ...shared,
  entryPoints: [join(root, 'src', 'pool', 'worker.ts')],
  outfile: join(outdir, 'pool', 'worker.cjs'),
  format: 'cjs',
  define: { 'import.meta.url': '__workerFileUrl' },
  banner: { js: "const __workerFileUrl = require('node:url').pathToFileURL(__filename).href;" },
});

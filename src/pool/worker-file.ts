/**
 * Where the worker entry is, found next to this module so it works from the published package
 * (dist/pool/worker.cjs) and from source under tsx or vitest (src/pool/worker.ts). A `.ts`
 * worker needs tsx's loader in the worker too, or Node rejects the file extension (on Node 20
 * tsx installs only its require hook in workers; piscina loads the entry through require first).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  filename: string;
  execArgv: string[] | undefined;
}

/** The production entry next to this module, or (tests only) another entry file. */
export function workerEntry(override?: string | URL, moduleUrl: string = import.meta.url): WorkerEntry {
  const filename = override === undefined ? defaultEntry(moduleUrl) : fileUrl(override);
  return {
    filename,
    // undefined: the worker inherits the process's own flags, as Node does by default.
    execArgv: filename.endsWith('.ts') ? ['--import', tsxLoader(moduleUrl)] : undefined,
  };
}

/** A bare `--import tsx` resolves from the process's working directory; resolve it from here instead. */
function tsxLoader(moduleUrl: string): string {
  try {
    return pathToFileURL(createRequire(moduleUrl).resolve('tsx')).href;
  } catch {
    return 'tsx';
  }
}

/**
 * From source, the entry sits beside this file. In the published bundle this code sits in an entry
 * (dist/index.js, dist/tls/index.js) or in a shared chunk (dist/chunks/), and the entry is
 * dist/pool/worker.cjs (the first of these that exists), given to piscina as a path: piscina
 * require()s a path, and only imports a URL (the slower ES module loader).
 */
function defaultEntry(moduleUrl: string): string {
  if (new URL(moduleUrl).pathname.endsWith('.ts')) return new URL('./worker.ts', moduleUrl).href;
  const candidates = ['./worker.cjs', './pool/worker.cjs', '../pool/worker.cjs'].map((path) => new URL(path, moduleUrl));
  return fileURLToPath(candidates.find((url) => existsSync(url)) ?? candidates[0]!);
}

function fileUrl(file: string | URL): string {
  if (file instanceof URL) return file.href;
  return file.startsWith('file:') ? file : pathToFileURL(resolve(file)).href;
}

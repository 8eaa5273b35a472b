/**
 * Where the worker entry is, found next to this module so it works from the published package
 * (dist/pool/worker.js) and from source under tsx or vitest (src/pool/worker.ts). A `.ts`
 * worker needs tsx's loader in the worker too, or Node rejects the file extension.
 */
export interface WorkerEntry {
  filename: string;
  execArgv: string[] | undefined;
}

export function workerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  const fromSource = new URL(moduleUrl).pathname.endsWith('.ts');
  return {
    filename: new URL(fromSource ? './worker.ts' : './worker.js', moduleUrl).href,
    // undefined: the worker inherits the process's own flags, as Node does by default.
    execArgv: fromSource ? ['--import', 'tsx'] : undefined,
  };
}

/** What the figures were measured on: hardware, runtimes, the peers' versions, the commit. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export function machineInfo(repoRoot: string, benchDir: string, nginxVersion: string | null): Record<string, string> {
  const cpus = os.cpus();
  const info: Record<string, string> = {
    cpu: `${cpus[0]?.model.trim() ?? 'unknown'} × ${os.availableParallelism()} (available parallelism)`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: `${process.version} (OpenSSL ${process.versions.openssl}, V8 ${process.versions.v8})`,
    nginx: nginxVersion ?? 'not run',
    'tls-requests': commit(repoRoot),
  };
  for (const peer of ['impit', 'wreq-js', 'cycletls', 'got-scraping', 'undici']) {
    const manifest = join(benchDir, 'node_modules', peer, 'package.json');
    info[peer] = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : 'not installed';
  }
  return info;
}

function commit(repoRoot: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in src/ (${dirty.split('\n').length} files)` : head;
  } catch {
    return 'unknown (no git)';
  }
}

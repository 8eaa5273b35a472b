/**
 * Runs the command line as a user runs it from a checkout: `npx tsx src/cli.ts ...` in the
 * repository, as a child process, its output and exit code captured.
 */
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../helpers/servers.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  /** stdout as UTF-8 text. */
  text: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** The command to run instead of `npx tsx src/cli.ts` (the built dist/cli.js, say). */
  command?: readonly string[];
  cwd?: string;
  /** Bytes for the child's stdin (otherwise it has none). */
  input?: Buffer;
}

export const SOURCE_CLI = ['npx', 'tsx', 'src/cli.ts'] as const;

/**
 * Per-test timeout for tests that spawn the CLI: each spawn starts npx, tsx and a worker pool,
 * which takes seconds on a loaded machine, and a test may spawn twice.
 */
export const SPAWN_TIMEOUT = { timeout: 150_000 };

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const [file, ...prefix] = options.command ?? SOURCE_CLI;
  // No proxy from the machine's environment: these tests talk to servers on loopback.
  const env = { ...process.env, HTTPS_PROXY: '', HTTP_PROXY: '', ALL_PROXY: '', https_proxy: '', http_proxy: '', all_proxy: '', ...options.env };
  const child = spawn(file!, [...prefix, ...args], { cwd: options.cwd ?? REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  // stdin is the given bytes, or closed at once (an empty stdin, as `< /dev/null`).
  child.stdin.on('error', () => {});
  child.stdin.end(options.input ?? Buffer.alloc(0));
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const out = Buffer.concat(stdout);
      resolve({ code, signal, stdout: out, stderr, text: out.toString('utf8') });
    });
  });
}

/** The stderr lines that are not npm's own notices (an outdated npm, say). */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('npm notice') && !line.startsWith('npm warn'));
}

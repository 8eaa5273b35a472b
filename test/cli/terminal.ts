/**
 * The CLI with its stdout and stderr on a real pseudo-terminal, as when a user runs it by hand:
 * util-linux `script` allocates it (both streams then arrive mixed, on the result's stdout).
 */
import { requireBinary } from '../helpers/servers.js';
import { runCli, SOURCE_CLI, type CliResult } from './run-cli.js';

const NO_PROXY = { HTTPS_PROXY: '', HTTP_PROXY: '', ALL_PROXY: '', https_proxy: '', http_proxy: '', all_proxy: '' };

export function runOnTerminal(args: readonly string[]): Promise<CliResult> {
  const script = requireBinary('script', 'bsdutils');
  const command = [...SOURCE_CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // -e: script exits with the command's status; -q: no banner; the log goes nowhere.
  return runCli([], { command: [script, '-qec', command, '/dev/null'], env: NO_PROXY });
}

/** The `tls-requests` command line: every command, each from its own file, on one commander program. */
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { fingerprintCommand } from './fingerprint-command.js';
import { profilesCommand } from './profiles-command.js';
import { METHODS, requestCommand, urlCommand } from './request-command.js';
import { serveCommand } from './serve-command.js';

// package.json is at the package's root: two levels above this file in src/cli/ (under tsx) or in
// dist/chunks/, one above it bundled into dist/cli.js.
const packageJson = ['../package.json', '../../package.json'].map((path) => new URL(path, import.meta.url)).find((url) => existsSync(url));
const { version } = JSON.parse(readFileSync(packageJson ?? new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function createProgram(): Command {
  const program = new Command('tls-requests')
    .description('HTTP requests that look like a real browser on the wire, and tools to check that they do')
    .version(version)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  tls-requests -sSL https://example.com/ -o page.html     (curl\'s flags: see tls-requests request --help)',
        '  tls-requests -I https://example.com/',
        '  tls-requests get https://example.com/ -i',
        '  tls-requests post https://example.com/api --json \'{"a":1}\' --profile firefox',
        '  tls-requests profiles',
        '  tls-requests fingerprint chrome --explain',
        '  tls-requests serve --port 8443',
        '',
        'Redirects are not followed unless -L, as in curl.',
        '',
        'Exit status: 0 for any HTTP response (4xx and 5xx too, unless -f); otherwise curl\'s codes:',
        '  2 usage, 3 bad URL, 5 proxy, 6 host not found, 7 connection failed, 8 protocol error,',
        '  22 HTTP error with -f, 23 write error, 28 timeout, 35 TLS, 47 too many redirects, 60 certificate, 61 decoding.',
      ].join('\n'),
    );
  // The default command: a first word that names no command is the URL, as in `curl URL`.
  program.addCommand(urlCommand(), { isDefault: true });
  for (const method of METHODS) program.addCommand(requestCommand(method));
  program.addCommand(profilesCommand());
  program.addCommand(fingerprintCommand());
  program.addCommand(serveCommand());
  // Commander's own exits (usage errors, --help, --version) become CommanderErrors that cli.ts
  // maps to exit codes, so a usage error exits 2 like any other UsageError.
  for (const command of [program, ...program.commands]) command.exitOverride().showHelpAfterError('(add --help for usage)');
  return program;
}

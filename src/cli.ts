#!/usr/bin/env node
/**
 * The `tls-requests` command (package.json `bin`, built to dist/cli.js). Failures end here: one
 * line on stderr naming what went wrong, and an exit code (see cli/error-message.ts).
 */
import { CommanderError } from 'commander';
import { describeFailure, ExitCode } from './cli/error-message.js';
import { createProgram } from './cli/program.js';

async function main(argv: string[]): Promise<void> {
  try {
    await createProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      process.exitCode = error.exitCode === 0 ? 0 : ExitCode.usage;
      return;
    }
    const failure = describeFailure(error);
    if (failure.message !== '') process.stderr.write(`tls-requests: ${failure.message}\n`);
    process.exitCode = failure.exitCode;
  }
}

await main(process.argv);

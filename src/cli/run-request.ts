/**
 * One request as the command line asks for it: the client built from the flags, cookies loaded
 * (-b) and saved (-c), the heads traced (-v), the body written with a progress bar (-o FILE on a
 * terminal), the -w text last. Any HTTP response is a success unless -f; a failure to get one
 * throws, and cli.ts turns it into one line (none with -s) and curl's exit code.
 */
import { AsyncClient } from '../client/index.js';
import type { Response } from '../client/response.js';
import { HttpFailError, SilencedFailure } from './cli-failures.js';
import { loadCookieArgument, saveCookieFile } from './cookie-file.js';
import { DownloadProgress, expectedLength } from './download-progress.js';
import { clientOptionsFrom, hasBody, requestOptionsFrom, type RequestFlags } from './request-flags.js';
import { outputTarget, writeResponse } from './response-output.js';
import { verboseTrace } from './verbose.js';
import { renderWriteOut, writeOutFormat, type TransferFacts } from './write-out.js';

/** curl's choice of method: -X, else the command's, else HEAD for -I, POST with a body, GET. */
export function methodFor(command: string | null, flags: RequestFlags): string {
  if (flags.request !== undefined) return flags.request.toUpperCase();
  if (command !== null) return command.toUpperCase();
  if (flags.head) return 'HEAD';
  return hasBody(flags) ? 'POST' : 'GET';
}

export async function runRequest(command: string | null, url: string, flags: RequestFlags): Promise<void> {
  // Everything that can be wrong on the command line fails before a connection is opened.
  const format = flags.writeOut !== undefined ? writeOutFormat(flags.writeOut) : null;
  const method = methodFor(command, flags);
  const requestOptions = requestOptionsFrom(flags);
  const client = new AsyncClient(clientOptionsFrom(flags));
  const started = performance.now();
  let response: Response | null = null;
  let bytes = 0;
  try {
    for (const argument of flags.cookie) loadCookieArgument(argument, client.cookies);
    response = await client.stream(method, url, requestOptions);
    try {
      if (flags.verbose) process.stderr.write(verboseTrace(response, { ja3: flags.ja3 }));
      // -f and a 4xx/5xx: nothing written, not even an empty -o file (curl creates none).
      if (flags.fail === true && response.status >= 400) throw new HttpFailError(response.status);
      const progress = progressFor(response, flags);
      bytes = await writeResponse(response, outputTarget(flags.output), {
        include: flags.include === true || flags.head === true,
        ...(progress ? { onBytes: (n: number) => progress.add(n) } : {}),
      });
      progress?.finish();
    } finally {
      await response.close();
    }
  } catch (error) {
    // -s hides the message, -S shows it again; the exit code is the failure's either way.
    throw flags.silent && !flags.showError ? new SilencedFailure(error) : error;
  } finally {
    if (flags.cookieJar !== undefined) saveCookieFile(flags.cookieJar, client.cookies);
    await client.close();
    // curl writes -w after a failed transfer too (http_code 000), so scripts can log every attempt.
    if (format !== null) process.stdout.write(renderWriteOut(format, facts(response, url, bytes, started), (line) => process.stderr.write(`${line}\n`)));
  }
}

/** The bar: for a file (-o FILE), when stderr is a terminal, unless -s or --no-progress-meter. */
function progressFor(response: Response, flags: RequestFlags): DownloadProgress | null {
  const wanted = flags.output !== undefined && flags.output !== '-' && !flags.silent && flags.progressMeter && process.stderr.isTTY === true;
  return wanted && response.request.method !== 'HEAD' ? new DownloadProgress(process.stderr, expectedLength(response.headers)) : null;
}

function facts(response: Response | null, url: string, bytes: number, started: number): TransferFacts {
  return {
    status: response?.status ?? 0,
    seconds: (performance.now() - started) / 1000,
    bytes,
    url: response?.url ?? url,
    httpVersion: response?.httpVersion ?? '',
    redirects: response?.history.length ?? 0,
    contentType: response?.headers.get('content-type') ?? '',
  };
}

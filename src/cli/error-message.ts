/**
 * How a failed command ends: one line on stderr that names the kind of failure first, and an exit
 * code. The codes are curl's for the same failures (7 connect, 28 timeout, 35 TLS, 60 certificate),
 * so scripts written against curl keep working.
 */
import {
  CertificateError,
  ConnectError,
  DecodingError,
  HTTPError,
  InvalidURL,
  PoolError,
  ProxyError,
  RemoteProtocolError,
  RequestError,
  TimeoutError,
  TLSError,
  TooManyRedirects,
  UnknownProfileError,
} from '../errors.js';
import { BinaryOutputError } from './binary-output-error.js';
import { HttpFailError, SilencedFailure } from './cli-failures.js';
import { UsageError } from './usage-error.js';

export interface Failure {
  /** One line, without the program name. */
  message: string;
  exitCode: number;
}

export const ExitCode = {
  generic: 1,
  usage: 2,
  badUrl: 3,
  proxy: 5,
  resolve: 6,
  connect: 7,
  protocol: 8,
  httpError: 22,
  write: 23,
  timeout: 28,
  tls: 35,
  tooManyRedirects: 47,
  certificate: 60,
  decoding: 61,
} as const;

const CONNECT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed (try again)',
};

const PROXY_PREFIX = 'proxy error';

export function describeFailure(error: unknown): Failure {
  // -s: the exit code of what happened, no message (cli.ts prints none for an empty one).
  if (error instanceof SilencedFailure) return { message: '', exitCode: describeFailure(error.cause).exitCode };
  if (error instanceof HttpFailError) return { message: error.message, exitCode: ExitCode.httpError };
  const fail = (kind: string, detail: string, exitCode: number): Failure => ({ message: `${kind}: ${oneLine(detail)}`, exitCode });
  if (error instanceof UsageError) return { message: oneLine(error.message), exitCode: ExitCode.usage };
  // curl's own words, as curl prints them: the body was not written, a write error.
  if (error instanceof BinaryOutputError) return { message: error.message, exitCode: ExitCode.write };
  if (error instanceof CertificateError) return fail(`certificate rejected (${error.reason})`, error.message, ExitCode.certificate);
  if (error instanceof TLSError) {
    const who = error.direction === 'received' ? 'from the server' : error.direction === 'sent' ? 'sent to the server' : 'no alert sent';
    return fail(`TLS alert ${error.alertName} (${who})`, error.message, ExitCode.tls);
  }
  if (error instanceof TimeoutError) {
    const limit = error.timeoutMs ? ` after ${formatSeconds(error.timeoutMs)}` : '';
    return fail(`timeout (${error.phase})${limit}`, error.message, ExitCode.timeout);
  }
  if (error instanceof ProxyError) return fail(PROXY_PREFIX + (error.code ? ` (${error.code})` : ''), error.message, ExitCode.proxy);
  if (error instanceof ConnectError) {
    const kind = CONNECT_CODES[error.code] ?? 'connection failed';
    const exitCode = error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' ? ExitCode.resolve : ExitCode.connect;
    return fail(`${kind}${error.code ? ` (${error.code})` : ''}`, error.message, exitCode);
  }
  if (error instanceof RemoteProtocolError) return fail(`protocol error (${error.code})`, error.message, ExitCode.protocol);
  if (error instanceof DecodingError) return fail('content decoding error', error.message, ExitCode.decoding);
  if (error instanceof TooManyRedirects) return fail('too many redirects', error.message, ExitCode.tooManyRedirects);
  if (error instanceof UnknownProfileError) return fail('unknown profile', error.message, ExitCode.usage);
  if (error instanceof InvalidURL) return fail('invalid URL', error.message, ExitCode.badUrl);
  if (error instanceof RequestError) return fail('invalid request', error.message, ExitCode.usage);
  if (error instanceof PoolError) return fail('worker pool error', error.message, ExitCode.generic);
  if (error instanceof HTTPError) return fail(error.name, error.message, ExitCode.generic);
  if (isWriteError(error)) return fail('cannot write output', error.message, ExitCode.write);
  return fail('error', error instanceof Error ? error.message : String(error), ExitCode.generic);
}

function isWriteError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && ['EPIPE', 'ENOSPC', 'EACCES', 'EISDIR', 'ENOENT', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '');
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** Messages from deep layers may hold newlines; the contract is one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

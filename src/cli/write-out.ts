/**
 * curl's `-w/--write-out FORMAT`: text written to stdout once the transfer is over, with
 * `%{variable}` replaced, `\n` `\r` `\t` `\\` unescaped and `%%` a percent sign; `@file` reads the
 * format from a file (`@-`: stdin). The variables curl scripts use most are here, with curl's
 * formatting (time in seconds with six decimals, http_code three digits and 000 with no response).
 */
import { readFileFor } from './files.js';
import { readFileSync } from 'node:fs';

export interface TransferFacts {
  /** The last response's status, or 0 when none came. */
  status: number;
  /** Seconds from the start of the command's request to the end of the body. */
  seconds: number;
  /** Body bytes received, after decoding (curl counts them before: see --help). */
  bytes: number;
  /** The last URL fetched (after redirects followed). */
  url: string;
  /** `HTTP/1.1`, `HTTP/2`, or '' when no response came. */
  httpVersion: string;
  redirects: number;
  contentType: string;
}

const VARIABLES: Record<string, (f: TransferFacts) => string> = {
  http_code: (f) => String(f.status).padStart(3, '0'),
  response_code: (f) => String(f.status).padStart(3, '0'),
  time_total: (f) => f.seconds.toFixed(6),
  size_download: (f) => String(f.bytes),
  url_effective: (f) => f.url,
  // curl's spelling: 1.1, 2 (0 with no response).
  http_version: (f) => (f.httpVersion === '' ? '0' : f.httpVersion.replace(/^HTTP\//, '')),
  num_redirects: (f) => String(f.redirects),
  content_type: (f) => f.contentType,
};

export const WRITE_OUT_VARIABLES = Object.keys(VARIABLES);

/** The format itself: the argument, or a file's content for `@file`. */
export function writeOutFormat(argument: string): string {
  if (!argument.startsWith('@')) return argument;
  const path = argument.slice(1);
  return path === '-' ? readFileSync(0, 'utf8') : readFileFor('-w', path).toString('utf8');
}

/**
 * The text for one transfer. An unknown variable is written as nothing, with curl's warning on
 * `warn`, so a typo shows without failing the transfer.
 */
export function renderWriteOut(format: string, facts: TransferFacts, warn: (line: string) => void = () => {}): string {
  return format.replace(/%\{([a-z_]+)\}|%%|\\([nrt\\])/g, (match, name: string | undefined, escape: string | undefined) => {
    if (match === '%%') return '%';
    if (escape !== undefined) return ({ n: '\n', r: '\r', t: '\t', '\\': '\\' } as Record<string, string>)[escape] ?? match;
    const variable = VARIABLES[name ?? ''];
    if (variable) return variable(facts);
    warn(`Warning: unknown --write-out variable: '${name}'`);
    return '';
  });
}

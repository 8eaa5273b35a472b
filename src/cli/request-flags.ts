/**
 * The flags of `get|post|put|patch|delete|head`, curl's where curl has one, turned into the
 * options of an AsyncClient and of the request it sends.
 */
import { basename } from 'node:path';
import type { ClientOptions, RequestOptions } from '../client/options.js';
import type { FileSpec } from '../client/multipart.js';
import { getProfile } from '../profiles/registry.js';
import { joinPieces, type DataPiece } from './body-args.js';
import { readFileFor } from './files.js';
import { UsageError } from './usage-error.js';

export interface RequestFlags {
  header: string[];
  /** -d, --data-binary, --data-raw: see body-args.ts. */
  data: DataPiece[];
  dataBinary: DataPiece[];
  dataRaw: DataPiece[];
  json?: string;
  form: string[];
  profile?: string;
  /** A JA3 string to build the ClientHello from, over the profile (tls_requests' ja3String). */
  ja3?: string;
  /** An Akamai HTTP/2 fingerprint to open connections with, over the profile. */
  akamai?: string;
  http1?: boolean;
  proxy?: string;
  ca?: string;
  insecure?: boolean;
  /** Seconds, as curl's --max-time (-m is the same). */
  timeout?: number;
  maxTime?: number;
  /** -L: follow redirects; curl's default is not to, and so is ours. */
  location?: boolean;
  /** --no-redirects (before -L existed): false keeps a 3xx as the answer, which is now the default. */
  redirects: boolean;
  maxRedirs?: number;
  include?: boolean;
  output?: string;
  /** -X: the method, over the command's. */
  request?: string;
  /** -I: HEAD, and print the heads. */
  head?: boolean;
  /** -u user:password (Basic). */
  user?: string;
  userAgent?: string;
  /** -b: `a=1; b=2`, or a Netscape cookie file. */
  cookie: string[];
  /** -c: write the cookies to this Netscape file at the end. */
  cookieJar?: string;
  writeOut?: string;
  verbose?: boolean;
  silent?: boolean;
  showError?: boolean;
  /** false with --no-progress-meter. */
  progressMeter: boolean;
  /** Accepted for curl's sake: responses are always decoded. */
  compressed?: boolean;
  fail?: boolean;
}

export function clientOptionsFrom(flags: RequestFlags): ClientOptions {
  // Checked here so a typo fails before any connection, with the closest names suggested.
  if (flags.profile !== undefined) getProfile(flags.profile);
  return {
    ...(flags.profile !== undefined ? { clientIdentifier: flags.profile } : {}),
    ...(flags.ja3 !== undefined ? { ja3: flags.ja3 } : {}),
    ...(flags.akamai !== undefined ? { akamai: flags.akamai } : {}),
    ...(flags.http1 ? { http2: 'http1' as const } : {}),
    ...(flags.proxy !== undefined ? { proxy: flags.proxy } : {}),
    ...(flags.ca !== undefined ? { ca: readFileFor('--ca', flags.ca).toString('utf8') } : {}),
    ...(flags.insecure ? { verify: false } : {}),
    ...((flags.maxTime ?? flags.timeout) !== undefined ? { timeout: (flags.maxTime ?? flags.timeout)! * 1000 } : {}),
    // curl's rule: a 3xx is the answer unless -L. --no-redirects, older, says the same.
    followRedirects: flags.location === true && flags.redirects,
    ...(flags.maxRedirs !== undefined ? { maxRedirects: flags.maxRedirs } : {}),
    ...(flags.user !== undefined ? { auth: basicCredentials(flags.user) } : {}),
    // Worker threads copy the environment too, but saying it here makes the CLI's promise explicit.
    keylog: process.env.SSLKEYLOGFILE || null,
  };
}

/** Whether the flags give a request body (curl then sends POST unless -X says otherwise). */
export function hasBody(flags: RequestFlags): boolean {
  return flags.data.length + flags.dataBinary.length + flags.dataRaw.length + flags.form.length > 0 || flags.json !== undefined;
}

/** curl's -u: `user:password`; curl would prompt for a password when there is no colon, we cannot. */
function basicCredentials(user: string): [string, string] {
  const colon = user.indexOf(':');
  if (colon < 0) throw new UsageError(`-u: expected user:password, got '${user}' (no password prompt here)`);
  return [user.slice(0, colon), user.slice(colon + 1)];
}

export function requestOptionsFrom(flags: RequestFlags): RequestOptions {
  const hasData = flags.data.length + flags.dataBinary.length + flags.dataRaw.length > 0;
  const bodies = [hasData && '-d', flags.json !== undefined && '--json', flags.form.length > 0 && '-F'].filter(Boolean);
  if (bodies.length > 1) throw new UsageError(`give one request body: ${bodies.join(' and ')} cannot be combined`);
  const headers = parseHeaders(flags.header);
  const has = (name: string): boolean => Object.keys(headers).some((n) => n.toLowerCase() === name);
  // -A, unless -H gave a User-Agent; `-A ''` removes the profile's, as curl sends none then.
  if (flags.userAgent !== undefined && !has('user-agent')) headers['User-Agent'] = flags.userAgent === '' ? null : [flags.userAgent];
  const content = joinPieces(flags.data, flags.dataBinary, flags.dataRaw);
  if (content !== null) {
    // curl's -d: the pieces joined by '&', sent as a form unless a Content-Type was given.
    if (!has('content-type')) headers['Content-Type'] = ['application/x-www-form-urlencoded'];
    return { headers, content };
  }
  if (flags.json !== undefined) {
    const text = textArgument('--json', flags.json);
    try {
      JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--json: not valid JSON: ${(error as Error).message}`);
    }
    // The text goes out as written (not re-serialised): what the user typed is what is sent.
    if (!has('content-type')) headers['Content-Type'] = ['application/json'];
    return { headers, content: text };
  }
  if (flags.form.length > 0) return { headers, ...parseForm(flags.form) };
  return { headers };
}

/**
 * `-H 'Name: value'` lines, in order, repeated names kept. As in curl, `-H 'Name:'` with nothing
 * after the colon removes that header, here a default header of the browser profile.
 */
export function parseHeaders(lines: readonly string[]): Record<string, string[] | null> {
  const headers: Record<string, string[] | null> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new UsageError(`-H: expected 'Name: value', got '${line}'`);
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new UsageError(`-H: '${name}' is not a valid header name`);
    const key = Object.keys(headers).find((n) => n.toLowerCase() === name.toLowerCase()) ?? name;
    if (value === '') headers[key] = null;
    else headers[key] = [...(headers[key] ?? []), value];
  }
  return headers;
}

/** curl's `@file` convention: the argument names a file whose content is the value. */
function textArgument(flag: string, value: string): string {
  return value.startsWith('@') ? readFileFor(flag, value.slice(1)).toString('utf8') : value;
}

/**
 * curl's -F: `name=value`, `name=<file` (a field whose value is the file's content) and
 * `name=@file[;type=mime][;filename=name]` (a file upload).
 */
function parseForm(items: readonly string[]): Pick<RequestOptions, 'data' | 'files'> {
  const data: [string, string][] = [];
  const files: [string, FileSpec][] = [];
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`-F: expected name=value or name=@file, got '${item}'`);
    const name = item.slice(0, eq);
    const value = item.slice(eq + 1);
    if (value.startsWith('<')) data.push([name, readFileFor('-F', value.slice(1)).toString('utf8')]);
    else if (value.startsWith('@')) files.push([name, fileSpec(value.slice(1))]);
    else data.push([name, value]);
  }
  return { ...(data.length ? { data } : {}), ...(files.length ? { files } : {}) };
}

function fileSpec(argument: string): FileSpec {
  const [path, ...params] = argument.split(';');
  const spec: FileSpec = { content: new Uint8Array(readFileFor('-F', path!)), filename: basename(path!) };
  for (const param of params) {
    const [key, value] = [param.slice(0, param.indexOf('=')).trim(), param.slice(param.indexOf('=') + 1)];
    if (key === 'type') spec.contentType = value;
    else if (key === 'filename') spec.filename = value;
    else throw new UsageError(`-F: unknown parameter '${param}' (type= and filename= are known)`);
  }
  return spec;
}

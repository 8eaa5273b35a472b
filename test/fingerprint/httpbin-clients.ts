/**
 * Two independent clients behind one small interface, so every httpbin test runs the same
 * request through our AsyncClient and through curl, over HTTP/2 and HTTP/1.1 on the TLS port and
 * over the plain-HTTP port (curl also speaks HTTP/2 there with prior knowledge). Each keeps its
 * cookies between calls (curl through a Netscape jar file), as a user's session would.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AsyncClient } from '../../src/index.js';
import type { EchoServer } from '../../src/fingerprint/echo/index.js';
import { requireBinary } from '../helpers/servers.js';

const run = promisify(execFile);

export interface Call {
  method?: string;
  headers?: Record<string, string>;
  /** A body sent as is (give its Content-Type in `headers`). */
  body?: string;
  follow?: boolean;
  auth?: [string, string];
  /** Keep the Content-Encoding (no decoding), to check the coded bytes themselves. */
  raw?: boolean;
}

export interface Exchange {
  status: number;
  /** Names lower-cased; a repeated field keeps every value. */
  headers: Map<string, string[]>;
  body: Buffer;
  /** 'HTTP/2' or 'HTTP/1.1'. */
  httpVersion: string;
  /** The URL of the last response (after redirects). */
  url: string;
  elapsedMs: number;
}

export interface HttpbinClient {
  name: string;
  kind: 'ours' | 'curl';
  scheme: 'https' | 'http';
  httpVersion: 'HTTP/2' | 'HTTP/1.1';
  base: string;
  call(path: string, call?: Call): Promise<Exchange>;
  close(): Promise<void>;
}

export type ClientSpec = { name: string; kind: 'ours' | 'curl'; plain: boolean; httpVersion: 'HTTP/2' | 'HTTP/1.1' };

/** Every transport each client is tried over. AsyncClient speaks HTTP/1.1 to http:// URLs (no h2c). */
export const CLIENTS: ClientSpec[] = [
  { name: 'AsyncClient, TLS, HTTP/2', kind: 'ours', plain: false, httpVersion: 'HTTP/2' },
  { name: 'AsyncClient, TLS, HTTP/1.1', kind: 'ours', plain: false, httpVersion: 'HTTP/1.1' },
  { name: 'AsyncClient, plain HTTP/1.1', kind: 'ours', plain: true, httpVersion: 'HTTP/1.1' },
  { name: 'curl, TLS, HTTP/2', kind: 'curl', plain: false, httpVersion: 'HTTP/2' },
  { name: 'curl, TLS, HTTP/1.1', kind: 'curl', plain: false, httpVersion: 'HTTP/1.1' },
  { name: 'curl, plain HTTP/1.1', kind: 'curl', plain: true, httpVersion: 'HTTP/1.1' },
  { name: 'curl, plain HTTP/2 (prior knowledge)', kind: 'curl', plain: true, httpVersion: 'HTTP/2' },
];

export function openClient(spec: ClientSpec, server: EchoServer): HttpbinClient {
  const base = (spec.plain ? server.plainUrl : server.url)!.replace(/\/$/, '');
  const common = { name: spec.name, kind: spec.kind, scheme: spec.plain ? ('http' as const) : ('https' as const), httpVersion: spec.httpVersion, base };
  return spec.kind === 'ours' ? { ...common, ...ours(spec, server, base) } : { ...common, ...curl(spec, server, base) };
}

function ours(spec: ClientSpec, server: EchoServer, base: string): Pick<HttpbinClient, 'call' | 'close'> {
  const client = new AsyncClient({ ca: server.ca, http2: spec.httpVersion === 'HTTP/2' ? 'http2' : 'http1', timeout: 20_000 });
  const raw = new AsyncClient({ ca: server.ca, http2: spec.httpVersion === 'HTTP/2' ? 'http2' : 'http1', timeout: 20_000, decode: false });
  return {
    async call(path, call = {}) {
      const started = performance.now();
      const response = await (call.raw ? raw : client).request(call.method ?? 'GET', `${base}${path}`, {
        ...(call.headers ? { headers: call.headers } : {}),
        ...(call.body !== undefined ? { content: call.body } : {}),
        ...(call.auth ? { auth: call.auth } : {}),
        followRedirects: call.follow ?? false,
      });
      const headers = new Map<string, string[]>();
      for (const name of response.headers.keys()) headers.set(name.toLowerCase(), response.headers.getAll(name));
      return {
        status: response.status,
        headers,
        body: Buffer.from(response.content),
        httpVersion: response.httpVersion === 'HTTP/2' || response.httpVersion === 'HTTP/2.0' ? 'HTTP/2' : response.httpVersion,
        url: response.url,
        elapsedMs: performance.now() - started,
      };
    },
    async close() {
      await Promise.all([client.close(), raw.close()]);
    },
  };
}

function curl(spec: ClientSpec, server: EchoServer, base: string): Pick<HttpbinClient, 'call' | 'close'> {
  const binary = requireBinary('curl', 'curl');
  const dir = mkdtempSync(join(tmpdir(), 'echo-httpbin-curl-'));
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, server.ca);
  const jar = join(dir, 'cookies.txt');
  const version = spec.httpVersion === 'HTTP/1.1' ? '--http1.1' : spec.plain ? '--http2-prior-knowledge' : '--http2';
  let n = 0;
  // curl 7.88.1 fails ("(16) Error in the HTTP2 framing layer") on the second request of a reused
  // HTTP/2 prior-knowledge connection, against Node's own http2 server too: there, redirects are
  // followed by starting curl again for each Location (a new connection each time).
  const priorKnowledge = version === '--http2-prior-knowledge';
  const once = async (url: string, call: Call): Promise<Exchange> => {
    n++;
    const headFile = join(dir, `head-${n}`);
    const bodyFile = join(dir, `body-${n}`);
    const args = ['-sS', '--cacert', caPath, version, '-b', jar, '-c', jar, '-D', headFile, '-o', bodyFile, '-w', '%{http_code} %{http_version} %{url_effective}'];
    // curl's -I is its HEAD (with -X HEAD it would wait for a body that never comes).
    if (call.method === 'HEAD') args.push('-I');
    else if (call.method) args.push('-X', call.method);
    for (const [name, value] of Object.entries(call.headers ?? {})) args.push('-H', `${name}: ${value}`);
    if (call.body !== undefined) args.push('--data-binary', call.body);
    if (call.follow && !priorKnowledge) args.push('-L');
    if (call.auth) args.push('-u', call.auth.join(':'));
    if (!call.raw) args.push('--compressed');
    args.push(url);
    const started = performance.now();
    const { stdout } = await run(binary, args, { timeout: 30_000 });
    const elapsedMs = performance.now() - started;
    const [code, httpVersion, effective] = stdout.split(' ');
    // With -L, -D holds every hop's head: the last block is the final answer's.
    const blocks = readFileSync(headFile, 'latin1').split(/\r\n\r\n/).filter((b) => b.trim());
    const headers = new Map<string, string[]>();
    for (const line of (blocks[blocks.length - 1] ?? '').split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
    }
    let body = Buffer.alloc(0);
    try {
      body = readFileSync(bodyFile);
    } catch {
      // curl writes no file for an empty body
    }
    // -I writes the head to the output file too: what follows it is the body (none, for a HEAD).
    const head = readFileSync(headFile);
    if (call.method === 'HEAD' && body.subarray(0, head.length).equals(head)) body = body.subarray(head.length);
    return { status: Number(code), headers, body, httpVersion: httpVersion === '2' ? 'HTTP/2' : `HTTP/${httpVersion}`, url: effective ?? '', elapsedMs };
  };
  return {
    async call(path, call = {}) {
      let exchange = await once(`${base}${path}`, call);
      for (let hops = 0; priorKnowledge && call.follow && exchange.status >= 300 && exchange.status < 400 && hops < 10; hops++) {
        const location = exchange.headers.get('location')?.[0];
        if (location === undefined) break;
        const elapsed = exchange.elapsedMs;
        exchange = await once(new URL(location, exchange.url).href, { ...call, method: 'GET', body: undefined });
        exchange.elapsedMs += elapsed;
      }
      return exchange;
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function json<T = Record<string, unknown>>(exchange: Exchange): T {
  return JSON.parse(exchange.body.toString('utf8')) as T;
}

export function header(exchange: Exchange, name: string): string | undefined {
  return exchange.headers.get(name)?.[0];
}

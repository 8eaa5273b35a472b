/**
 * What the interop files share: the test PKI, one GET over our TLS with a profile's ClientHello,
 * an AsyncClient for a profile, and a child-process wrapper for the servers that are not
 * openssl/gnutls (those come from test/helpers/servers.ts).
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { AsyncClient } from '../../src/index.js';
import { getProfile } from '../../src/profiles/index.js';
import { connect, type ConnectOptions } from '../../src/tls/connect.js';
import type { TLSConnection } from '../../src/tls/connection.js';
import type { Pki } from '../helpers/pki.js';
import { getOver } from '../helpers/tls-get.js';
import type { ProfileName } from './harness.js';

const run = promisify(execFile);

export interface TlsExchange {
  conn: TLSConnection;
  /** The whole HTTP response, as latin1 text (the server closes after it). */
  response: string;
}

/**
 * A TLS connection to 127.0.0.1:`port` with the profile's exact ClientHello (ALPN narrowed to
 * http/1.1, since the reply is read as HTTP/1.x), then one GET read to the server's close.
 */
export async function tlsGet(pki: Pki, port: number, profile: ProfileName, options: Partial<ConnectOptions> = {}, path = '/'): Promise<TlsExchange> {
  const conn = await connect({
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    ca: pki.ca,
    alpn: ['http/1.1'],
    hello: getProfile(profile).tls,
    timeout: 10_000,
    ...options,
  });
  const response = await getOver(conn, 'localhost', path);
  return { conn, response };
}

/** An AsyncClient for the profile that trusts the test root (through the real worker pool). */
export function clientFor(pki: Pki, profile: ProfileName, options: ConstructorParameters<typeof AsyncClient>[0] = {}): AsyncClient {
  return new AsyncClient({ clientIdentifier: profile, ca: pki.ca, timeout: 60_000, ...options });
}

/** The first line a command prints (stdout, else stderr): a server's version for the table. */
export async function versionLine(binary: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(binary, args, { timeout: 10_000 });
    return (stdout.trim() || stderr.trim()).split('\n')[0] ?? '';
  } catch (error) {
    // `nginx -v` exits 0 but some tools print their version and exit 1.
    const e = error as { stdout?: string; stderr?: string };
    return ((e.stdout ?? '').trim() || (e.stderr ?? '').trim()).split('\n')[0] ?? '';
  }
}

/** Deterministic bytes: byte i is (i * 7) mod 251, as the Go server's /big sends. */
export function patternBytes(size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) out[i] = (i * 7) % 251;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Child processes (nginx, haproxy, nghttpd, the Go server)

const live = new Set<ChildProcessWithoutNullStreams>();
const liveDirs = new Set<string>();
let hooked = false;
function track(child: ChildProcessWithoutNullStreams, dir: string | undefined): void {
  if (!hooked) {
    hooked = true;
    const killAll = (): void => {
      for (const c of live) c.kill('SIGKILL');
      for (const d of liveDirs) rmSync(d, { recursive: true, force: true });
    };
    process.once('exit', killAll);
    // vitest ends its fork workers with SIGTERM, which skips 'exit' hooks.
    process.once('SIGTERM', () => {
      killAll();
      process.kill(process.pid, 'SIGTERM');
    });
  }
  live.add(child);
  if (dir) liveDirs.add(dir);
  child.once('exit', () => live.delete(child));
}

export interface Daemon {
  process: ChildProcessWithoutNullStreams;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Resolves when the output matches; rejects on timeout or if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM (SIGKILL after 3 s), then removes `dir`. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Spawns a server in the foreground; `dir` (its temp directory) is removed when it stops. */
export function startDaemon(binary: string, args: string[], options: { cwd?: string; dir?: string; env?: NodeJS.ProcessEnv } = {}): Daemon {
  const child = spawn(binary, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  track(child, options.dir);
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
    for (const w of waiters) w();
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    if (options.dir) {
      rmSync(options.dir, { recursive: true, force: true });
      liveDirs.delete(options.dir);
    }
  };
  return {
    process: child,
    output: () => text,
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = text.match(pattern);
          if (m) {
            done();
            resolve(m);
          } else if (exitCode !== undefined) {
            done();
            reject(new Error(`${binary} exited (code ${exitCode}) before printing ${pattern}:\n${text}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} from ${binary} ${args.join(' ')}:\n${text}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

// ---------------------------------------------------------------------------------------------
// A P-521 leaf (the shared PKI has none: it is the one ECDSA curve Firefox offers and Chrome not)

export interface ExtraLeaf {
  certPem: string;
  keyPem: string;
  /** Leaf then intermediate, PEM. */
  chainPem: string;
  chainPath: string;
  keyPath: string;
}

/** An ECDSA P-521 leaf for localhost/127.0.0.1, issued by the PKI's intermediate, in `dir`. */
export async function issueP521Leaf(pki: Pki, dir: string): Promise<ExtraLeaf> {
  const { mkdir, readFile, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  await mkdir(dir, { recursive: true });
  const keyPath = join(dir, 'p521.key.pem');
  const csrPath = join(dir, 'p521.csr');
  const certPath = join(dir, 'p521.cert.pem');
  const extPath = join(dir, 'p521.ext');
  const chainPath = join(dir, 'p521.chain.pem');
  await writeFile(
    extPath,
    [
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
      '',
    ].join('\n'),
  );
  await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521', '-out', keyPath]);
  await run('openssl', ['req', '-new', '-key', keyPath, '-subj', '/O=tls-requests test/CN=localhost', '-out', csrPath]);
  await run('openssl', [
    'x509', '-req', '-in', csrPath, '-CA', pki.intermediate.certPath, '-CAkey', pki.intermediate.keyPath, '-set_serial', String(Date.now()),
    '-days', '30', '-sha256', '-extfile', extPath, '-out', certPath,
  ]);
  const certPem = await readFile(certPath, 'utf8');
  const chainPem = `${certPem.trimEnd()}\n${pki.intermediate.certPem}`;
  await writeFile(chainPath, chainPem);
  return { certPem, keyPem: await readFile(keyPath, 'utf8'), chainPem, chainPath, keyPath };
}

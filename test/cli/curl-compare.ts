/**
 * The same request from tls-requests and from curl against the echo server, for the tests that
 * say "as curl does": each run's exit code, stdout and stderr. curl must be installed (a missing
 * binary fails with its install command, never skips).
 */
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEchoServer, type EchoServer } from '../../src/fingerprint/echo/index.js';
import { requireBinary } from '../helpers/servers.js';
import { runCli, type CliResult, type RunOptions } from './run-cli.js';

export interface HttpbinFixture {
  server: EchoServer;
  /** https://localhost:PORT (no trailing slash) */
  tls: string;
  /** http://localhost:PORT (no trailing slash) */
  plain: string;
  caPath: string;
  dir: string;
  close(): Promise<void>;
}

export async function startHttpbin(): Promise<HttpbinFixture> {
  const server = await startEchoServer({ httpPort: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'tls-requests-curl-flags-'));
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, server.ca);
  return {
    server,
    tls: server.url.replace(/\/$/, ''),
    plain: server.plainUrl!.replace(/\/$/, ''),
    caPath,
    dir,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** curl with ARGS (`--cacert` for TLS URLs is the caller's), as a child process. */
export function runCurl(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const curl = requireBinary('curl', 'curl');
  return runCli(args, { ...options, command: [curl] });
}

/** The status lines of a head dump (-i/-I output), trailing spaces trimmed (curl writes `HTTP/2 200 `). */
export function statusLines(text: string): string[] {
  return text.split('\r\n').filter((line) => /^HTTP\/[\d.]+ \d{3}/.test(line)).map((line) => line.trimEnd());
}

export interface ConnectProxy {
  url: string;
  /** The CONNECT targets, in order. */
  tunnels: string[];
  close(): Promise<void>;
}

/** A minimal HTTP CONNECT proxy on 127.0.0.1: it records each tunnel's target and splices the bytes. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const proxy = createServer((_, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host === 'localhost' ? '127.0.0.1' : host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.once('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

/**
 * `tls-requests serve`: the fingerprint toolkit's echo server on this machine, for any client
 * (ours, curl, a browser) to be pointed at. It answers every request with JSON describing the
 * client as seen on the wire. Its certificate is generated at start; the CA to trust is written to
 * a temporary file (removed on exit) and printed.
 */
import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEchoServer } from '../fingerprint/echo/server.js';
import { UsageError } from './usage-error.js';

interface ServeFlags {
  port: number;
  host: string;
  http1?: boolean;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port: expected 0..65535, got '${value}'`);
  return n;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the local echo server: every request is answered with JSON of its TLS and HTTP fingerprints')
    .option('--port <n>', 'port to listen on (0: any free port)', port, 8443)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--http1', 'offer HTTP/1.1 only (no h2 in ALPN)')
    .action(async (flags: ServeFlags) => {
      await serve(flags);
    });
}

async function serve(flags: ServeFlags): Promise<void> {
  const server = await startEchoServer({ port: flags.port, host: flags.host, ...(flags.http1 ? { alpn: ['http/1.1'] } : {}) }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new UsageError(`--port: ${flags.host}:${flags.port} is in use (--port 0 picks a free port)`);
    if (error.code === 'EACCES') throw new UsageError(`--port: not allowed to listen on ${flags.host}:${flags.port}`);
    throw error;
  });
  const dir = mkdtempSync(join(tmpdir(), 'tls-requests-serve-'));
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, server.ca);
  process.stdout.write(
    [
      `echo server listening on ${server.url}`,
      `CA certificate to trust: ${caPath}`,
      `  tls-requests get ${server.url} --ca ${caPath}`,
      `  curl --cacert ${caPath} ${server.url}`,
      'Ctrl-C to stop.',
      '',
      server.ca.trimEnd(),
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write('echo server stopped\n');
}

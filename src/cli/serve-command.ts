/**
 * `tls-requests serve`: the fingerprint toolkit's echo server on this machine, for any client
 * (ours, curl, a browser) to be pointed at. It is httpbin (/get, /status/418, /redirect/2,
 * /cookies/set?a=b, /gzip, /drip...), and every JSON answer describes the client as seen on the
 * wire. It listens on a TLS port and on a plain-HTTP one. Its certificate is generated at start;
 * the CA to trust is written to a temporary file (removed on exit) and printed.
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
  httpPort?: number;
  /** false with --no-http. */
  http: boolean;
}

/** The plain-HTTP port: as asked, else 8080 beside the default TLS port, or any free one beside `--port 0`. */
function plainPort(flags: ServeFlags): number | undefined {
  if (!flags.http) return undefined;
  return flags.httpPort ?? (flags.port === 0 ? 0 : 8080);
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port: expected 0..65535, got '${value}'`);
  return n;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the local echo server, also httpbin (/get, /status/418, /redirect/2, /gzip...): every JSON answer carries the TLS and HTTP fingerprints')
    .option('--port <n>', 'TLS port to listen on (0: any free port)', port, 8443)
    .option('--http-port <n>', 'plain-HTTP port (HTTP/1.1, and HTTP/2 with prior knowledge); default 8080, or any free one with --port 0', port)
    .option('--no-http', 'no plain-HTTP listener')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--http1', 'offer HTTP/1.1 only on the TLS port (no h2 in ALPN)')
    .action(async (flags: ServeFlags) => {
      await serve(flags);
    });
}

async function serve(flags: ServeFlags): Promise<void> {
  const httpPort = plainPort(flags);
  const server = await startEchoServer({
    port: flags.port,
    host: flags.host,
    ...(flags.http1 ? { alpn: ['http/1.1'] } : {}),
    ...(httpPort !== undefined ? { httpPort } : {}),
  }).catch((error: NodeJS.ErrnoException & { port?: number }) => {
    // Node names the port that failed; it tells which of the two flags to change.
    const flag = error.port === httpPort && error.port !== flags.port ? '--http-port' : '--port';
    const where = `${flags.host}:${error.port ?? flags.port}`;
    if (error.code === 'EADDRINUSE') throw new UsageError(`${flag}: ${where} is in use (0 picks a free port; --no-http turns the plain-HTTP port off)`);
    if (error.code === 'EACCES') throw new UsageError(`${flag}: not allowed to listen on ${where}`);
    throw error;
  });
  const dir = mkdtempSync(join(tmpdir(), 'tls-requests-serve-'));
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, server.ca);
  process.stdout.write(
    [
      `echo server listening on ${server.url}`,
      ...(server.plainUrl ? [`plain HTTP on ${server.plainUrl}`] : []),
      `CA certificate to trust: ${caPath}`,
      `  tls-requests get ${server.url}get --ca ${caPath}`,
      `  curl --cacert ${caPath} ${server.url}get`,
      ...(server.plainUrl ? [`  curl ${server.plainUrl}status/418`] : []),
      'httpbin routes: /get /post /put /patch /delete /anything /status/{codes} /redirect/{n} /cookies /headers /ip',
      '  /user-agent /gzip /deflate /brotli /zstd /delay/{n} /bytes/{n} /stream/{n} /drip /range/{n} /basic-auth/{u}/{p}',
      '  /bearer /json /html /xml /image/png /cache /etag/{etag} /response-headers /uuid /base64/{v} (README: echo server)',
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

/**
 * The bundled echo server for CLI tests, with its CA in a file (the CLI takes `--ca FILE`), and
 * helpers to read what it reports back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEchoServer, type EchoReport, type EchoServer } from '../../src/fingerprint/echo/index.js';

export interface EchoFixture {
  server: EchoServer;
  url: string;
  caPath: string;
  /** A scratch directory for the test's files, removed by close(). */
  dir: string;
  close(): Promise<void>;
}

export async function startEchoFixture(): Promise<EchoFixture> {
  const server = await startEchoServer();
  const dir = mkdtempSync(join(tmpdir(), 'tls-requests-cli-test-'));
  const caPath = join(dir, 'echo-ca.pem');
  writeFileSync(caPath, server.ca);
  return {
    server,
    url: server.url,
    caPath,
    dir,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The request's header fields as the server saw them, lower-case names, in order. */
export function seenHeaders(report: EchoReport): [string, string][] {
  if (report.http2) return report.http2.headers.filter((f) => !f.name.startsWith(':')).map((f) => [f.name, f.value]);
  return (report.http1?.headers ?? []).map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]);
}

export function seenHeader(report: EchoReport, name: string): string | undefined {
  return seenHeaders(report).find(([n]) => n === name.toLowerCase())?.[1];
}

export function bodyLength(report: EchoReport): number {
  return report.http2?.bodyLength ?? report.http1?.bodyLength ?? 0;
}

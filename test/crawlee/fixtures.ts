/**
 * What the Crawlee tests share: HTML pages served by the echo server's /base64 route (so a page
 * can link to any other route), a tinyproxy, and the fingerprint a profile shows when it fetches
 * from the echo server directly, to compare the crawler's requests with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsyncClient } from '../../src/client/client.js';
import type { EchoReport } from '../../src/fingerprint/echo/report.js';
import { requireBinary } from '../helpers/servers.js';
import { freePort, waitForPort } from '../http/servers.js';

/** The path of an HTML page linking to `links` (the echo server decodes /base64/{value}; it wants the padding kept). */
export function htmlPage(title: string, links: readonly string[]): string {
  const html = `<!doctype html><html><head><title>${title}</title></head><body>${links.map((href) => `<a href="${href}">${href}</a>`).join('\n')}</body></html>`;
  return `/base64/${Buffer.from(html).toString('base64').replaceAll('+', '-').replaceAll('/', '_')}`;
}

export interface Tinyproxy {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export async function startTinyproxy(dir: string): Promise<Tinyproxy> {
  const binary = requireBinary('tinyproxy', 'tinyproxy');
  const port = await freePort();
  const conf = join(dir, 'tinyproxy.conf');
  // No ConnectPort line: CONNECT is then allowed to any port (the echo server's is ephemeral).
  writeFileSync(conf, [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 30', 'Allow 127.0.0.1', 'MaxClients 16', 'LogLevel Error'].join('\n') + '\n');
  const child: ChildProcess = spawn(binary, ['-d', '-c', conf], { stdio: 'ignore' });
  await waitForPort(port);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Fingerprint {
  ja4: string;
  userAgent: string;
}

/** How `profile` looks to the echo server when our client fetches /get directly. */
export async function directFingerprint(baseUrl: string, ca: string, profile: string): Promise<Fingerprint> {
  await using client = new AsyncClient({ clientIdentifier: profile, ca, trustEnv: false });
  const report = (await client.get(new URL('/get', baseUrl))).json<EchoReport>();
  return { ja4: report.tls.ja4, userAgent: report.headers?.['User-Agent'] ?? '' };
}

/**
 * A request header as the echo server saw it on the wire (every answer has the wire view; only
 * some httpbin routes add their `headers` object: /cookies does not).
 */
export function wireHeader(report: EchoReport, name: string): string | undefined {
  const key = name.toLowerCase();
  const h2 = report.http2?.headers.find((f) => f.name === key);
  if (h2) return h2.value;
  const line = report.http1?.headers.find((l) => l.toLowerCase().startsWith(`${key}:`));
  return line?.slice(line.indexOf(':') + 1).trim();
}

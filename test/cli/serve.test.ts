/**
 * `tls-requests serve`, spawned as a user runs it, then clients we did not write pointed at it:
 * for curl 7.88.1 and Node 20's https it must report the JA4 and Akamai values published with
 * the captures. Ctrl-C (SIGINT to the process group, as a terminal sends it) stops it cleanly.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EchoReport } from '../../src/fingerprint/echo/index.js';
import { REPO_ROOT, requireBinary } from '../helpers/servers.js';
import { publishedFingerprints } from './published.js';
import { SPAWN_TIMEOUT, runCli } from './run-cli.js';

const run = promisify(execFile);

let child: ChildProcess;
let output = '';
let url: string;
let caPath: string;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

beforeAll(async () => {
  // detached: the CLI leads its own process group, so SIGINT reaches npx, tsx and node at once.
  child = spawn('npx', ['tsx', 'src/cli.ts', 'serve', '--port', '0'], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const deadline = Date.now() + 60_000;
  while (!/-----END CERTIFICATE-----/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  url = /echo server listening on (\S+)/.exec(output)![1]!;
  caPath = /CA certificate to trust: (\S+)/.exec(output)![1]!;
});

afterAll(() => {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is gone already: the Ctrl-C test stopped it.
  }
});

function nodeHttpsGet(target: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get(target, { ca }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('tls-requests serve', SPAWN_TIMEOUT, () => {
  it('prints its URL, the CA file to trust and the PEM itself', () => {
    expect(url).toMatch(/^https:\/\/localhost:\d+\/$/);
    expect(readFileSync(caPath, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(output).toContain(readFileSync(caPath, 'utf8').trim());
  });

  it('reports for curl 7.88.1 the JA4 and Akamai published with the captures', async () => {
    const curl = requireBinary('curl', 'curl');
    const { stdout: version } = await run(curl, ['--version']);
    expect(version, 'the published values are for curl 7.88.1 (Debian 12)').toMatch(/^curl 7\.88\.1 /);
    const { stdout } = await run(curl, ['--silent', '--show-error', '--cacert', caPath, url]);
    const report = JSON.parse(stdout) as EchoReport;
    const published = publishedFingerprints('curl');
    expect(report.tls.ja4).toBe(published.ja4);
    expect(report.http2?.akamai).toBe(published.akamai);
  });

  it("reports for Node 20's https.get the published JA4 (HTTP/1.1: no Akamai)", async () => {
    expect(process.versions.node).toMatch(/^20\./);
    const report = JSON.parse(await nodeHttpsGet(url, readFileSync(caPath, 'utf8'))) as EchoReport;
    const published = publishedFingerprints('node');
    expect(report.tls.ja4).toBe(published.ja4);
    expect(published.akamai).toBeNull();
    expect(report.http2).toBeUndefined();
    expect(report.httpVersion).toBe('HTTP/1.1');
  });

  it('reports for our own client the JA4 of its profile', async () => {
    const result = await runCli(['get', url, '--ca', caPath, '--profile', 'chrome']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.text) as EchoReport;
    expect(report.tls.ja4).toBe(publishedFingerprints('chromium').ja4);
    expect(report.http2?.akamai).toBe(publishedFingerprints('chromium').akamai);
  });

  it('is httpbin, on its TLS port and on the plain-HTTP one (any free port beside --port 0)', async () => {
    const plainUrl = /plain HTTP on (\S+)/.exec(output)?.[1];
    expect(plainUrl).toMatch(/^http:\/\/localhost:\d+\/$/);
    expect(plainUrl).not.toBe('http://localhost:8080/');
    const curl = requireBinary('curl', 'curl');
    const teapot = await run(curl, ['--silent', '--write-out', '\n%{http_code}', `${plainUrl}status/418`]);
    expect(teapot.stdout).toMatch(/-=\[ teapot \]=-[\s\S]*\n418$/);
    const { stdout } = await run(curl, ['--silent', '--show-error', '--location', '--cacert', caPath, `${url}redirect/2?x=1`]);
    const report = JSON.parse(stdout) as EchoReport;
    expect(report).toMatchObject({ url: `${url}get`, path: '/get', origin: '127.0.0.1' });
    expect(report.tls.ja4).toBe(publishedFingerprints('curl').ja4);
  });

  it('names the flag whose port is taken', async () => {
    const taken = /plain HTTP on http:\/\/localhost:(\d+)\//.exec(output)![1]!;
    const result = await runCli(['serve', '--port', '0', '--http-port', taken]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--http-port: 127.0.0.1:${taken} is in use`);
  });

  it('stops on Ctrl-C: the server closes, the CA file is removed', async () => {
    process.kill(-child.pid!, 'SIGINT');
    // npx itself dies of the SIGINT (npm's way); the CLI under it exits 0 once the server is closed.
    const { code, signal } = await exited;
    expect(code === 0 || signal === 'SIGINT', `code ${code}, signal ${signal}`).toBe(true);
    expect(output).toContain('echo server stopped');
    expect(existsSync(caPath)).toBe(false);
  });
});

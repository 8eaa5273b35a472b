/**
 * Issue 18 item 3: the flags people type from curl habit, with curl's meaning. Each test runs
 * tls-requests and curl with the same flags against the same local httpbin (the echo server, TLS
 * with --ca and plain HTTP) and compares what both print, exit with, or made the server receive.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCurl, startConnectProxy, startHttpbin, statusLines, type HttpbinFixture } from './curl-compare.js';
import { SPAWN_TIMEOUT, errorLines, runCli } from './run-cli.js';

let bin: HttpbinFixture;
beforeAll(async () => {
  bin = await startHttpbin();
});
afterAll(async () => {
  await bin?.close();
});

interface PostReport {
  data: string;
  form: Record<string, string>;
  headers: Record<string, string>;
  method: string;
}

/** The body bytes httpbin says it received: `data` is text, or a data: URL for a binary body. */
function receivedBytes(report: PostReport): Buffer {
  const dataUrl = /^data:[^;]*;base64,(.*)$/.exec(report.data);
  return dataUrl ? Buffer.from(dataUrl[1]!, 'base64') : Buffer.from(report.data, 'utf8');
}

const W = '%{http_code} %{http_version} %{size_download} %{num_redirects} %{url_effective}\\n';

describe.concurrent('curl flags, compared with curl on the same server', SPAWN_TIMEOUT, () => {
  it('-I on a redirect (plain HTTP): the 302 head, no follow, exit 0, and -w as curl writes it', async () => {
    const args = ['-I', `${bin.plain}/redirect/2`, '-w', W];
    const [ours, theirs] = await Promise.all([runCli(args), runCurl(args)]);
    expect(errorLines(ours.stderr)).toEqual([]);
    expect([ours.code, theirs.code]).toEqual([0, 0]);
    expect(statusLines(ours.text)).toEqual(statusLines(theirs.text));
    expect(statusLines(ours.text)).toEqual(['HTTP/1.1 302 Found']);
    // The -w line is the last line of each; HEAD has no body, so size_download is 0 for both.
    expect(ours.text.split('\r\n').at(-1)).toBe(theirs.text.split('\r\n').at(-1));
    expect(ours.text.endsWith(`302 1.1 0 0 ${bin.plain}/redirect/2\n`)).toBe(true);
  });

  it('-sSIL over TLS (HTTP/2): every hop\'s status line, as curl prints them', async () => {
    const [ours, theirs] = await Promise.all([
      runCli(['-sSIL', `${bin.tls}/redirect/3`, '--ca', bin.caPath]),
      runCurl(['-sSIL', `${bin.tls}/redirect/3`, '--cacert', bin.caPath]),
    ]);
    expect([ours.code, theirs.code]).toEqual([0, 0]);
    expect(statusLines(ours.text)).toEqual(statusLines(theirs.text));
    expect(statusLines(ours.text)).toEqual(['HTTP/2 302', 'HTTP/2 302', 'HTTP/2 302', 'HTTP/2 200']);
  });

  it('-L -w: http_code, num_redirects and url_effective of the last hop; size_download is the body', async () => {
    const args = ['-s', '-L', '-o', '/dev/null', `${bin.plain}/redirect/2`, '-w', W];
    const [ours, theirs] = await Promise.all([runCli(args), runCurl(args)]);
    expect([ours.code, theirs.code]).toEqual([0, 0]);
    expect(ours.text).toBe(`200 1.1 ${ours.text.split(' ')[2]} 2 ${bin.plain}/get\n`);
    const [code, version, , redirects, url] = theirs.text.trim().split(' ');
    expect(ours.text.trim().split(' ')).toEqual([code, version, expect.stringMatching(/^\d+$/), redirects, url]);
    // /bytes/N: a body both read whole, so the sizes must be equal.
    const sized = ['-s', '-o', '/dev/null', '-w', '%{size_download}', `${bin.plain}/bytes/3000`];
    const [a, b] = await Promise.all([runCli(sized), runCurl(sized)]);
    expect(a.text).toBe('3000');
    expect(a.text).toBe(b.text);
  });

  it('-w %{time_total} is seconds with six decimals, and -w after a failed connection says 000, exit 7', async () => {
    const ours = await runCli(['-s', '-o', '/dev/null', '-w', '%{time_total}|%{http_code}', `${bin.plain}/delay/1`]);
    expect(ours.code).toBe(0);
    const [time, code] = ours.text.split('|');
    expect(time).toMatch(/^\d+\.\d{6}$/);
    expect(Number(time)).toBeGreaterThanOrEqual(1);
    expect(code).toBe('200');
    const closed = 'http://127.0.0.1:1/';
    const [a, b] = await Promise.all([runCli(['-s', '-w', '%{http_code}', closed]), runCurl(['-s', '-w', '%{http_code}', closed])]);
    expect([a.code, a.text]).toEqual([b.code, b.text]);
    expect([a.code, a.text]).toEqual([7, '000']);
    // -s: no message; -sS: the message again.
    expect(errorLines(a.stderr)).toEqual([]);
    const shown = await runCli(['-sS', closed]);
    expect(errorLines(shown.stderr).join('\n')).toMatch(/^tls-requests: connection refused/);
  });

  it('-u user:pass sends the Authorization curl sends (basic-auth answers 200 to both, 401 to a wrong one)', async () => {
    const url = `${bin.tls}/basic-auth/al%20ice/p%3As:w`;
    const ours = await runCli(['-u', 'al ice:p:s:w', url, '--ca', bin.caPath, '-w', '%{http_code}', '-o', '/dev/null']);
    const theirs = await runCurl(['-u', 'al ice:p:s:w', url, '--cacert', bin.caPath, '-w', '%{http_code}', '-o', '/dev/null']);
    expect(ours.text).toBe('200');
    expect(ours.text).toBe(theirs.text);
    const headers = async (run: typeof runCli, ca: string[]): Promise<string> =>
      (JSON.parse((await run(['-s', '-u', 'al ice:p:s:w', `${bin.plain}/headers`, ...ca])).text) as { headers: Record<string, string> }).headers.Authorization!;
    expect(await headers(runCli, [])).toBe(await headers(runCurl, []));
    const wrong = await runCli(['-u', 'al ice:nope', url, '--ca', bin.caPath, '-w', '%{http_code}', '-o', '/dev/null']);
    expect(wrong.text).toBe('401');
  });

  it('--data-binary @file and @- send the file\'s bytes exactly, as curl does; -d @file drops CR and LF as curl does', async () => {
    const bytes = Buffer.concat([Buffer.from('a=1\r\nb=2\n'), randomBytes(2048)]);
    const file = join(bin.dir, 'body.bin');
    writeFileSync(file, bytes);
    const octets = ['-H', 'Content-Type: application/octet-stream', `${bin.plain}/post`];
    const [fromFile, fromStdin, curls] = await Promise.all([
      runCli(['-s', '--data-binary', `@${file}`, ...octets]),
      runCli(['-s', '--data-binary', '@-', ...octets], { input: bytes }),
      runCurl(['-s', '--data-binary', `@${file}`, ...octets]),
    ]);
    for (const result of [fromFile, fromStdin, curls]) {
      const report = JSON.parse(result.text) as PostReport;
      expect(report.method).toBe('POST');
      expect(receivedBytes(report).equals(bytes)).toBe(true);
    }
    const text = join(bin.dir, 'form.txt');
    writeFileSync(text, 'a=1\r\n&b=2\n');
    const args = ['-s', '-d', `@${text}`, '-d', 'c=3', `${bin.plain}/post`];
    const [ours, theirs] = await Promise.all([runCli(args), runCurl(args)]);
    const [o, t] = [JSON.parse(ours.text) as PostReport, JSON.parse(theirs.text) as PostReport];
    expect(o.form).toEqual({ a: '1', b: '2', c: '3' });
    expect(o.form).toEqual(t.form);
    expect(o.headers['Content-Type']).toBe(t.headers['Content-Type']);
  });

  it('-X sets the method (over a body\'s POST), -A the User-Agent, as curl', async () => {
    const args = ['-s', '-X', 'PATCH', '-d', 'x=1', '-A', 'habit/1.0', `${bin.plain}/anything`];
    const [ours, theirs] = await Promise.all([runCli(args), runCurl(args)]);
    const [o, t] = [JSON.parse(ours.text) as PostReport, JSON.parse(theirs.text) as PostReport];
    expect(o.method).toBe('PATCH');
    expect(o.method).toBe(t.method);
    expect(o.headers['User-Agent']).toBe('habit/1.0');
    expect(o.form).toEqual(t.form);
  });

  it('-f: a 404 prints no body and exits 22, as curl; --compressed is accepted (bodies are always decoded)', async () => {
    const args = ['-sS', '-f', `${bin.plain}/status/404`];
    const [ours, theirs] = await Promise.all([runCli(args), runCurl(args)]);
    expect([ours.code, ours.text]).toEqual([theirs.code, theirs.text]);
    expect(ours.code).toBe(22);
    expect(errorLines(ours.stderr).join('\n')).toContain('The requested URL returned error: 404');
    // With -o, no file is made for the failed answer (curl makes none either).
    const file = join(bin.dir, 'not-made.txt');
    const withFile = await runCli(['-sf', '-o', file, `${bin.plain}/status/500`]);
    expect(withFile.code).toBe(22);
    expect(existsSync(file)).toBe(false);
    const gz = await runCli(['-s', '--compressed', `${bin.plain}/gzip`]);
    expect(gz.code).toBe(0);
    expect((JSON.parse(gz.text) as { gzipped: boolean }).gzipped).toBe(true);
  });

  it('-x PROXY: both tunnel through the proxy to the same target and get the same answer', async () => {
    const proxy = await startConnectProxy();
    try {
      const url = `${bin.tls}/status/418`;
      const ours = await runCli(['-s', '-x', proxy.url, url, '--ca', bin.caPath, '-w', '%{http_code}', '-o', '/dev/null']);
      const theirs = await runCurl(['-s', '-x', proxy.url, url, '--cacert', bin.caPath, '-w', '%{http_code}', '-o', '/dev/null']);
      expect(ours.text).toBe('418');
      expect(ours.text).toBe(theirs.text);
      expect(proxy.tunnels).toEqual([`localhost:${bin.server.port}`, `localhost:${bin.server.port}`]);
    } finally {
      await proxy.close();
    }
  });
});

/**
 * What goes to stderr: `-v` (request and response heads as curl -v prints them, and the TLS
 * summary, whose JA4 must be the one the server computed from the hello it received), and the
 * progress bar of `-o FILE`, drawn only on a terminal (a pseudo-terminal from util-linux script)
 * and silenced by -s and --no-progress-meter as curl's meter is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EchoReport } from '../../src/fingerprint/echo/index.js';
import { runCurl, startHttpbin, type HttpbinFixture } from './curl-compare.js';
import { SPAWN_TIMEOUT, runCli } from './run-cli.js';
import { runOnTerminal } from './terminal.js';

let bin: HttpbinFixture;
beforeAll(async () => {
  bin = await startHttpbin();
});
afterAll(async () => {
  await bin?.close();
});

/** The `>`/`<` head lines and the `*` lines that both curl and we print, trailing space trimmed. */
const heads = (stderr: string, marks: string): string[] =>
  stderr
    .split(/\r?\n/)
    .filter((l) => marks.includes(l[0] ?? ''))
    .map((l) => l.trimEnd());

describe.concurrent('-v', SPAWN_TIMEOUT, () => {
  it('over TLS: the request line, Host and status line as curl -v prints them; TLS and JA4 as the server saw them', async () => {
    const url = `${bin.tls}/get?q=1`;
    const [ours, theirs] = await Promise.all([runCli(['-v', url, '--ca', bin.caPath]), runCurl(['-v', url, '--cacert', bin.caPath])]);
    expect(ours.code).toBe(0);
    // stdout is the body alone.
    const report = JSON.parse(ours.text) as EchoReport;
    const line = (out: string[], prefix: string): string | undefined => out.find((l) => l.startsWith(prefix));
    const [o, t] = [heads(ours.stderr, '<>*'), heads(theirs.stderr, '<>*')];
    for (const prefix of ['> GET ', '> Host: ', '< HTTP/', '* ALPN: server accepted']) expect(line(o, prefix)).toBe(line(t, prefix));
    expect(line(o, '> GET ')).toBe('> GET /get?q=1 HTTP/2');
    // The profile's headers are shown as sent: the server got the same User-Agent.
    expect(line(o, '> user-agent: ')).toBe(`> user-agent: ${(report as unknown as { headers: Record<string, string> }).headers['User-Agent']}`);
    const negotiated = report.tls.negotiated;
    expect(line(o, '* TLS connection using ')).toMatch(new RegExp(`^\\* TLS connection using ${negotiated.protocol} / ${negotiated.cipher} / \\w+`));
    expect(line(o, '* JA4: ')).toMatch(new RegExp(`^\\* JA4: ${report.tls.ja4} \\(profile chrome`));
  });

  it('with -L, every hop: each request and each response head, as curl -vL', async () => {
    const url = `${bin.plain}/redirect/2`;
    const [ours, theirs] = await Promise.all([runCli(['-sL', '-v', url]), runCurl(['-sL', '-v', url])]);
    const only = (lines: string[]): string[] => lines.filter((l) => /^> [A-Z]+ |^< HTTP\//.test(l));
    expect(only(heads(ours.stderr, '<>'))).toEqual(only(heads(theirs.stderr, '<>')));
    expect(only(heads(ours.stderr, '<>'))).toHaveLength(6);
  });
});

describe.concurrent('the progress bar of -o FILE', SPAWN_TIMEOUT, () => {
  it('is drawn on a terminal and ends at 100 %, the file complete', async () => {
    const file = join(bin.dir, 'bar.bin');
    const result = await runOnTerminal([`${bin.plain}/bytes/90000`, '-o', file]);
    expect(result.code).toBe(0);
    expect(readFileSync(file).length).toBe(90000);
    expect(result.text).toMatch(/\[#{30}\] 100%  87\.9 KiB \/ 87\.9 KiB/);
  });

  it('is not drawn with --no-progress-meter, with -s, or when stderr is not a terminal', async () => {
    const file = join(bin.dir, 'quiet.bin');
    const [meterless, silent, piped] = await Promise.all([
      runOnTerminal([`${bin.plain}/bytes/90000`, '-o', file, '--no-progress-meter']),
      runOnTerminal([`${bin.plain}/bytes/90000`, '-o', `${file}.2`, '-s']),
      runCli([`${bin.plain}/bytes/90000`, '-o', `${file}.3`]),
    ]);
    for (const result of [meterless, silent]) {
      expect(result.code).toBe(0);
      expect(result.text).not.toContain('%');
    }
    expect(piped.stderr).toBe('');
    expect(readFileSync(`${file}.3`).length).toBe(90000);
  });
});

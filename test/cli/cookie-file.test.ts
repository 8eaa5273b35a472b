/**
 * `-b FILE` / `-c FILE`: cookie files in the Netscape format, exchanged with curl both ways on the
 * same httpbin: a jar our -c wrote is sent back by curl -b, and a jar curl -c wrote is sent back by
 * our -b. The format itself is checked line by line against curl's own file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCookieFile, parseCookieFile } from '../../src/cli/cookie-file.js';
import { runCurl, startHttpbin, type HttpbinFixture } from './curl-compare.js';
import { SPAWN_TIMEOUT, errorLines, runCli } from './run-cli.js';

let bin: HttpbinFixture;
beforeAll(async () => {
  bin = await startHttpbin();
});
afterAll(async () => {
  await bin?.close();
});

const cookiesOf = (text: string): Record<string, string> => (JSON.parse(text) as { cookies: Record<string, string> }).cookies;
/** The cookie lines of a Netscape file (comments and blank lines left out), sorted. */
const cookieLines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && (!l.startsWith('#') || l.startsWith('#HttpOnly_')))
    .sort();

describe.concurrent('cookie files, exchanged with curl', SPAWN_TIMEOUT, () => {
  it('-c writes the file curl writes for the same Set-Cookie, and curl -b sends those cookies back', async () => {
    const ours = join(bin.dir, 'ours.jar');
    const theirs = join(bin.dir, 'theirs.jar');
    const url = `${bin.plain}/cookies/set?a=1&b=two%20words`;
    const [r1, r2] = await Promise.all([runCli(['-s', '-o', '/dev/null', '-c', ours, url]), runCurl(['-s', '-o', '/dev/null', '-c', theirs, url])]);
    expect(errorLines(r1.stderr)).toEqual([]);
    expect([r1.code, r2.code]).toEqual([0, 0]);
    expect(cookieLines(ours)).toEqual(cookieLines(theirs));
    expect(cookieLines(ours)).toHaveLength(2);
    const back = await runCurl(['-s', '-b', ours, `${bin.plain}/cookies`]);
    expect(cookiesOf(back.text)).toEqual({ a: '1', b: 'two words' });
  });

  it('-b reads the file curl -c wrote (over TLS), and -b "n=v; n2=v2" is a Cookie string as in curl', async () => {
    const jar = join(bin.dir, 'curl-made.jar');
    await runCurl(['-s', '-o', '/dev/null', '-c', jar, '--cacert', bin.caPath, `${bin.tls}/cookies/set?k=v&z=9`]);
    const ours = await runCli(['-s', '-b', jar, '-b', 'x=1; y=2', '--ca', bin.caPath, `${bin.tls}/cookies`]);
    expect(ours.code).toBe(0);
    expect(cookiesOf(ours.text)).toEqual({ k: 'v', z: '9', x: '1', y: '2' });
    const theirs = await runCurl(['-s', '-b', jar, '-b', 'x=1; y=2', '--cacert', bin.caPath, `${bin.tls}/cookies`]);
    expect(cookiesOf(ours.text)).toEqual(cookiesOf(theirs.text));
  });

  it('-b JAR -c JAR with -L keeps the redirect\'s cookies in the jar, as curl', async () => {
    const [ours, theirs] = [join(bin.dir, 'l-ours.jar'), join(bin.dir, 'l-theirs.jar')];
    const url = `${bin.plain}/cookies/set?s=1`;
    await Promise.all([runCli(['-sL', '-b', ours, '-c', ours, url]), runCurl(['-sL', '-b', theirs, '-c', theirs, url])]);
    expect(cookieLines(ours)).toEqual(cookieLines(theirs));
  });
});

describe('the Netscape format', () => {
  it('reads curl\'s fields (domain cookies, #HttpOnly_, expiry) and writes them back the same', () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    const text = [
      '# Netscape HTTP Cookie File',
      '',
      `.example.com\tTRUE\t/\tTRUE\t${future}\tdomain\tone`,
      `#HttpOnly_host.test\tFALSE\t/p\tFALSE\t0\tsecret\ta\tb`,
      `old.test\tFALSE\t/\tFALSE\t1\texpired\tx`,
      '',
    ].join('\n');
    const cookies = parseCookieFile(text);
    expect(cookies.map((c) => [c.key, c.value, c.domain, c.hostOnly, c.httpOnly, c.secure])).toEqual([
      ['domain', 'one', 'example.com', false, false, true],
      ['secret', 'a\tb', 'host.test', true, true, false],
    ]);
    const lines = formatCookieFile(cookies).split('\n').filter((l) => l && (!l.startsWith('#') || l.startsWith('#HttpOnly_')));
    expect(lines).toEqual([`.example.com\tTRUE\t/\tTRUE\t${future}\tdomain\tone`, `#HttpOnly_host.test\tFALSE\t/p\tFALSE\t0\tsecret\ta\tb`]);
  });
});

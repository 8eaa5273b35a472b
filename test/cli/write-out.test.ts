/** -w's text and the progress bar's line, as pure functions: curl's formatting of each variable. */
import { describe, expect, it } from 'vitest';
import { DownloadProgress, expectedLength } from '../../src/cli/download-progress.js';
import { renderWriteOut, type TransferFacts } from '../../src/cli/write-out.js';

const facts: TransferFacts = { status: 204, seconds: 0.25, bytes: 12, url: 'https://x.test/a', httpVersion: 'HTTP/2', redirects: 1, contentType: 'text/plain' };

describe('-w', () => {
  it('replaces the variables as curl formats them, unescapes \\n \\t, keeps %% as %', () => {
    const text = renderWriteOut('%{http_code}\\t%{time_total} %{size_download} %{http_version} %{num_redirects} %{url_effective} %{content_type} 100%%\\n', facts);
    expect(text).toBe('204\t0.250000 12 2 1 https://x.test/a text/plain 100%\n');
  });

  it('no response: http_code 000 and http_version 0; an unknown variable is nothing, with a warning', () => {
    const warnings: string[] = [];
    const text = renderWriteOut('%{http_code} %{http_version} [%{nope}]', { ...facts, status: 0, httpVersion: '' }, (w) => warnings.push(w));
    expect(text).toBe('000 0 []');
    expect(warnings).toEqual(["Warning: unknown --write-out variable: 'nope'"]);
  });
});

describe('the progress bar', () => {
  it('draws percent and sizes toward Content-Length, and none is known under a content coding', () => {
    const written: string[] = [];
    const bar = new DownloadProgress({ write: (t) => written.push(t) }, 2048);
    bar.add(1024);
    expect(bar.line(Date.now())).toMatch(/^\[#{15}\.{15}\]  50%  1\.0 KiB \/ 2\.0 KiB  /);
    bar.add(1024);
    bar.finish();
    expect(written.at(-1)).toMatch(/^\r\x1b\[2K\[#{30}\] 100%  2\.0 KiB \/ 2\.0 KiB .*\n$/);
    const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] ?? null });
    expect(expectedLength(headers({ 'content-length': '10' }))).toBe(10);
    expect(expectedLength(headers({ 'content-length': '10', 'content-encoding': 'gzip' }))).toBeNull();
  });
});

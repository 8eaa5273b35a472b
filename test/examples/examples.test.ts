/**
 * Every file in examples/ runs, offline, and exits by itself with status 0; the demo (`npm start`)
 * prints its table. Found by listing the folder, so a new example is run the day it lands.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/servers.js';

const run = promisify(execFile);
const EXAMPLES = join(REPO_ROOT, 'examples');
const files = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.ts'))
  .sort();

async function runExample(file: string): Promise<{ stdout: string; stderr: string }> {
  // `timeout`: an example that does not exit by itself (a handle left open) fails here.
  return run('npx', ['tsx', join('examples', file)], { cwd: REPO_ROOT, timeout: 90_000, env: { ...process.env, HTTPS_PROXY: '', HTTP_PROXY: '', ALL_PROXY: '' } });
}

describe.concurrent('examples/', () => {
  it('has the examples the README promises', () => {
    expect(files).toEqual(expect.arrayContaining(['demo.ts', 'basic-get.ts', 'concurrent-requests.ts', 'await-using.ts', 'manual-close.ts', 'custom-profile.ts', 'streaming.ts']));
  });

  it.each(files)('%s runs and exits 0', async (file) => {
    const { stdout, stderr } = await runExample(file);
    expect(stderr.split('\n').filter((l) => l && !l.startsWith('npm '))).toEqual([]);
    expect(stdout.length).toBeGreaterThan(0);
  }, 120_000);

  it('npm start: the demo prints what the server saw, a row per profile', async () => {
    const { stdout } = await run('npm', ['start', '--silent'], { cwd: REPO_ROOT, timeout: 90_000 });
    const lines = stdout.split('\n');
    const header = lines.findIndex((l) => /^PROFILE\s+HTTP\s+JA4\s+AKAMAI/.test(l));
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 2, header + 5);
    // The third is another browser family when one is shipped (Safari first), else Chrome over HTTP/1.1.
    expect(rows.map((r) => r.split(/\s{2,}/)[0])).toEqual(['chrome', 'firefox', expect.stringMatching(/^(safari|okhttp|chrome \(http1\))$/)]);
    expect(rows[2]).toMatch(/^\S.*\s(HTTP\/2|HTTP\/1\.1)\s+t1[23]d/);
    expect(rows[0]).toMatch(/HTTP\/2\s+t13d1517h2_8daaf6152771_cb7bf5808d99\s+1:65536;2:0;4:6291456;6:262144\|15663105\|0\|m,a,s,p\s+Windows · Chrome\/156/);
    expect(rows[1]).toMatch(/HTTP\/2\s+t13d1617h2_86a278354501_3cbfd9057e0d\s+1:65536;2:0;4:131072;5:16384\|12517377\|0\|m,p,a,s\s+Windows · Firefox\/153/);
    expect(stdout).toMatch(/9\/9|9 requests in/);
  }, 120_000);
});

// Issue 17: `fingerprint PROFILE --explain` shows what the hello does not: record boundaries, the
// goodbye, key reuse and the request kinds with their HTTP/2 priority.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

async function behavior(profile: string): Promise<string> {
  const result = await runCli(['fingerprint', profile, '--explain', '--json']);
  expect(result.code).toBe(0);
  return (JSON.parse(result.text) as { behavior: string }).behavior;
}

describe('fingerprint --explain: behaviour beyond the hello', () => {
  it('chrome_156: a record per frame, a bare FIN, fresh keys, kinds with Chromium weights', async () => {
    const text = await behavior('chrome_156');
    expect(text).toContain('record boundaries: preface+SETTINGS+WINDOW_UPDATE in one record, then one record per frame');
    expect(text).toContain('goodbye: FIN');
    expect(text).toContain('key shares: a fresh key per share');
    expect(text).toMatch(/navigate: sec-fetch-mode navigate, sec-fetch-dest document, priority u=0, i; HTTP\/2 weight 256, exclusive/);
    expect(text).toMatch(/fetch: sec-fetch-mode cors, sec-fetch-dest empty, priority u=1, i; HTTP\/2 weight 220, exclusive/);
    expect(text).toMatch(/image: sec-fetch-mode no-cors, sec-fetch-dest image, priority i; HTTP\/2 weight 147/);
  });

  it('firefox_153: bursts, GOAWAY then close_notify, one reused key, kinds with Necko weights', async () => {
    const text = await behavior('firefox_153');
    expect(text).toContain("then the SETTINGS ACK alone, then each request's HEADERS with its WINDOW_UPDATE");
    expect(text).toContain('goodbye: GOAWAY (NO_ERROR), then close_notify, then FIN');
    expect(text).toContain('key shares: one ECDH key in the hybrid share and its classical share (NSS)');
    expect(text).toMatch(/fetch: sec-fetch-mode cors, sec-fetch-dest empty, priority u=4; HTTP\/2 weight 22, not exclusive, depends on 0/);
  });
});

/**
 * `tls-requests profiles`: every shipped profile with its aliases, and the JA4 and Akamai
 * fingerprints of what it sends, which must be the real browsers' (the captures' values).
 */
import { describe, expect, it } from 'vitest';
import { listProfiles } from '../../src/profiles/index.js';
import { captureJson } from '../fingerprint/captures.js';
import { SPAWN_TIMEOUT, runCli } from './run-cli.js';

interface Row {
  id: string;
  browser: string;
  aliases: string[];
  isDefault: boolean;
  ja4: string;
  akamai: string;
}

/** The real browser capture each shipped profile was made from. */
const CAPTURE_OF: Record<string, string> = { chrome_156: 'chromium-156-1', firefox_153: 'firefox-153-1' };

describe.concurrent('tls-requests profiles', SPAWN_TIMEOUT, () => {
  it('prints a table: one row per shipped profile, with aliases, the default marked, JA4 and Akamai', async () => {
    const result = await runCli(['profiles']);
    expect(result.code).toBe(0);
    const lines = result.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PROFILE\s+BROWSER\s+ALIASES\s+JA4\s+AKAMAI$/);
    expect(lines).toHaveLength(2 + listProfiles().length);
    const chrome = lines.find((l) => l.startsWith('chrome_156 '))!;
    expect(chrome).toContain('chrome, (default)');
    expect(chrome).toContain(captureJson('chromium-156-1').client_hello.fingerprints.ja4);
    expect(chrome).toContain(captureJson('chromium-156-1').h2!.akamai);
  });

  it('--json gives the same rows as data, and each fingerprint is that of the real browser', async () => {
    const result = await runCli(['profiles', '--json']);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.text) as Row[];
    expect(rows.map((r) => r.id).sort()).toEqual(listProfiles().map((p) => p.id).sort());
    expect(rows.filter((r) => r.isDefault).map((r) => r.id)).toEqual(['chrome_156']);
    for (const row of rows) {
      const label = CAPTURE_OF[row.id];
      if (!label) continue; // a profile without a capture here is checked by its own tests
      const capture = captureJson(label);
      expect(row.ja4, row.id).toBe(capture.client_hello.fingerprints.ja4);
      expect(row.akamai, row.id).toBe(capture.h2!.akamai);
    }
    expect(rows.find((r) => r.id === 'firefox_153')?.aliases).toContain('firefox');
  });
});

import { describe, expect, it } from 'vitest';
import { parseClientHello } from '../../src/fingerprint/clienthello.js';
import { hex4 } from '../../src/fingerprint/hex.js';
import { ja3, md5Hex } from '../../src/fingerprint/ja3.js';
import { ja4 } from '../../src/fingerprint/ja4.js';
import { captureFiles, captureJson, helloLabels, labelOf, readCapture } from './captures.js';

/** JA3 / JA3n / JA4 family of every capture against the .json, the README and tshark. */

const files = [...captureFiles('.clienthello.hex'), ...captureFiles('.clienthello-record.hex')];

/** The README's headline JA4 per client (and the brief's). */
const HEADLINE_JA4: Record<string, string> = {
  chromium: 't13d1517h2_8daaf6152771_cb7bf5808d99',
  firefox: 't13d1617h2_86a278354501_3cbfd9057e0d',
  curl: 't13d3112h2_e8f1e7e78f70_b26ce05bbdd6',
  node: 't13d591000_a33745022dd6_1f22a2ca17c4',
};

/** The README's headline JA3 hashes for the clients whose JA3 is stable. */
const HEADLINE_JA3: Record<string, string> = {
  firefox: '6447ab086255d194909d4013b1a89e87',
  curl: '0149f47eabf9a20d0893e2a44e5a6323',
  node: '0cce74b0d9b7f8528fb2181588d23793',
};

const clientOf = (label: string): string => label.split('-')[0]!;

/** JA3n from a JA3 string: the extension field sorted numerically, nothing else touched. */
function normalizeJa3(full: string): string {
  const fields = full.split(',');
  fields[2] = fields[2]!
    .split('-')
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => a - b)
    .join('-');
  return fields.join(',');
}

describe('fingerprints of the real captures', () => {
  it('the README headline table lists the values tested here', () => {
    const readme = readCapture('README.md');
    for (const value of [...Object.values(HEADLINE_JA4), ...Object.values(HEADLINE_JA3)]) expect(readme).toContain(value);
  });

  it.each(files)('%s: JA3, JA3 hash, JA3n and the JA4 family equal the .json', (file) => {
    const label = labelOf(file);
    const expected = captureJson(label).client_hello.fingerprints;
    const hello = parseClientHello(readCapture(file));
    const j3 = ja3(hello);
    expect(j3.ja3).toBe(expected.ja3_full);
    expect(j3.ja3Hash).toBe(expected.ja3);
    expect(j3.ja3n).toBe(normalizeJa3(expected.ja3_full));
    expect(j3.ja3nHash).toBe(md5Hex(normalizeJa3(expected.ja3_full)));
    expect(ja4(hello)).toEqual({ ja4: expected.ja4, ja4r: expected.ja4_r, ja4o: expected.ja4_o, ja4ro: expected.ja4_ro });
    expect(ja4(hello).ja4).toBe(HEADLINE_JA4[clientOf(label)]);
    if (HEADLINE_JA3[clientOf(label)]) expect(j3.ja3Hash).toBe(HEADLINE_JA3[clientOf(label)]);
  });

  it('JA3n is the same for every Chromium connection although JA3 differs on each', () => {
    const chromium = helloLabels().filter((l) => l.startsWith('chromium'));
    const prints = chromium.map((l) => ja3(readCapture(`${l}.clienthello.hex`)));
    expect(new Set(prints.map((p) => p.ja3Hash)).size).toBe(chromium.length);
    expect(new Set(prints.map((p) => p.ja3nHash)).size).toBe(1);
    expect(prints[0]!.ja3n).toBe(
      '771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,0-5-10-11-13-16-18-23-27-35-43-45-51-17613-51764-65037-65281,4588-29-23-24,0',
    );
  });

  // tshark's own columns: one line per ClientHello in the pcap, matched to a sample by its
  // cipher and extension lists (GREASE included, so each Chromium connection is unique).
  const tsharkLines = captureFiles('.tshark.txt').flatMap((file) => {
    const lines = readCapture(file).split('\n');
    const header = lines.findIndex((l) => l.startsWith('tcp.stream\t'));
    const columns = lines[header]!.split('\t');
    const rows: Array<{ file: string; row: Record<string, string> }> = [];
    for (const line of lines.slice(header + 1)) {
      if (!/^\d+\t/.test(line)) break;
      const cells = line.split('\t');
      rows.push({ file, row: Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])) });
    }
    return rows;
  });

  it('reads tshark lines from every .tshark.txt', () => {
    expect(captureFiles('.tshark.txt').length).toBeGreaterThan(0);
    expect(new Set(tsharkLines.map((l) => l.file)).size).toBe(captureFiles('.tshark.txt').length);
  });

  it.each(tsharkLines.map((l, i) => [`${l.file} line ${i}`, l.row] as const))('%s: tls.handshake.ja3 equals ours', (_name, row) => {
    const samples = helloLabels().map((label) => parseClientHello(readCapture(`${label}.clienthello.hex`)));
    const match = samples.filter(
      (h) =>
        h.cipherSuites.map((c) => `0x${hex4(c.value)}`).join(',') === row['tls.handshake.ciphersuite'] &&
        h.extensions.map((e) => e.type).join(',') === row['tls.handshake.extension.type'],
    );
    expect(match.length).toBeGreaterThan(0);
    for (const hello of match) {
      expect(ja3(hello).ja3).toBe(row['tls.handshake.ja3_full']);
      expect(ja3(hello).ja3Hash).toBe(row['tls.handshake.ja3']);
    }
  });
});

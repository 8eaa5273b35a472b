/**
 * `tls-requests fingerprint`: for a capture of a real client (hex, raw or pcap), the JA3 and JA4
 * family must equal what an independent parser computed (the captures' JSON); for a profile, the
 * annotated dump comes from the writer that built the hello.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesFromHex } from '../../src/fingerprint/hex.js';
import { CAPTURES_DIR, captureJson, readCapture } from '../fingerprint/captures.js';
import { SPAWN_TIMEOUT, errorLines, runCli } from './run-cli.js';

interface Report {
  source: string;
  tls: { ja3: string; ja3Hash: string; ja3n: string; ja3nHash: string; ja4: string; ja4_r: string };
  http2: { akamai: string; akamaiHash: string } | null;
  notes: string[];
  explain?: string;
}

const dir = mkdtempSync(join(tmpdir(), 'tls-requests-fingerprint-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fingerprint(args: string[]): Promise<Report> {
  const result = await runCli(['fingerprint', ...args, '--json']);
  expect(errorLines(result.stderr)).toEqual([]);
  expect(result.code).toBe(0);
  return JSON.parse(result.text) as Report;
}

describe.concurrent('tls-requests fingerprint', SPAWN_TIMEOUT, () => {
  it.each(['curl-7.88.1-1', 'firefox-153-1', 'chromium-156-2', 'node-20-1'])('--file %s.clienthello.hex matches the capture (JA3, JA3n, JA4, JA4_r)', async (label) => {
    const report = await fingerprint(['--file', join(CAPTURES_DIR, `${label}.clienthello.hex`)]);
    const expected = captureJson(label).client_hello.fingerprints;
    expect(report.tls.ja4).toBe(expected.ja4);
    expect(report.tls.ja4_r).toBe(expected.ja4_r);
    expect(report.tls.ja3).toBe(expected.ja3_full);
    expect(report.tls.ja3Hash).toBe(expected.ja3);
  });

  it('--file reads a pcap, and --h2 the decrypted HTTP/2 stream: JA4 and Akamai of curl as published', async () => {
    const report = await fingerprint(['--file', join(CAPTURES_DIR, 'curl-7.88.1-1.pcap'), '--h2', join(CAPTURES_DIR, 'curl-7.88.1-1.h2-client.hex')]);
    expect(report.tls.ja4).toBe('t13d3112h2_e8f1e7e78f70_b26ce05bbdd6');
    expect(report.http2?.akamai).toBe('3:100;4:33554432;2:0|33488897|0|m,p,s,a');
  });

  it('--file reads raw bytes (a TLS record), and --hex takes the hex itself', async () => {
    const hex = readCapture('firefox-153-2.clienthello-record.hex');
    const raw = join(dir, 'hello.bin');
    writeFileSync(raw, bytesFromHex(hex));
    const expected = captureJson('firefox-153-2').client_hello.fingerprints.ja4;
    expect((await fingerprint(['--file', raw])).tls.ja4).toBe(expected);
    expect((await fingerprint(['--hex', hex.trim()])).tls.ja4).toBe(expected);
  });

  it('a profile: its fingerprints, with the Akamai of its HTTP/2 opening', async () => {
    const report = await fingerprint(['firefox']);
    expect(report.source).toBe('firefox_153');
    expect(report.tls.ja4).toBe(captureJson('firefox-153-1').client_hello.fingerprints.ja4);
    // Firefox does not shuffle: even plain JA3 is the browser's.
    expect(report.tls.ja3Hash).toBe(captureJson('firefox-153-1').client_hello.fingerprints.ja3);
    expect(report.http2?.akamai).toBe(captureJson('firefox-153-1').h2!.akamai);
  });

  it("--explain on a profile prints the building writer's annotated dump, every byte of the hello", async () => {
    const result = await runCli(['fingerprint', 'chrome', '--explain']);
    expect(result.code).toBe(0);
    const dump = result.text.slice(result.text.indexOf('ClientHello, field by field:'));
    expect(dump).toMatch(/\n01 {2}handshake type ClientHello\n/);
    expect(dump).toMatch(/\n {2}0303 {2}legacy_version\n/);
    expect(dump).toContain('server_name');
    expect(dump).toContain('example.com');
  });

  it('--explain on a capture goes through the parser: named suites, groups and extensions', async () => {
    const result = await runCli(['fingerprint', '--file', join(CAPTURES_DIR, 'chromium-156-1.clienthello.hex'), '--explain']);
    expect(result.code).toBe(0);
    expect(result.text).toContain('TLS_AES_128_GCM_SHA256');
    expect(result.text).toMatch(/11ec {2}x25519mlkem768 key share, 1216 bytes/i);
    expect(result.text).toContain('extension encrypted_client_hello');
    expect(result.text).toMatch(/note: no Akamai fingerprint/);
  });

  it('bad input is a one-line error, not a stack trace', async () => {
    const result = await runCli(['fingerprint', '--hex', '0102zz']);
    expect(result.code).not.toBe(0);
    const lines = errorLines(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tls-requests: .*hex/);
  });
});

/**
 * Issue 17 item 2: the TLS records of the HTTP/2 opening and of each request, per browser, against
 * the captures' records (fixtures/captures, decrypted by tshark with their key logs). A recording
 * proxy in front of Node's http2 server opens our client's records with its own key log.
 * Chromium 156: [preface SETTINGS WINDOW_UPDATE] 87 bytes, [HEADERS], [SETTINGS ACK] 26; a later
 * request: [HEADERS]. Firefox 153: [preface SETTINGS WINDOW_UPDATE] 87, [SETTINGS ACK] 26,
 * [HEADERS WINDOW_UPDATE].
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsyncClient, generateEchoCertificate } from '../../src/index.js';
import { fixturePath } from '../helpers/fixtures.js';
import { requireBinary } from '../helpers/servers.js';
import { decryptClientRecords, startRecordingProxy } from '../helpers/wire-recorder.js';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

interface RecordView {
  /** Record length as on the wire (after the 5-byte header). */
  length: number;
  /** HTTP/2 frame types inside, in order (the preface is not a frame). */
  types: number[];
}

/** The client's application-data records of a capture: length and frame types, as tshark decodes them. */
function captureRecords(label: string): RecordView[] {
  const out = execFileSync(
    requireBinary('tshark', 'tshark'),
    [
      '-r',
      fixturePath('captures', `${label}.pcap`),
      '-o',
      `tls.keylog_file:${fixturePath('captures', `${label}.keys.log`)}`,
      '-Y',
      'tcp.dstport == 8443 && tls.app_data',
      '-T',
      'fields',
      '-E',
      'separator=|',
      '-e',
      'tcp.srcport',
      '-e',
      'tls.record.length',
      '-e',
      'http2.type',
    ],
    { encoding: 'utf8' },
  );
  const rows = out.trim().split('\n').map((l) => l.split('|'));
  const port = rows[0]![0];
  return rows
    .filter((r) => r[0] === port)
    .map((r) => ({ length: Number(r[1]!.split(',').at(-1)), types: r[2] ? r[2].split(',').map(Number) : [] }));
}

async function ourRecords(profile: string, requests: number): Promise<RecordView[]> {
  const { cert, key } = generateEchoCertificate();
  const server = http2.createSecureServer({ cert, key, ciphers: 'TLS_AES_128_GCM_SHA256', minVersion: 'TLSv1.3' }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const proxy = await startRecordingProxy((server.address() as AddressInfo).port);
  const dir = mkdtempSync(join(tmpdir(), 'tls-requests-records-'));
  try {
    const keylog = join(dir, 'keys.log');
    {
      await using client = new AsyncClient({ ca: cert, clientIdentifier: profile, keylog });
      for (let i = 0; i < requests; i++) {
        const response = await client.get(`https://localhost:${proxy.port}/${i === 0 ? '' : 'favicon.ico'}`);
        expect(response.httpVersion).toBe('HTTP/2');
      }
      // Let late control frames (ACKs, window updates) leave before the goodbye.
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.race([proxy.connections[0]!.closed, new Promise((r) => setTimeout(r, 3_000))]);
    const records = decryptClientRecords(proxy.connections[0]!, readFileSync(keylog, 'utf8')).filter((r) => r.epoch === 'application' && r.innerType === 23);
    return records.map((r) => {
      let data = r.plaintext!;
      if (data.subarray(0, PREFACE.length).equals(PREFACE)) data = data.subarray(PREFACE.length);
      const types: number[] = [];
      for (let at = 0; at + 9 <= data.length; at += 9 + data.readUIntBE(at, 3)) types.push(data[at + 3]!);
      return { length: r.length, types };
    });
  } finally {
    await proxy.close();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The records a browser sent before its goodbye, without the data-driven window updates (their timing is the server's). */
const shape = (records: RecordView[]): RecordView[] => records.filter((r) => !(r.types.length === 1 && r.types[0] === 8) && !r.types.includes(7));

describe('TLS record boundaries of the HTTP/2 flights', () => {
  it('the captures: Chromium 87 | HEADERS | 26, Firefox 87 | 26 | HEADERS+WINDOW_UPDATE', () => {
    for (const label of ['chromium-156-1', 'chromium-156-2', 'chromium-156-3']) {
      const records = shape(captureRecords(label));
      expect(records.slice(0, 3).map((r) => r.types), label).toEqual([[4, 8], [1], [4]]);
      expect([records[0]!.length, records[2]!.length], label).toEqual([87, 26]);
    }
    // The second request on the connection (the favicon) is a record of its own.
    expect(shape(captureRecords('chromium-156-2'))[3]?.types).toEqual([1]);
    for (const label of ['firefox-153-1', 'firefox-153-2']) {
      const records = shape(captureRecords(label));
      expect(records.slice(0, 3).map((r) => r.types), label).toEqual([[4, 8], [4], [1, 8]]);
      expect(records.slice(0, 3).map((r) => r.length), label).toEqual([87, 26, 300]);
    }
  });

  it('chrome_156: the opening alone (87), then a record per frame; a later request alone', async () => {
    const records = shape(await ourRecords('chrome_156', 2));
    expect(records.map((r) => r.types)).toEqual([[4, 8], [1], [4], [1]]);
    expect([records[0]!.length, records[2]!.length]).toEqual([87, 26]);
    expect(shape(captureRecords('chromium-156-2')).slice(0, 4).map((r) => r.types)).toEqual(records.map((r) => r.types));
  });

  it('firefox_153: the opening (87), the SETTINGS ACK (26), each request with its WINDOW_UPDATE', async () => {
    const records = shape(await ourRecords('firefox_153', 2));
    expect(records.map((r) => r.types)).toEqual([[4, 8], [4], [1, 8], [1, 8]]);
    expect(records.slice(0, 2).map((r) => r.length)).toEqual([87, 26]);
    const capture = shape(captureRecords('firefox-153-1'));
    expect(records.slice(0, 3).map((r) => r.types)).toEqual(capture.slice(0, 3).map((r) => r.types));
  });
});

/**
 * Issue 17 item 5: closing a client says goodbye as its browser does. Real Node https and http2
 * servers behind a recording TCP proxy; the client's records are opened with its own key log.
 * Firefox 153: GOAWAY (NO_ERROR, last stream 0) in one record, close_notify in the next, then the
 * FIN (an HTTP/1.1 connection: close_notify, then the FIN). Chrome 156: a bare FIN. The captures
 * (fixtures/captures/*.pcap, decrypted by tshark with their key logs) show the same.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncClient, generateEchoCertificate } from '../../src/index.js';
import { fixturePath } from '../helpers/fixtures.js';
import { requireBinary } from '../helpers/servers.js';
import { decryptClientRecords, startRecordingProxy, type ClientRecord } from '../helpers/wire-recorder.js';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
/** GOAWAY, 8-byte payload, stream 0, last-stream-id 0, NO_ERROR. */
const GOAWAY_NO_ERROR = '000008070000000000' + '00000000' + '00000000';
const CLOSE_NOTIFY = '0100';

/** HTTP/2 frame types in the client's application data, in order (frames may span records). */
function frameTypes(records: ClientRecord[]): number[] {
  let data = Buffer.concat(records.filter((r) => r.epoch === 'application' && r.innerType === 23).map((r) => r.plaintext!));
  if (data.subarray(0, PREFACE.length).equals(PREFACE)) data = data.subarray(PREFACE.length);
  const types: number[] = [];
  for (let at = 0; at + 9 <= data.length; at += 9 + data.readUIntBE(at, 3)) types.push(data[at + 3]!);
  return types;
}

interface Server {
  port: number;
  goaways: number;
  close(): Promise<void>;
}

async function startServer(kind: 'h1' | 'h2', cert: string, key: string): Promise<Server> {
  const handler = (_req: unknown, res: { end(body: string): void }): void => res.end('ok');
  // TLS_AES_128_GCM_SHA256 alone, which the recorder decrypts (both browsers list it first anyway).
  const tlsOptions = { cert, key, ciphers: 'TLS_AES_128_GCM_SHA256', minVersion: 'TLSv1.3' as const };
  const server = kind === 'h1' ? https.createServer(tlsOptions, handler) : http2.createSecureServer(tlsOptions, handler);
  const state: Server = { port: 0, goaways: 0, close: () => new Promise<void>((r) => server.close(() => r())) };
  if (kind === 'h2') (server as http2.Http2SecureServer).on('session', (s) => s.on('goaway', () => state.goaways++));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

async function closeAndRecord(profile: string, kind: 'h1' | 'h2'): Promise<{ records: ClientRecord[]; finished: boolean; goaways: number }> {
  const { cert, key } = generateEchoCertificate();
  const server = await startServer(kind, cert, key);
  const proxy = await startRecordingProxy(server.port);
  const dir = mkdtempSync(join(tmpdir(), 'tls-requests-goodbye-'));
  try {
    const keylog = join(dir, 'keys.log');
    const client = new AsyncClient({ ca: cert, clientIdentifier: profile, keylog });
    const response = await client.get(`https://localhost:${proxy.port}/`);
    expect(response.status).toBe(200);
    expect(response.httpVersion).toBe(kind === 'h2' ? 'HTTP/2' : 'HTTP/1.1');
    await client.close();
    const connection = proxy.connections[0]!;
    await Promise.race([connection.closed, new Promise((r) => setTimeout(r, 3_000))]);
    expect(proxy.connections).toHaveLength(1);
    return { records: decryptClientRecords(connection, readFileSync(keylog, 'utf8')), finished: connection.finished, goaways: server.goaways };
  } finally {
    await proxy.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The client's TLS records of a capture, decrypted by tshark: record length, alert level/description, HTTP/2 frame types. */
function captureTail(label: string): { lengths: number[]; alerts: string[]; h2Types: number[]; fin: boolean } {
  const tshark = requireBinary('tshark', 'tshark');
  const out = execFileSync(
    tshark,
    [
      '-r', fixturePath('captures', `${label}.pcap`),
      '-o', `tls.keylog_file:${fixturePath('captures', `${label}.keys.log`)}`,
      '-Y', 'tcp.dstport == 8443',
      '-T', 'fields', '-E', 'separator=|',
      '-e', 'tcp.srcport', '-e', 'tls.record.length', '-e', 'tls.alert_message.desc', '-e', 'http2.type', '-e', 'tcp.flags.fin',
    ],
    { encoding: 'utf8' },
  );
  const rows = out.trim().split('\n').map((l) => l.split('|'));
  // The first connection in the file (the one that carried the page).
  const port = rows.find((r) => r[1])![0];
  const mine = rows.filter((r) => r[0] === port);
  const split = (v: string | undefined): string[] => (v ? v.split(',') : []);
  return {
    lengths: mine.flatMap((r) => split(r[1]).map(Number)),
    alerts: mine.flatMap((r) => split(r[2])),
    h2Types: mine.flatMap((r) => split(r[3]).map(Number)),
    fin: mine.some((r) => r[4] === '1' || r[4] === 'True'),
  };
}

describe('goodbyes (what the server receives when the client closes)', () => {
  it('the captures: Firefox ends with GOAWAY (34-byte record) then close_notify (19), Chromium with neither', () => {
    for (const label of ['firefox-153-1', 'firefox-153-2']) {
      const tail = captureTail(label);
      expect(tail.lengths.slice(-2), label).toEqual([34, 19]);
      expect(tail.alerts, label).toEqual(['0']);
      expect(tail.h2Types.at(-1), label).toBe(7);
      expect(tail.fin, label).toBe(true);
    }
    for (const label of ['chromium-156-1', 'chromium-156-2', 'chromium-156-3']) {
      const tail = captureTail(label);
      expect(tail.alerts, label).toEqual([]);
      expect(tail.h2Types, label).not.toContain(7);
      expect(tail.fin, label).toBe(true);
    }
  });

  it('firefox_153 over HTTP/2: GOAWAY, then close_notify, each its own record, then the FIN', async () => {
    const { records, finished, goaways } = await closeAndRecord('firefox_153', 'h2');
    const tail = records.slice(-2);
    expect(tail.map((r) => [r.innerType, r.plaintext!.toString('hex')])).toEqual([
      [23, GOAWAY_NO_ERROR],
      [21, CLOSE_NOTIFY],
    ]);
    // The capture's record lengths: 17-byte frame and 2-byte alert, each + type + 16-byte tag.
    expect(tail.map((r) => r.length)).toEqual([34, 19]);
    expect(finished).toBe(true);
    expect(goaways).toBe(1);
  });

  it('chrome_156 over HTTP/2: no GOAWAY, no close_notify, a bare FIN', async () => {
    const { records, finished, goaways } = await closeAndRecord('chrome_156', 'h2');
    expect(frameTypes(records)).not.toContain(7);
    expect(frameTypes(records)).toContain(1); // the request went out (HEADERS)
    expect(records.filter((r) => r.innerType === 21)).toEqual([]);
    expect(finished).toBe(true);
    expect(goaways).toBe(0);
  });

  it('firefox_153 over HTTP/1.1: close_notify, then the FIN', async () => {
    const { records, finished } = await closeAndRecord('firefox_153', 'h1');
    expect(records.at(-1)!.innerType).toBe(21);
    expect(records.at(-1)!.plaintext!.toString('hex')).toBe(CLOSE_NOTIFY);
    expect(finished).toBe(true);
  });

  it('chrome_156 over HTTP/1.1: a bare FIN', async () => {
    const { records, finished } = await closeAndRecord('chrome_156', 'h1');
    expect(records.filter((r) => r.innerType === 21)).toEqual([]);
    expect(records.at(-1)!.plaintext!.toString('latin1')).toMatch(/^GET \/ HTTP\/1\.1\r\n/);
    expect(finished).toBe(true);
  });
});

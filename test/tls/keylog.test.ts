// Key logging: tshark decrypts a captured session of ours with the NSS key log we wrote.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/tls/connect.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { requireBinary, startNodeTlsServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

async function capture(port: number, file: string): Promise<() => Promise<void>> {
  const tshark = requireBinary('tshark', 'tshark');
  const child = spawn(tshark, ['-i', 'lo', '-f', `tcp port ${port}`, '-w', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`tshark did not start capturing: ${err}`)), 15_000);
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes('Capturing on')) {
        clearTimeout(timer);
        // tshark says so a moment before packets reach the file: a connection opened at once can
        // lose its SYN and ClientHello, and without the hello's random the key log matches nothing.
        setTimeout(resolve, 500);
      }
    });
    child.on('exit', (code) => reject(new Error(`tshark exited ${code}: ${err}`)));
  });
  return () =>
    new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', () => resolve());
      // Give the last packets time to reach the capture file.
      setTimeout(() => child.kill('SIGINT'), 500);
    });
}

describe('SSLKEYLOGFILE', () => {
  it('writes NSS key log lines that let tshark decrypt the session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-requests-keylog-'));
    try {
      const keylog = join(dir, 'keys.log');
      const pcap = join(dir, 'session.pcap');
      const leaf = pki.leaves.ecdsaP256;
      await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, ALPNProtocols: ['http/1.1'] });
      const stop = await capture(server.port, pcap);
      const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], keylog });
      const response = await getOver(conn, 'localhost', '/decrypt-me-with-the-keylog');
      expect(response).toContain('200 OK');
      await stop();

      const lines = readFileSync(keylog, 'utf8').trim().split('\n');
      expect(lines.map((l) => l.split(' ')[0])).toEqual([
        'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
        'SERVER_HANDSHAKE_TRAFFIC_SECRET',
        'CLIENT_TRAFFIC_SECRET_0',
        'SERVER_TRAFFIC_SECRET_0',
        'EXPORTER_SECRET',
      ]);
      const decoded = execFileSync(
        'tshark',
        ['-r', pcap, '-o', `tls.keylog_file:${keylog}`, '-d', `tcp.port==${server.port},tls`, '-Y', 'http', '-T', 'fields', '-e', 'http.request.uri', '-e', 'http.response.code'],
        { encoding: 'utf8' },
      );
      expect(decoded).toContain('/decrypt-me-with-the-keylog');
      expect(decoded).toContain('200');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

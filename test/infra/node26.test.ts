// Proves the post-quantum peer is real: Node 26 is installed, its server negotiates
// X25519MLKEM768 with a client that offers it, and refuses Node 20's client, whose OpenSSL 3.0
// has no ML-KEM — so a test that connects to it has necessarily used the hybrid group.
import { execFile } from 'node:child_process';
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from '../helpers/pki.js';
import { node26, startNode26TlsServer, type RunningServer } from '../helpers/servers.js';

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** A Node 26 client (the positive control): prints its negotiated group and the response. */
const CLIENT_26 = `
import tls from 'node:tls';
const [port, ca] = [Number(process.argv[1]), process.argv[2]];
const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca, ecdhCurve: 'X25519MLKEM768:X25519' }, () => {
  process.stdout.write(JSON.stringify(socket.getEphemeralKeyInfo()) + '\\n');
  socket.write('GET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n');
});
socket.setEncoding('latin1');
socket.on('data', (d) => process.stdout.write(d));
socket.on('error', (e) => { console.error(e.message); process.exit(1); });
`;

describe('node 26 peer', () => {
  let pki: Pki;
  const running: RunningServer[] = [];
  beforeAll(async () => {
    pki = await makePki();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  it('is installed and is Node 26 with an ML-KEM capable OpenSSL', async () => {
    const version = await run(node26(), ['-p', 'process.version + " " + process.versions.openssl']);
    expect(version).toMatch(/^v26\.\d+\.\d+ 3\.(5|6|7|8|9)/);
  });

  it('serves X25519MLKEM768 to a client that offers it', async () => {
    const leaf = pki.leaves.ecdsaP256;
    const server = await startNode26TlsServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, ecdhCurve: 'X25519MLKEM768', trace: true });
    running.push(server);
    const out = await run(node26(), ['--input-type=module', '-e', CLIENT_26, String(server.port), pki.ca]);
    expect(out).toContain('"name":"X25519MLKEM768"');
    expect(out).toMatch(/HTTP\/1\.1 200 OK\r\n/);
    expect(await server.waitForEvent('secure')).toMatchObject({ protocol: 'TLSv1.3', servername: 'localhost' });
    expect(server.groups()).toEqual(['X25519MLKEM768']);
  });

  it('refuses Node 20, which cannot offer the hybrid group', async () => {
    expect(process.versions.node.startsWith('20.')).toBe(true);
    const leaf = pki.leaves.ecdsaP256;
    const server = await startNode26TlsServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, ecdhCurve: 'X25519MLKEM768' });
    running.push(server);
    const attempt = new Promise<string>((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca }, () => {
        resolve(`connected with ${JSON.stringify(socket.getEphemeralKeyInfo())}`);
        socket.end();
      });
      socket.on('error', reject);
    });
    await expect(attempt).rejects.toThrow(/handshake failure/);
    expect(await server.waitForEvent('tlsClientError')).toMatchObject({ message: expect.stringMatching(/no suitable key share|no shared group/i) });
    expect(server.events().some((e) => e.event === 'secure')).toBe(false);
  });
});

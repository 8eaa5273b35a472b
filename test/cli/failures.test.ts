/**
 * How `tls-requests get` ends when there is no HTTP response, against real servers on loopback:
 * one line on stderr that names the kind of failure, and curl's exit code for it. And any HTTP
 * response, 4xx and 5xx included, is a success.
 */
import { createServer, type Server, type Socket } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from '../helpers/pki.js';
import { startNodeTlsServer, type NodeTlsServer } from '../helpers/servers.js';
import { SPAWN_TIMEOUT, errorLines, runCli, type CliResult } from './run-cli.js';

let pki: Pki;
const servers: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  pki = await makePki();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function httpsServer(leaf: keyof Pki['leaves'], reply: Parameters<typeof startNodeTlsServer>[1] = {}): Promise<NodeTlsServer> {
  const entry = pki.leaves[leaf];
  const server = await startNodeTlsServer({ cert: entry.chainPem, key: entry.keyPem }, reply);
  servers.push(server);
  return server;
}

/** A plain TCP or TLS server for misbehaving peers, stopped after the file. */
async function listen(server: Server): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
  return (server.address() as { port: number }).port;
}

/** The one stderr line of a failed run. */
function failureLine(result: CliResult): string {
  const lines = errorLines(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0]!;
}

describe.concurrent('tls-requests get: failures name their kind, HTTP errors are not failures', SPAWN_TIMEOUT, () => {
  it('verifies the certificate: an untrusted chain fails with "certificate" and the failed check, exit 60', async () => {
    const server = await httpsServer('ecdsaP256');
    const result = await runCli(['get', `https://localhost:${server.port}/`]);
    expect(result.code).toBe(60);
    // The chain ends at a root nobody trusts; the verifier names the check that failed.
    expect(failureLine(result)).toMatch(/^tls-requests: certificate rejected \((missing_intermediate|unknown_ca)\): .*not a trusted root/);
    expect(result.stdout.length).toBe(0);
  });

  it('--ca FILE trusts that root: the same server then answers', async () => {
    const server = await httpsServer('ecdsaP256');
    const result = await runCli(['get', `https://localhost:${server.port}/`, '--ca', pki.caPath, '-i']);
    expect(errorLines(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(result.text).toContain('hello from tls-requests test server');
  });

  it('--insecure skips verification', async () => {
    const server = await httpsServer('ecdsaP256');
    const result = await runCli(['get', `https://localhost:${server.port}/`, '--insecure']);
    expect(result.code).toBe(0);
    expect(result.text).toContain('hello from tls-requests test server');
  });

  it('an expired certificate says so, even with its root trusted', async () => {
    const server = await httpsServer('expired');
    const result = await runCli(['get', `https://localhost:${server.port}/`, '--ca', pki.caPath]);
    expect(result.code).toBe(60);
    expect(failureLine(result)).toMatch(/^tls-requests: certificate rejected \(expired\): /);
  });

  it('a certificate for another name says hostname_mismatch', async () => {
    const server = await httpsServer('wrongHost');
    const result = await runCli(['get', `https://localhost:${server.port}/`, '--ca', pki.caPath]);
    expect(result.code).toBe(60);
    expect(failureLine(result)).toMatch(/^tls-requests: certificate rejected \(hostname_mismatch\): /);
  });

  it('a 404 or a 500 is a response: exit 0, with the status line under -i', async () => {
    const notFound = await httpsServer('ecdsaP256', { status: 404, body: 'nothing here' });
    const result = await runCli(['get', `https://localhost:${notFound.port}/missing`, '--ca', pki.caPath, '-i']);
    expect(result.code).toBe(0);
    expect(result.text).toMatch(/^HTTP\/1\.1 404 Status\r\n/);
    expect(result.text.endsWith('nothing here')).toBe(true);
    const failing = await httpsServer('ecdsaP256', { status: 500, body: 'boom' });
    const five = await runCli(['post', `https://localhost:${failing.port}/`, '--ca', pki.caPath, '-d', 'x=1']);
    expect(five.code).toBe(0);
    expect(five.text).toBe('boom');
  });

  it('without -L (as curl) the redirect itself is printed; -L following a loop ends with "too many redirects", exit 47', async () => {
    const loop = await httpsServer('ecdsaP256', { status: 302, headers: { Location: '/again' }, body: '' });
    const url = `https://localhost:${loop.port}/`;
    const stop = await runCli(['get', url, '--ca', pki.caPath, '-i']);
    expect(stop.code).toBe(0);
    expect(stop.text).toMatch(/^HTTP\/1\.1 302 Status\r\n/);
    expect(stop.text).toMatch(/\r\nLocation: \/again\r\n/);
    const follow = await runCli(['get', url, '--ca', pki.caPath, '-L']);
    expect(follow.code).toBe(47);
    expect(failureLine(follow)).toMatch(/^tls-requests: too many redirects: /);
  });

  it('a refused connection says "connection refused" with its code, exit 7', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await runCli(['get', `https://127.0.0.1:${port}/`]);
    expect(result.code).toBe(7);
    expect(failureLine(result)).toMatch(/^tls-requests: connection refused \(ECONNREFUSED\): /);
  });

  it('a server that never answers hits --timeout: "timeout", exit 28', async () => {
    // Accepts the TCP connection, then says nothing: the ClientHello is never answered.
    const port = await listen(createServer(() => {}));
    const started = Date.now();
    const result = await runCli(['get', `https://localhost:${port}/`, '--timeout', '0.5']);
    expect(result.code).toBe(28);
    expect(failureLine(result)).toMatch(/^tls-requests: timeout \(\w+\) after 0\.5 s: /);
    // The deadline, not some other limit, ended it (process start-up takes a few seconds here).
    expect(Date.now() - started).toBeLessThan(25_000);
  });

  it('a TLS alert from the server is named: no common cipher suite gives handshake_failure, exit 35', async () => {
    const leaf = pki.leaves.ecdsaP256;
    // TLS 1.3 only, with a suite no browser offers: the server can only refuse.
    const server = tls.createServer({ cert: leaf.chainPem, key: leaf.keyPem, minVersion: 'TLSv1.3', ciphers: 'TLS_AES_128_CCM_8_SHA256' });
    server.on('tlsClientError', () => {});
    const port = await listen(server);
    const result = await runCli(['get', `https://localhost:${port}/`, '--ca', pki.caPath]);
    expect(result.code).toBe(35);
    expect(failureLine(result)).toMatch(/^tls-requests: TLS alert handshake_failure \(from the server\): /);
  });

  it('a server that does not speak HTTP is a protocol error, exit 8', async () => {
    const leaf = pki.leaves.ecdsaP256;
    const server = tls.createServer({ cert: leaf.chainPem, key: leaf.keyPem }, (socket) => {
      socket.on('error', () => {});
      socket.once('data', () => socket.end('this is not HTTP\r\n\r\n'));
    });
    const port = await listen(server);
    const result = await runCli(['get', `https://localhost:${port}/`, '--ca', pki.caPath]);
    expect(result.code).toBe(8);
    expect(failureLine(result)).toMatch(/^tls-requests: protocol error \(\w+\): /);
  });

  it('a file that cannot be read is a usage error naming the flag, exit 2', async () => {
    const result = await runCli(['get', 'https://localhost:1/', '--ca', '/nonexistent/ca.pem']);
    expect(result.code).toBe(2);
    expect(failureLine(result)).toBe('tls-requests: --ca: cannot read /nonexistent/ca.pem: no such file');
  });
});

/**
 * The echo server against clients we did not write — curl 7.88.1 (OpenSSL 3.0, nghttp2) and
 * Node 20's https — whose fingerprints are published in fixtures/captures/README.md, and against
 * our own TLS client. If the server reports their published values, it reports what is on the
 * wire, and the later profile tests can trust what it says about ours.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateError } from '../../src/errors.js';
import { startEchoServer, type EchoReport, type EchoServer } from '../../src/fingerprint/echo/index.js';
import { handshakeFromRecords } from '../../src/fingerprint/record.js';
import { ja3 } from '../../src/fingerprint/ja3.js';
import { ja4 } from '../../src/fingerprint/ja4.js';
import { connect } from '../../src/tls/connect.js';
import { requireBinary } from '../helpers/servers.js';
import { captureJson } from './captures.js';
import { RawH2Client, closedByPeer, openSocket, parseReport } from './echo-client.js';

/** Published in fixtures/captures/README.md. */
const CURL = {
  ja4: 't13d3112h2_e8f1e7e78f70_b26ce05bbdd6',
  ja3Hash: '0149f47eabf9a20d0893e2a44e5a6323',
  akamai: '3:100;4:33554432;2:0|33488897|0|m,p,s,a',
};
const NODE = { ja4: 't13d591000_a33745022dd6_1f22a2ca17c4', ja3Hash: '0cce74b0d9b7f8528fb2181588d23793' };

const run = promisify(execFile);
let server: EchoServer;
let dir: string;
let caFile: string;

beforeAll(async () => {
  server = await startEchoServer();
  dir = await mkdtemp(join(tmpdir(), 'tls-requests-echo-'));
  caFile = join(dir, 'ca.pem');
  await writeFile(caFile, server.ca);
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** curl's answers: one JSON line per URL. */
async function curl(...args: string[]): Promise<EchoReport[]> {
  const { stdout } = await run(requireBinary('curl', 'curl'), ['--silent', '--show-error', '--cacert', caFile, ...args], { timeout: 20_000 });
  return stdout
    .trim()
    .split('\n')
    .map((line) => parseReport(line));
}

function nodeGet(url: string, agent: https.Agent): Promise<EchoReport> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: server.ca, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(parseReport(Buffer.concat(chunks))));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('curl 7.88.1 (OpenSSL 3.0, nghttp2)', () => {
  it('over HTTP/2: the published JA4, JA3 and Akamai, and the capture’s opening frames and HPACK choices', async () => {
    const [report] = await curl('--http2', server.url);
    const capture = captureJson('curl-7.88.1-1');
    expect(report!.httpVersion).toBe('HTTP/2');
    expect(report!.tls.ja4).toBe(CURL.ja4);
    expect(report!.tls.ja3Hash).toBe(CURL.ja3Hash);
    expect(report!.tls.ja3).toBe(capture.client_hello.fingerprints.ja3_full);
    expect(report!.tls.ja4_r).toBe(capture.client_hello.fingerprints.ja4_r);
    expect(report!.tls.ja4_ro).toBe(capture.client_hello.fingerprints.ja4_ro);
    expect(report!.tls.negotiated).toMatchObject({ protocol: 'TLSv1.3', alpn: 'h2', servername: 'localhost' });
    const parsed = report!.tls.parsed;
    expect(parsed.extensions.map((e) => e.type)).toEqual(capture.client_hello.extension_order);
    expect(parsed.length).toBe(capture.client_hello.handshake_len);
    expect(parsed.ciphers.map((c) => c.id)).toEqual(capture.client_hello.ciphers.map((c) => c.id));
    expect(parsed.ciphers.at(-1)).toEqual({ id: '00ff', name: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV' });
    expect(parsed.supportedGroups[0]).toEqual({ id: '001d', name: 'x25519' });
    expect(parsed.keyShares).toEqual([{ group: { id: '001d', name: 'x25519' }, length: 32 }]);
    expect(parsed.alpn).toEqual(['h2', 'http/1.1']);
    expect(parsed.extensions.find((e) => e.name === 'supported_versions')!.details).toEqual({ versions: ['0304', '0303', '0302', '0301'] });
    expect(parsed.extensions.find((e) => e.name === 'padding')).toMatchObject({ length: 180, details: { length: 180, allZero: true } });
    expect(report!.tls.clientHello.length).toBe(2 * (4 + capture.client_hello.handshake_len));

    const h2 = report!.http2!;
    expect(h2.akamai).toBe(CURL.akamai);
    expect(h2.settings.map((s) => [s.id, s.value])).toEqual([
      [3, 100],
      [4, 33554432],
      [2, 0],
    ]);
    expect(h2.windowUpdate).toBe(33488897);
    expect(h2.priority).toEqual([]);
    expect(h2.frames.slice(0, 3).map((f) => [f.type, f.flags, f.streamId, f.length])).toEqual([
      ['SETTINGS', 0, 0, 18],
      ['WINDOW_UPDATE', 0, 0, 4],
      ['HEADERS', 0x05, 1, 30 - 'localhost:8443'.length + `localhost:${server.port}`.length],
    ]);
    // The report is written when the request ends: curl's SETTINGS ACK (after its HEADERS, as in the capture) is all that may follow.
    expect(h2.frames.slice(3).every((f) => f.type === 'SETTINGS' && f.ack)).toBe(true);
    expect(h2.headers.map((f) => [f.name, f.representation, f.index])).toEqual([
      [':method', 'indexed', 2],
      [':path', 'indexed', 4],
      [':scheme', 'indexed', 7],
      [':authority', 'incremental', 1],
      ['user-agent', 'incremental', 58],
      ['accept', 'incremental', 19],
    ]);
    expect(h2.headers.find((f) => f.name === 'user-agent')).toMatchObject({ value: 'curl/7.88.1', valueHuffman: true });
  });

  it('over HTTP/2: two requests on one connection get the same connection report, each with its own request', async () => {
    const [first, second] = await curl('--http2', server.url, `${server.url}second?x=1`);
    expect(first!.path).toBe('/');
    expect(second!.path).toBe('/second?x=1');
    expect(second!.tls.clientHello).toBe(first!.tls.clientHello);
    expect(second!.http2!.akamai).toBe(CURL.akamai);
    expect(second!.http2!.streamId).toBe(3);
    expect(second!.http2!.frames.map((f) => `${f.type}:${f.streamId}${f.ack ? ':ack' : ''}`)).toEqual([
      'SETTINGS:0',
      'WINDOW_UPDATE:0',
      'HEADERS:1',
      'SETTINGS:0:ack',
      'HEADERS:3',
    ]);
    // The second block reuses what the first put in the dynamic table.
    expect(second!.http2!.headers.find((f) => f.name === 'user-agent')).toMatchObject({ representation: 'indexed', index: 63 });
  });

  it('over HTTP/1.1 with keep-alive: two requests, header lines as sent', async () => {
    const [first, second] = await curl('--http1.1', server.url, `${server.url}again`);
    expect(first!.httpVersion).toBe('HTTP/1.1');
    expect(first!.tls.ja4).toBe('t13d3112h1_e8f1e7e78f70_b26ce05bbdd6');
    expect(first!.http1).toEqual({
      requestLine: 'GET / HTTP/1.1',
      headers: [`Host: localhost:${server.port}`, 'User-Agent: curl/7.88.1', 'Accept: */*'],
      bodyLength: 0,
      requestNumber: 1,
    });
    expect(second!.http1!.requestNumber).toBe(2);
    expect(second!.path).toBe('/again');
    expect(second!.tls.clientHello).toBe(first!.tls.clientHello);
  });
});

describe('Node 20 https', () => {
  it('https.get: the published JA4 and JA3, HTTP/1.1 without ALPN', async () => {
    const agent = new https.Agent({ keepAlive: true });
    try {
      const report = await nodeGet(server.url, agent);
      const capture = captureJson('node-20-1');
      expect(report.httpVersion).toBe('HTTP/1.1');
      expect(report.tls.ja4).toBe(NODE.ja4);
      expect(report.tls.ja3Hash).toBe(NODE.ja3Hash);
      expect(report.tls.ja3).toBe(capture.client_hello.fingerprints.ja3_full);
      expect(report.tls.ja4_ro).toBe(capture.client_hello.fingerprints.ja4_ro);
      expect(report.tls.negotiated).toMatchObject({ protocol: 'TLSv1.3', alpn: null, servername: 'localhost' });
      expect(report.http1!.headers).toEqual([`Host: localhost:${server.port}`, 'Connection: keep-alive']);
      expect(report.http2).toBeUndefined();
    } finally {
      agent.destroy();
    }
  });

  it('keeps the connection alive: the second request reports the same hello and requestNumber 2', async () => {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await nodeGet(server.url, agent);
      const second = await nodeGet(`${server.url}two`, agent);
      expect(second.http1!.requestNumber).toBe(2);
      expect(second.tls.clientHello).toBe(first.tls.clientHello);
      expect(second.path).toBe('/two');
    } finally {
      agent.destroy();
    }
  });
});

describe('our own connect()', () => {
  it('trusts the generated certificate through `ca`, and only through it', async () => {
    const conn = await connect({ host: 'localhost', port: server.port, ca: server.ca, caOnly: true, alpn: ['http/1.1'] });
    expect(conn.version).toBe('TLSv1.3');
    conn.destroy();
    await expect(connect({ host: 'localhost', port: server.port })).rejects.toBeInstanceOf(CertificateError);
  });

  it('with the default hello: the server reports exactly the bytes we sent, and the JA4 our parser computes for them', async () => {
    const socket = await openSocket(server.port);
    const sent: Buffer[] = [];
    const write = socket.write;
    socket.write = function (this: net.Socket, ...args: Parameters<net.Socket['write']>) {
      sent.push(Buffer.from(args[0]));
      return write.apply(this, args);
    } as net.Socket['write'];
    const conn = await connect({ host: 'localhost', port: server.port, ca: server.ca, socket });
    try {
      expect(conn.alpnProtocol).toBe('h2');
      const client = new RawH2Client(conn);
      client.start();
      const response = await client.request(1, [
        [':method', 'GET'],
        [':authority', `localhost:${server.port}`],
        [':scheme', 'https'],
        [':path', '/ours'],
      ]);
      const report = parseReport(response.body);
      const ours = handshakeFromRecords(sent[0]!).message;
      expect(report.tls.clientHello).toBe(Buffer.from(ours).toString('hex'));
      expect(report.tls.ja4).toBe(ja4(ours).ja4);
      expect(report.tls.ja3Hash).toBe(ja3(ours).ja3Hash);
      expect(report.tls.ja4).toMatch(/^t13d\d{4}h2_/);
      expect(report.path).toBe('/ours');
      expect(report.http2!.akamai).toBe('|00|0|m,a,s,p');
    } finally {
      conn.destroy();
      socket.destroy();
    }
  });
});

describe('robustness', () => {
  async function expectClosed(bytes: Uint8Array | string): Promise<Buffer> {
    const socket = await openSocket(server.port);
    const closed = closedByPeer(socket);
    socket.write(bytes);
    return closed;
  }

  it('closes a connection that sends garbage instead of a ClientHello, and keeps serving', async () => {
    expect((await expectClosed('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n')).length).toBe(0);
    // A handshake record whose message is not a ClientHello (a ServerHello, type 2).
    expect((await expectClosed(new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00]))).length).toBe(0);
    // Framed like a ClientHello but not one our parser (or OpenSSL) accepts.
    expect((await expectClosed(new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0x00, 0x00, 0x04, 0x03, 0x03, 0xff, 0xff]))).length).toBe(0);
    const [report] = await curl('--http2', server.url);
    expect(report!.tls.ja4).toBe(CURL.ja4);
  });

  it('survives a client that stops halfway through its hello', async () => {
    const socket = await openSocket(server.port);
    socket.write(new Uint8Array([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01]));
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    const [report] = await curl('--http1.1', server.url);
    expect(report!.httpVersion).toBe('HTTP/1.1');
  });
});

describe('lifecycle', () => {
  it('close() frees the port even with a keep-alive connection open, and await using closes too', async () => {
    let port = 0;
    {
      await using echo = await startEchoServer();
      port = echo.port;
      const conn = await connect({ host: 'localhost', port, ca: echo.ca, alpn: ['http/1.1'] });
      conn.on('error', () => {});
      conn.write(`GET / HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`);
      await new Promise((resolve) => conn.once('data', resolve));
    }
    const probe = net.createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise((resolve) => probe.close(resolve));
  });

  it('listens on ::1 when asked, with a URL that reaches it', async () => {
    await using echo = await startEchoServer({ host: '::1' });
    expect(echo.url).toBe(`https://[::1]:${echo.port}/`);
    const file = join(dir, 'ca-ipv6.pem');
    await writeFile(file, echo.ca);
    const { stdout } = await run(requireBinary('curl', 'curl'), ['--silent', '--show-error', '--cacert', file, echo.url], { timeout: 20_000 });
    const report = parseReport(stdout);
    // An IP literal gets no SNI: JA4 says "i", and one extension fewer.
    expect(report.tls.parsed.serverName).toBeNull();
    expect(report.tls.ja4).toMatch(/^t13i3111h2_e8f1e7e78f70_/);
  });

  it('uses the given certificate and key instead of generating one', async () => {
    const { generateEchoCertificate } = await import('../../src/fingerprint/echo/index.js');
    const cert = generateEchoCertificate({ names: ['echo.test', '127.0.0.1'] });
    await using echo = await startEchoServer({ cert: cert.cert, key: cert.key });
    expect(echo.ca).toBe(cert.cert);
    const conn = await connect({ host: '127.0.0.1', port: echo.port, servername: 'echo.test', ca: echo.ca, caOnly: true, alpn: ['http/1.1'] });
    conn.destroy();
    await expect(startEchoServer({ cert: cert.cert })).rejects.toThrow(/both cert and key/);
  });
});

/**
 * `tls-requests get|post|...` end to end against the bundled echo server: the process is spawned
 * as a user runs it, and the server's report says what arrived on the wire.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EchoReport } from '../../src/fingerprint/echo/index.js';
import { captureJson } from '../fingerprint/captures.js';
import { bodyLength, seenHeader, startEchoFixture, type EchoFixture } from './echo-fixture.js';
import { SPAWN_TIMEOUT, errorLines, runCli } from './run-cli.js';

let echo: EchoFixture;
let proxy: Server;
const proxied: string[] = [];
const proxySockets = new Set<Socket>();

beforeAll(async () => {
  echo = await startEchoFixture();
  // A minimal HTTP CONNECT proxy: it records each tunnel's target and splices the bytes.
  proxy = createServer((_, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    proxied.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host === 'localhost' ? '127.0.0.1' : host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    for (const s of [client, upstream]) {
      proxySockets.add(s);
      s.on('error', () => {});
      s.once('close', () => proxySockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const s of proxySockets) s.destroy();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await echo?.close();
});

function report(text: string): EchoReport {
  return JSON.parse(text) as EchoReport;
}

/** Splits `-i` output into its status line, header lines and body, as curl writes them (CRLF). */
function splitHead(text: string): { status: string; headers: string[]; body: string } {
  const end = text.indexOf('\r\n\r\n');
  expect(end).toBeGreaterThan(0);
  const [status, ...headers] = text.slice(0, end).split('\r\n');
  return { status: status!, headers, body: text.slice(end + 4) };
}

describe.concurrent('tls-requests get/post/... against the echo server', SPAWN_TIMEOUT, () => {
  it('prints the body of a GET, exit 0', async () => {
    const result = await runCli(['get', echo.url, '--ca', echo.caPath]);
    expect(errorLines(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
    const seen = report(result.text);
    expect(seen.method).toBe('GET');
    expect(seen.httpVersion).toBe('HTTP/2');
  });

  it('-i prints the status line as curl does for HTTP/2 ("HTTP/2 200"), headers, a blank line, the body', async () => {
    const result = await runCli(['get', echo.url, '--ca', echo.caPath, '-i']);
    expect(result.code).toBe(0);
    const { status, headers, body } = splitHead(result.text);
    expect(status).toBe('HTTP/2 200');
    expect(headers.some((h) => /^content-type: application\/json$/i.test(h))).toBe(true);
    expect(report(body).httpVersion).toBe('HTTP/2');
  });

  it('-i with --http1 prints "HTTP/1.1 200 OK", and the server saw HTTP/1.1', async () => {
    const result = await runCli(['get', echo.url, '--ca', echo.caPath, '--http1', '-i']);
    expect(result.code).toBe(0);
    const { status, body } = splitHead(result.text);
    expect(status).toBe('HTTP/1.1 200 OK');
    const seen = report(body);
    expect(seen.httpVersion).toBe('HTTP/1.1');
    expect(seen.tls.negotiated.alpn).toBe('http/1.1');
  });

  it('-o FILE writes the body to the file and nothing to stdout', async () => {
    const file = join(echo.dir, 'body.json');
    const result = await runCli(['get', `${echo.url}saved`, '--ca', echo.caPath, '-o', file]);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(0);
    expect(report(readFileSync(file, 'utf8')).path).toBe('/saved');
  });

  it('-o - writes the raw body bytes to stdout', async () => {
    const result = await runCli(['get', `${echo.url}raw`, '--ca', echo.caPath, '-o', '-']);
    expect(result.code).toBe(0);
    expect(report(result.stdout.toString('utf8')).path).toBe('/raw');
  });

  it('-H adds headers (repeatable), and "Name:" removes a profile default', async () => {
    const result = await runCli(['get', echo.url, '--ca', echo.caPath, '-H', 'X-One: 1', '-H', 'X-Two:  two ', '-H', 'sec-ch-ua-platform:']);
    expect(result.code).toBe(0);
    const seen = report(result.text);
    expect(seenHeader(seen, 'x-one')).toBe('1');
    expect(seenHeader(seen, 'x-two')).toBe('two');
    expect(seenHeader(seen, 'sec-ch-ua-platform')).toBeUndefined();
    expect(seenHeader(seen, 'user-agent')).toMatch(/Chrome\/156/);
  });

  it('post --json sends the JSON text as written, with Content-Type application/json', async () => {
    const json = '{"name": "tls-requests", "n": 1}';
    const result = await runCli(['post', echo.url, '--ca', echo.caPath, '--json', json]);
    expect(result.code).toBe(0);
    const seen = report(result.text);
    expect(seen.method).toBe('POST');
    expect(seenHeader(seen, 'content-type')).toBe('application/json');
    expect(bodyLength(seen)).toBe(Buffer.byteLength(json));
  });

  it('put -d sends a form body; -d pieces are joined with &, @file reads a file', async () => {
    const file = join(echo.dir, 'form.txt');
    writeFileSync(file, 'c=3');
    const result = await runCli(['put', echo.url, '--ca', echo.caPath, '-d', 'a=1', '-d', 'b=2', '-d', `@${file}`]);
    expect(result.code).toBe(0);
    const seen = report(result.text);
    expect(seen.method).toBe('PUT');
    expect(seenHeader(seen, 'content-type')).toBe('application/x-www-form-urlencoded');
    expect(bodyLength(seen)).toBe('a=1&b=2&c=3'.length);
  });

  it('patch -F uploads multipart/form-data with a file', async () => {
    const file = join(echo.dir, 'upload.txt');
    writeFileSync(file, 'file content\n');
    const result = await runCli(['patch', echo.url, '--ca', echo.caPath, '--http1', '-F', 'field=value', '-F', `doc=@${file};type=text/plain`]);
    expect(result.code).toBe(0);
    const seen = report(result.text);
    expect(seen.method).toBe('PATCH');
    expect(seenHeader(seen, 'content-type')).toMatch(/^multipart\/form-data; boundary=----WebKitFormBoundary/);
    expect(bodyLength(seen)).toBeGreaterThan('file content\n'.length + 'value'.length);
  });

  it('delete and head work; head prints only the head with -i', async () => {
    const del = await runCli(['delete', echo.url, '--ca', echo.caPath]);
    expect(del.code).toBe(0);
    expect(report(del.text).method).toBe('DELETE');
    const head = await runCli(['head', echo.url, '--ca', echo.caPath, '-i', '--http1']);
    expect(head.code).toBe(0);
    expect(head.text.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(head.text.endsWith('\r\n\r\n')).toBe(true);
  });

  it('--profile firefox sends Firefox: its JA4 and Akamai are those of the real Firefox capture', async () => {
    const result = await runCli(['get', echo.url, '--ca', echo.caPath, '--profile', 'firefox']);
    expect(result.code).toBe(0);
    const seen = report(result.text);
    const capture = captureJson('firefox-153-1');
    expect(seen.tls.ja4).toBe(capture.client_hello.fingerprints.ja4);
    expect(seen.http2?.akamai).toBe(capture.h2?.akamai);
  });

  it('--ja3 and --akamai build the fingerprint from strings: the server sees that JA3 and that Akamai', async () => {
    const firefox = captureJson('firefox-153-1');
    const result = await runCli(['get', echo.url, '--ca', echo.caPath, '--profile', 'firefox', '--ja3', firefox.client_hello.fingerprints.ja3_full, '--akamai', firefox.h2!.akamai]);
    expect(errorLines(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
    const seen = report(result.text);
    expect(seen.tls.ja3Hash).toBe(firefox.client_hello.fingerprints.ja3);
    expect(seen.http2?.akamai).toBe(firefox.h2!.akamai);
  });

  it('--proxy goes through an HTTP CONNECT tunnel; the server still sees the browser', async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const result = await runCli(['get', `${echo.url}via-proxy`, '--ca', echo.caPath, '--proxy', proxyUrl]);
    expect(errorLines(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
    const seen = report(result.text);
    expect(seen.path).toBe('/via-proxy');
    expect(seen.tls.ja4).toBe(captureJson('chromium-156-1').client_hello.fingerprints.ja4);
    expect(proxied).toContain(`localhost:${echo.server.port}`);
  });

  it('honours SSLKEYLOGFILE: the TLS secrets land in that file, in NSS key log format', async () => {
    const keylog = join(echo.dir, 'keys.log');
    const result = await runCli(['get', echo.url, '--ca', echo.caPath], { env: { SSLKEYLOGFILE: keylog } });
    expect(result.code).toBe(0);
    const seen = report(result.text);
    const lines = readFileSync(keylog, 'utf8').trim().split('\n');
    const clientRandom = seen.tls.parsed.random;
    expect(lines.some((l) => l.startsWith('CLIENT_HANDSHAKE_TRAFFIC_SECRET ') && l.includes(clientRandom))).toBe(true);
    expect(lines.some((l) => l.startsWith('CLIENT_TRAFFIC_SECRET_0 '))).toBe(true);
  });

  it('an unknown profile is a usage error (exit 2) that suggests the closest name', async () => {
    const result = await runCli(['get', echo.url, '--profile', 'firefx']);
    expect(result.code).toBe(2);
    const lines = errorLines(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tls-requests: unknown profile: .*"firefox"/);
  });
});

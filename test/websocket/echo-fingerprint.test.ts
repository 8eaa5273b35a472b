/**
 * The echo server reports a WebSocket opening as it reports any request: the Upgrade request's
 * header lines in wire order and the TLS hello's JA3/JA4, as the first message on the socket;
 * then it echoes. Our Chrome profile's opening is checked against Chrome's layout here, and its
 * hello against the JA4 an ordinary request of the same client gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoServer, type EchoReport, type EchoServer } from '../../src/fingerprint/echo/index.js';
import { AsyncClient } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { CHROME_OPENING } from './wss-server.js';

let server: EchoServer;

beforeAll(async () => {
  server = await startEchoServer();
});

afterAll(async () => {
  await closeDefaultPool();
  await server?.close();
});

async function firstMessage(ws: Awaited<ReturnType<AsyncClient['websocket']>>): Promise<EchoReport> {
  for await (const message of ws) return JSON.parse(message as string) as EchoReport;
  throw new Error('closed before the report');
}

describe('echo server: a WebSocket opening', () => {
  it("reports Chrome's Upgrade request and hello", async () => {
    // A page fetched by another client of the same profile: no TLS ticket to resume, as the socket's.
    await using other = new AsyncClient({ ca: server.ca, clientIdentifier: 'chrome' });
    const page = (await (await other.get(server.url, { http2: 'http1' })).json()) as EchoReport;
    await using client = new AsyncClient({ ca: server.ca, clientIdentifier: 'chrome' });
    const ws = await client.websocket(server.url.replace('https', 'wss') + 'socket', { headers: { 'X-Extra': '1' } });
    const report = await firstMessage(ws);
    expect(report.httpVersion).toBe('HTTP/1.1');
    expect(report.http1!.requestLine).toBe('GET /socket HTTP/1.1');
    expect(report.http1!.headers.map((line) => line.split(':')[0])).toEqual([...CHROME_OPENING, 'X-Extra']);
    expect(report.http1!.headers).toContain('Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits');
    // Same hello as the page's (both offer ALPN http/1.1 only here), so the same JA4 (its GREASE and
    // extension order are drawn per connection, which JA4 sorts away).
    expect(report.tls.ja4).toBe(page.tls.ja4);
    expect(report.tls.ja3).toBeTruthy();
    ws.send('after the report');
    for await (const message of ws) {
      expect(message).toBe('after the report');
      break;
    }
    ws.close();
  });

  it("reports Firefox's order", async () => {
    await using client = new AsyncClient({ ca: server.ca, clientIdentifier: 'firefox', http2: 'http1' });
    const ws = await client.websocket(server.url.replace('https', 'wss'));
    const report = await firstMessage(ws);
    expect(report.http1!.headers.map((line) => line.split(':')[0])).toEqual([
      'Host',
      'User-Agent',
      'Accept',
      'Accept-Language',
      'Accept-Encoding',
      'Sec-WebSocket-Version',
      'Origin',
      'Sec-WebSocket-Extensions',
      'Sec-WebSocket-Key',
      'Connection',
      'Sec-Fetch-Dest',
      'Sec-Fetch-Mode',
      'Sec-Fetch-Site',
      'Pragma',
      'Cache-Control',
      'Upgrade',
    ]);
    expect(report.http1!.headers).toContain('Connection: keep-alive, Upgrade');
    ws.close();
  });
});

/**
 * An httpbin-like server for the end-to-end tests, on 127.0.0.1 with a leaf for localhost from
 * the test PKI: Node's https server (no ALPN, so HTTP/1.1), or its HTTP/2 server with HTTP/1.1
 * fallback (ALPN picks).
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Pki } from '../helpers/pki.js';

export interface E2eServer {
  url: string;
  close(): Promise<void>;
}

/** What the handler uses of Node's request objects, HTTP/1.1 and HTTP/2 alike. */
interface Req extends AsyncIterable<unknown> {
  url: string;
  method: string;
  httpVersion: string;
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
  socket: Socket | { remoteAddress?: string };
}
interface Res {
  writeHead(status: number, headers?: OutgoingHttpHeaders): unknown;
  write(chunk: string): unknown;
  end(chunk?: string): unknown;
}

export async function startE2eServer(pki: Pki, options: { http2: boolean }): Promise<E2eServer> {
  const leaf = pki.leaves.ecdsaP256;
  const tlsOptions = { key: leaf.keyPem, cert: leaf.chainPem };
  // Node's HTTP/1.1 and HTTP/2 request objects differ in their types, not in what is used here.
  const onRequest = (req: unknown, res: { end(): unknown }): void => {
    void handle(req as Req, res as unknown as Res).catch(() => res.end());
  };
  const server = options.http2 ? http2.createSecureServer({ ...tlsOptions, allowHTTP1: true }, onRequest) : https.createServer(tlsOptions, onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sessions = new Set<{ destroy(): void }>();
  server.on('session', (s: { destroy(): void }) => sessions.add(s));
  server.on('secureConnection', (s: { destroy(): void }) => sessions.add(s));
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const s of sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: Res, value: unknown, status = 200, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...extra });
  res.end(JSON.stringify(value));
}

async function handle(req: Req, res: Res): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url, 'https://localhost');
  const pairs: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  const path = url.pathname;
  if (path === '/get' || path === '/anything') {
    return json(res, { method: req.method, path: req.url, httpVersion: req.httpVersion, headers: pairs, body: Buffer.concat(chunks).toString('utf8') });
  }
  if (path === '/ip') return json(res, { origin: req.socket.remoteAddress });
  if (path === '/user-agent') return json(res, { 'user-agent': req.headers['user-agent'] });
  if (path === '/cookies') return json(res, { cookie: req.headers.cookie ?? null });
  if (path === '/cookies/set') {
    const cookies = [...url.searchParams].map(([k, v]) => `${k}=${v}; Path=/`);
    res.writeHead(302, { location: '/cookies', 'set-cookie': cookies });
    return void res.end();
  }
  const redirect = /^\/redirect\/(\d+)$/.exec(path);
  if (redirect) {
    const n = Number(redirect[1]);
    res.writeHead(302, { location: n > 1 ? `/redirect/${n - 1}` : '/get' });
    return void res.end();
  }
  const status = /^\/status\/(\d+)$/.exec(path);
  if (status) {
    res.writeHead(Number(status[1]));
    return void res.end();
  }
  if (path === '/stream') {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (let i = 0; i < 3; i++) {
      res.write(`{"n":${i}}\n`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return void res.end();
  }
  json(res, { error: 'not found' }, 404);
}

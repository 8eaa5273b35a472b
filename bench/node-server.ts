/**
 * The Node loopback servers of the benchmark, in their own process (so their CPU never shows in a
 * client's figures): an `https` HTTP/1.1 server, an `http2` secure server that also speaks
 * HTTP/1.1, and a plain-HTTP control port that reports what each server counted.
 *
 * Routes: `/small` (100 B), `/small?close=1` (the same, then the connection closes), `/big`
 * (50 MiB). TLS resumption is off (no tickets, and no session cache without `newSession`
 * listeners), so every new connection is a full handshake.
 *
 * Each of the two TLS servers also accepts on SPREAD_PORTS - 1 more ports (plain listeners that
 * hand their sockets to it): the scaling scenarios' distinct origins, with the same counters.
 *
 * Started by bench/run.ts with BENCH_CERT / BENCH_KEY (PEM file paths), and BENCH_GROUPS for the
 * post-quantum server (the same file run by Node 26); prints one JSON line with the ports, then
 * serves until killed.
 */
import { constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import http2, { type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { BIG_BYTES, SMALL_BYTES, SPREAD_PORTS } from './lib/scenarios.js';

interface Counters {
  connections: number;
  resumed: number;
  requests: number;
}

const cert = readFileSync(required('BENCH_CERT'), 'utf8');
const key = readFileSync(required('BENCH_KEY'), 'utf8');
const small = Buffer.alloc(SMALL_BYTES, 'x');
const big = Buffer.alloc(BIG_BYTES, 'b');
const counters: Record<'h1' | 'h2', Counters> = {
  h1: { connections: 0, resumed: 0, requests: 0 },
  h2: { connections: 0, resumed: 0, requests: 0 },
};

// BENCH_GROUPS (Node 26 only): e.g. 'X25519MLKEM768:X25519', the post-quantum group first.
const groups = process.env.BENCH_GROUPS;
const tlsOptions = { cert, key, minVersion: 'TLSv1.2' as const, secureOptions: constants.SSL_OP_NO_TICKET, ...(groups ? { ecdhCurve: groups } : {}) };

function handler(count: Counters) {
  return (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): void => {
    count.requests++;
    const url = req.url ?? '/';
    const body = url.startsWith('/big') ? big : url.startsWith('/small') ? small : null;
    if (body === null) {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-length': '9' });
      res.end('not found');
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'content-length': String(body.length) };
    // HTTP/2 has no Connection field; only the HTTP/1.1 answer may close.
    if (url.includes('close=1') && req.httpVersionMajor === 1) headers.connection = 'close';
    res.writeHead(200, headers);
    res.end(body);
  };
}

function countConnection(count: Counters) {
  return (socket: TLSSocket): void => {
    count.connections++;
    if (socket.isSessionReused()) count.resumed++;
  };
}

const h1 = https.createServer({ ...tlsOptions, ALPNProtocols: ['http/1.1'], keepAliveTimeout: 60_000 }, handler(counters.h1));
h1.on('secureConnection', countConnection(counters.h1));

const h2 = http2.createSecureServer(
  // maxSessionMemory: 1,000 streams in flight on one session must not trip nghttp2's default 10 MB cap.
  { ...tlsOptions, allowHTTP1: true, maxSessionMemory: 256, settings: { maxConcurrentStreams: 4096 } },
  handler(counters.h2),
);
h2.on('secureConnection', countConnection(counters.h2));

const control = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const which = url.searchParams.get('server') === 'h2' ? 'h2' : 'h1';
  const body = JSON.stringify(counters[which]);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
});

const ports = await Promise.all([h1, h2, control].map((server) => listen(server)));
const h1Spread = await Promise.all(Array.from({ length: SPREAD_PORTS - 1 }, () => listen(forwarder(h1))));
const h2Spread = await Promise.all(Array.from({ length: SPREAD_PORTS - 1 }, () => listen(forwarder(h2))));
process.stdout.write(`${JSON.stringify({ h1: ports[0], h2: ports[1], control: ports[2], h1Spread: [ports[0], ...h1Spread], h2Spread: [ports[1], ...h2Spread] })}\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));

/** A port whose connections the TLS server serves as its own (a tls.Server takes sockets through 'connection'). */
function forwarder(target: https.Server | http2.Http2SecureServer): net.Server {
  return net.createServer((socket) => target.emit('connection', socket));
}

function listen(server: net.Server | http.Server | https.Server | http2.Http2SecureServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (this server is started by bench/run.ts)`);
  return value;
}

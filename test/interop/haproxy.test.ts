/**
 * Interop with HAProxy (2.6, OpenSSL 3.0) terminating TLS in front of a small Node http backend,
 * through AsyncClient with Chrome's and Firefox's profiles: HTTP/2 and HTTP/1.1 to HAProxy,
 * chunked bodies from the backend, gzip by HAProxy's compression filter, a 20 MiB body, an upload,
 * redirects and cookies, a HelloRetryRequest, resumption, an optional CertificateRequest, and
 * frontends a browser cannot use. HAProxy reports its side in response headers (ssl_fc_* fetches).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { closeDefaultPool } from '../../src/pool/index.js';
import { makePki, type LeafEntry, type Pki } from '../helpers/pki.js';
import { freePort, requireBinary } from '../helpers/servers.js';
import { waitForPort } from '../http/servers.js';
import { BOTH_OK, bothRefuse, interopSuite, onlyFirefox, type ProfileName } from './harness.js';
import { clientFor, patternBytes, startDaemon, versionLine, type Daemon } from './support.js';

const suite = interopSuite('haproxy');
const TEXT = 'haproxy interop line, compressed by the frontend.\n'.repeat(3000);
const BIG_SIZE = 20 * 1024 * 1024;
const BIG = patternBytes(BIG_SIZE);
const BIG_SHA256 = createHash('sha256').update(BIG).digest('hex');

const FRONTENDS = ['main', 'tls12', 'p384', 'p521', 'verify', 'resume', 'tls11'] as const;
type Frontend = (typeof FRONTENDS)[number];

let pki: Pki;
let dir: string;
let haproxy: Daemon | undefined;
let backend: http.Server | undefined;
const ports = {} as Record<Frontend, number>;

/** The Node backend HAProxy forwards to. */
function startBackend(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://backend').pathname;
    if (path === '/chunked') {
      // No Content-Length: Node sends it chunked, HAProxy passes the chunks on (or as DATA frames).
      res.writeHead(200, { 'content-type': 'text/plain' });
      let i = 0;
      const tick = (): void => {
        if (++i > 5) {
          res.end();
          return;
        }
        res.write(`piece ${i}\n`);
        setTimeout(tick, 5);
      };
      tick();
      return;
    }
    if (path === '/text') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(TEXT) });
      res.end(TEXT);
      return;
    }
    if (path === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BIG.length });
      res.end(BIG);
      return;
    }
    if (path === '/set-cookie') {
      res.writeHead(302, { location: '/cookies', 'set-cookie': 'interop=haproxy; Path=/' });
      res.end();
      return;
    }
    if (path === '/cookies') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`cookie=${req.headers.cookie ?? ''}\n`);
      return;
    }
    if (path === '/echo') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
        res.end(body);
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`backend ${req.method} ${path} http/${req.httpVersion}\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** HAProxy wants the chain and the key in one PEM file. */
function crtFile(leaf: LeafEntry, name: string): string {
  const path = join(dir, `${name}.pem`);
  writeFileSync(path, `${leaf.chainPem.trimEnd()}\n${leaf.keyPem}`);
  return path;
}

beforeAll(async () => {
  const binary = requireBinary('haproxy', 'haproxy');
  suite.label = `haproxy ${(await versionLine(binary, ['-v'])).split(' ')[2]?.split('-')[0] ?? ''}`.trim();
  pki = await makePki();
  dir = mkdtempSync(join(tmpdir(), 'tls-requests-interop-haproxy-'));
  backend = await startBackend();
  const backendPort = (backend.address() as AddressInfo).port;
  for (const f of FRONTENDS) ports[f] = await freePort();
  const ecdsa = crtFile(pki.leaves.ecdsaP256, 'ecdsa');
  const rsa = crtFile(pki.leaves.rsa2048, 'rsa');
  const frontend = (name: Frontend, bind: string, extra: string[] = []): string => `
frontend ${name}
  bind 127.0.0.1:${ports[name]} ssl ${bind}
  http-response set-header x-tls-version %[ssl_fc_protocol]
  http-response set-header x-tls-cipher %[ssl_fc_cipher]
  http-response set-header x-tls-resumed %[ssl_fc_is_resumed]
  http-response set-header x-tls-client-cert %[ssl_c_used]
  http-request redirect location /set-cookie code 302 if { path /redirect }
  ${extra.join('\n  ')}
  default_backend node
`;
  writeFileSync(
    join(dir, 'haproxy.cfg'),
    `global
  maxconn 512
  tune.ssl.default-dh-param 2048

defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  compression algo gzip
  compression type text/plain
${frontend('main', `crt ${ecdsa} alpn h2,http/1.1`)}
${frontend('tls12', `crt ${ecdsa} alpn h2,http/1.1 ssl-max-ver TLSv1.2 ciphers ECDHE-ECDSA-CHACHA20-POLY1305`)}
${frontend('p384', `crt ${ecdsa} alpn h2,http/1.1 ssl-min-ver TLSv1.3 curves P-384`)}
${frontend('p521', `crt ${ecdsa} alpn h2,http/1.1 ssl-min-ver TLSv1.3 curves P-521`)}
${frontend('verify', `crt ${ecdsa} alpn h2,http/1.1 ca-file ${pki.caPath} verify optional`)}
${frontend('resume', `crt ${rsa} alpn http/1.1`, ['option httpclose'])}
${frontend('tls11', `crt ${rsa} alpn http/1.1 ssl-min-ver TLSv1.1 ssl-max-ver TLSv1.1 ciphers DEFAULT@SECLEVEL=0`)}
backend node
  server backend 127.0.0.1:${backendPort}
`,
  );
  haproxy = startDaemon(binary, ['-db', '-f', join(dir, 'haproxy.cfg')], { dir });
  try {
    for (const f of FRONTENDS) await waitForPort(ports[f]);
  } catch (error) {
    throw new Error(`haproxy did not start: ${(error as Error).message}\n${haproxy.output()}`);
  }
});

afterAll(async () => {
  await closeDefaultPool();
  await haproxy?.stop();
  if (backend) {
    backend.closeAllConnections();
    await new Promise<void>((resolve) => backend!.close(() => resolve()));
  }
});

const url = (frontend: Frontend, path: string): string => `https://localhost:${ports[frontend]}${path}`;

async function get(profile: ProfileName, frontend: Frontend, path: string, http2: 'auto' | 'http1' = 'auto'): ReturnType<ReturnType<typeof clientFor>['get']> {
  await using client = clientFor(pki, profile, { http2 });
  // Awaited inside the block: leaving it closes the client, and with it a request still in flight.
  return await client.get(url(frontend, path));
}

describe('HTTP through HAProxy', () => {
  suite.case('HTTP/2 to HAProxy, HTTP/1.1 to the backend', BOTH_OK, async (profile) => {
    const response = await get(profile, 'main', '/hello');
    expect(response.httpVersion).toBe('HTTP/2');
    expect(response.headers.get('x-tls-version')).toBe('TLSv1.3');
    expect(response.text).toBe('backend GET /hello http/1.1\n');
  });
  suite.case('HTTP/1.1 to HAProxy', BOTH_OK, async (profile) => {
    const response = await get(profile, 'main', '/hello', 'http1');
    expect(response.httpVersion).toBe('HTTP/1.1');
    expect(response.text).toBe('backend GET /hello http/1.1\n');
  });
  for (const http2 of ['http1', 'auto'] as const) {
    const label = http2 === 'http1' ? 'HTTP/1.1' : 'HTTP/2';
    suite.case(`${label}: a chunked backend response`, BOTH_OK, async (profile) => {
      const response = await get(profile, 'main', '/chunked', http2);
      if (http2 === 'http1') expect(response.headers.get('transfer-encoding')).toBe('chunked');
      expect(response.text).toBe('piece 1\npiece 2\npiece 3\npiece 4\npiece 5\n');
    });
    suite.case(`${label}: gzip from HAProxy's compression filter`, BOTH_OK, async (profile) => {
      const response = await get(profile, 'main', '/text', http2);
      expect(response.headers.get('content-encoding')).toBe('gzip');
      expect(response.text).toBe(TEXT);
    });
  }
  suite.case(
    'HTTP/2: a 20 MiB body',
    BOTH_OK,
    async (profile) => {
      const response = await get(profile, 'main', '/big');
      expect(response.content.length).toBe(BIG_SIZE);
      expect(createHash('sha256').update(response.content).digest('hex')).toBe(BIG_SHA256);
    },
    120_000,
  );
  suite.case('HTTP/2: a 1 MiB upload, echoed', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile);
    const body = patternBytes(1024 * 1024);
    const response = await client.post(url('main', '/echo'), { content: body });
    expect(Buffer.from(response.content).equals(body)).toBe(true);
  });
  suite.case('a redirect from HAProxy, then one with Set-Cookie from the backend', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile);
    const response = await client.get(url('main', '/redirect'));
    expect(response.history.map((r) => r.status)).toEqual([302, 302]);
    expect(response.url).toBe(url('main', '/cookies'));
    expect(response.text).toBe('cookie=interop=haproxy\n');
  });
});

describe('TLS at HAProxy', () => {
  suite.case('TLS 1.2 ECDHE-ECDSA-CHACHA20-POLY1305', BOTH_OK, async (profile) => {
    const response = await get(profile, 'tls12', '/');
    expect(response.headers.get('x-tls-version')).toBe('TLSv1.2');
    expect(response.headers.get('x-tls-cipher')).toBe('ECDHE-ECDSA-CHACHA20-POLY1305');
  });
  suite.case('HelloRetryRequest: P-384 only', BOTH_OK, async (profile) => {
    const response = await get(profile, 'p384', '/');
    expect(response.tls?.group).toBe(24);
  });
  suite.case('TLS 1.3 P-521 only', onlyFirefox(), async (profile) => {
    const response = await get(profile, 'p521', '/');
    expect(response.tls?.group).toBe(25);
  });
  suite.case('optional CertificateRequest (verify optional): no certificate sent', BOTH_OK, async (profile) => {
    const response = await get(profile, 'verify', '/');
    expect(response.headers.get('x-tls-client-cert')).toBe('0');
  });
  suite.case('resumption on the next connection (option httpclose; ssl_fc_is_resumed)', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile, { http2: 'http1' });
    const first = await client.get(url('resume', '/'));
    const second = await client.get(url('resume', '/'));
    expect(first.headers.get('x-tls-resumed')).toBe('0');
    expect(second.headers.get('x-tls-resumed')).toBe('1');
    expect(second.tls?.resumed).toBe(true);
  });
  suite.case('a TLS 1.1-only frontend', bothRefuse('protocol_version'), async (profile) => {
    await get(profile, 'tls11', '/');
  });
});

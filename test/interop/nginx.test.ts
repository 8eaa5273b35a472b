/**
 * Interop with nginx (1.22, OpenSSL 3.0) through the whole client — AsyncClient, the worker pool,
 * our HTTP/1.1 and HTTP/2 over our TLS — with Chrome's and Firefox's profiles: HTTP/2 and HTTP/1.1,
 * gzip (chunked in 1.1), a 20 MiB body, a redirect chain that sets a cookie, resumption, an
 * optional CertificateRequest, a HelloRetryRequest, and servers a browser cannot talk to. nginx
 * says what it negotiated in the body ($ssl_protocol, $ssl_curve, $ssl_session_reused...).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { closeDefaultPool } from '../../src/pool/index.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { freePort, requireBinary } from '../helpers/servers.js';
import { waitForPort } from '../http/servers.js';
import { BOTH_OK, interopSuite, onlyFirefox, type ProfileName } from './harness.js';
import { clientFor, startDaemon, versionLine, type Daemon } from './support.js';

const suite = interopSuite('nginx');
const BIG_SIZE = 20 * 1024 * 1024;
const TEXT = 'nginx interop gzip line, compressible and repeated.\n'.repeat(4000);

/** The server blocks, each on its own port. */
const BLOCKS = ['main', 'tls12', 'p384', 'p521', 'ecdsaCbc', 'verify', 'resume13', 'resume12'] as const;
type Block = (typeof BLOCKS)[number];

let pki: Pki;
let dir: string;
let nginx: Daemon | undefined;
let bigSha256: string;
const ports = {} as Record<Block, number>;

const INFO = 'location = /info { return 200 "$ssl_protocol $ssl_cipher $ssl_curve reused=$ssl_session_reused $server_protocol\\n"; }';

beforeAll(async () => {
  const binary = requireBinary('nginx', 'nginx');
  suite.label = `nginx ${(await versionLine(binary, ['-v'])).replace(/^nginx version: nginx\//, '')}`;
  pki = await makePki();
  dir = mkdtempSync(join(tmpdir(), 'tls-requests-interop-nginx-'));
  const www = join(dir, 'www');
  mkdirSync(www);
  const big = randomBytes(BIG_SIZE);
  bigSha256 = createHash('sha256').update(big).digest('hex');
  writeFileSync(join(www, 'big.bin'), big);
  writeFileSync(join(www, 'text.txt'), TEXT);
  for (const block of BLOCKS) ports[block] = await freePort();

  const ecdsa = pki.leaves.ecdsaP256;
  const rsa = pki.leaves.rsa2048;
  const p384 = pki.leaves.ecdsaP384;
  const server = (block: Block, leaf: { chainPath: string; keyPath: string }, directives: string[]): string => `
  server {
    listen 127.0.0.1:${ports[block]} ssl http2;
    ssl_certificate ${leaf.chainPath};
    ssl_certificate_key ${leaf.keyPath};
    root ${www};
    ${[...directives, INFO].join('\n    ')}
  }`;
  const temp = (name: string): string => `${name} ${join(dir, name)};`;
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
error_log stderr warn;
pid ${join(dir, 'nginx.pid')};
events { worker_connections 256; }
http {
  access_log off;
  ${temp('client_body_temp_path')} ${temp('proxy_temp_path')} ${temp('fastcgi_temp_path')} ${temp('uwsgi_temp_path')} ${temp('scgi_temp_path')}
  types { text/plain txt; application/octet-stream bin; }
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_session_cache shared:interop:1m;
  gzip on;
  gzip_types text/plain;
  gzip_min_length 0;
${server('main', ecdsa, [
  'location = /redirect { return 302 /set-cookie; }',
  'location = /set-cookie { add_header Set-Cookie "interop=nginx; Path=/"; return 302 /cookies; }',
  'location = /cookies { return 200 "cookie=$http_cookie\\n"; }',
])}
${server('tls12', rsa, ['ssl_protocols TLSv1.2;', 'ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384;'])}
${server('p384', p384, ['ssl_protocols TLSv1.3;', 'ssl_ecdh_curve secp384r1;'])}
${server('p521', ecdsa, ['ssl_protocols TLSv1.3;', 'ssl_ecdh_curve secp521r1;'])}
${server('ecdsaCbc', ecdsa, ['ssl_protocols TLSv1.2;', 'ssl_ciphers ECDHE-ECDSA-AES256-SHA;'])}
${server('verify', ecdsa, [`ssl_client_certificate ${pki.caPath};`, 'ssl_verify_client optional;', 'location = /client { return 200 "client=$ssl_client_verify\\n"; }'])}
${server('resume13', ecdsa, ['ssl_protocols TLSv1.3;', 'keepalive_requests 1;'])}
${server('resume12', rsa, ['ssl_protocols TLSv1.2;', 'keepalive_requests 1;'])}
}
`,
  );
  nginx = startDaemon(binary, ['-p', dir, '-c', join(dir, 'nginx.conf')], { dir });
  try {
    for (const block of BLOCKS) await waitForPort(ports[block]);
  } catch (error) {
    throw new Error(`nginx did not start: ${(error as Error).message}\n${nginx.output()}`);
  }
});

afterAll(async () => {
  await closeDefaultPool();
  await nginx?.stop();
});

const url = (block: Block, path: string): string => `https://localhost:${ports[block]}${path}`;

/** nginx's /info line: "protocol cipher curve reused=r|. HTTP/x". */
interface Info {
  protocol: string;
  cipher: string;
  curve: string;
  reused: boolean;
  http: string;
}
function parseInfo(text: string): Info {
  const m = /^(\S+) (\S+) (\S+) reused=(\S) (\S+)\n$/.exec(text);
  if (!m) throw new Error(`unexpected /info body: ${JSON.stringify(text)}`);
  return { protocol: m[1]!, cipher: m[2]!, curve: m[3]!, reused: m[4] === 'r', http: m[5]! };
}

async function info(profile: ProfileName, block: Block, http2: 'auto' | 'http1' = 'auto'): Promise<Info & { responseGroup: number | null }> {
  await using client = clientFor(pki, profile, { http2 });
  const response = await client.get(url(block, '/info'));
  expect(response.status).toBe(200);
  return { ...parseInfo(response.text), responseGroup: response.tls?.group ?? null };
}

describe('HTTP versions', () => {
  suite.case('HTTP/2 over TLS 1.3 (ALPN h2)', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile);
    const response = await client.get(url('main', '/info'));
    expect(response.httpVersion).toBe('HTTP/2');
    expect(response.tls).toMatchObject({ version: 'TLSv1.3', alpn: 'h2' });
    expect(parseInfo(response.text)).toMatchObject({ protocol: 'TLSv1.3', curve: 'X25519', http: 'HTTP/2.0' });
  });
  suite.case('HTTP/1.1 (http2: "http1")', BOTH_OK, async (profile) => {
    const seen = await info(profile, 'main', 'http1');
    expect(seen).toMatchObject({ protocol: 'TLSv1.3', http: 'HTTP/1.1' });
  });
  suite.case('TLS 1.2 server (ECDHE-RSA-AES256-GCM-SHA384, RSA leaf), HTTP/2', BOTH_OK, async (profile) => {
    const seen = await info(profile, 'tls12');
    expect(seen).toMatchObject({ protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384', http: 'HTTP/2.0' });
  });
});

describe('bodies', () => {
  for (const http2 of ['http1', 'auto'] as const) {
    const label = http2 === 'http1' ? 'HTTP/1.1' : 'HTTP/2';
    suite.case(
      `${label}: gzip${http2 === 'http1' ? ' in a chunked response' : ''}, decoded`,
      BOTH_OK,
      async (profile) => {
        await using client = clientFor(pki, profile, { http2 });
        const response = await client.get(url('main', '/text.txt'));
        expect(response.headers.get('content-encoding')).toBe('gzip');
        if (http2 === 'http1') expect(response.headers.get('transfer-encoding')).toBe('chunked');
        expect(response.text).toBe(TEXT);
      },
    );
    suite.case(
      `${label}: a 20 MiB body, intact`,
      BOTH_OK,
      async (profile) => {
        await using client = clientFor(pki, profile, { http2 });
        const response = await client.get(url('main', '/big.bin'));
        expect(response.status).toBe(200);
        expect(response.content.length).toBe(BIG_SIZE);
        expect(createHash('sha256').update(response.content).digest('hex')).toBe(bigSha256);
      },
      120_000,
    );
  }
});

describe('redirects and cookies', () => {
  suite.case('302 → 302 with Set-Cookie → the cookie sent back', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile);
    const response = await client.get(url('main', '/redirect'));
    expect(response.status).toBe(200);
    expect(response.url).toBe(url('main', '/cookies'));
    expect(response.history.map((r) => r.status)).toEqual([302, 302]);
    expect(response.text).toBe('cookie=interop=nginx\n');
    expect(client.cookies.get('interop')).toBe('nginx');
  });
});

describe('TLS through the client', () => {
  suite.case('HelloRetryRequest: P-384 only (no browser sends a P-384 share)', BOTH_OK, async (profile) => {
    const seen = await info(profile, 'p384');
    expect(seen).toMatchObject({ protocol: 'TLSv1.3', curve: 'secp384r1', responseGroup: Group.secp384r1 });
  });
  suite.case('TLS 1.3 P-521 only', onlyFirefox(), async (profile) => {
    const seen = await info(profile, 'p521');
    expect(seen).toMatchObject({ curve: 'secp521r1', responseGroup: Group.secp521r1 });
  });
  suite.case('TLS 1.2 ECDHE-ECDSA-AES256-SHA only', onlyFirefox(), async (profile) => {
    const seen = await info(profile, 'ecdsaCbc', 'http1');
    expect(seen).toMatchObject({ protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES256-SHA' });
  });
  suite.case('optional CertificateRequest (ssl_verify_client optional): no certificate sent', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile);
    const response = await client.get(url('verify', '/client'));
    expect(response.text).toBe('client=NONE\n');
  });
  for (const [block, version] of [
    ['resume13', 'TLSv1.3'],
    ['resume12', 'TLSv1.2'],
  ] as const) {
    // keepalive_requests 1: nginx closes each connection after one request, so the next request
    // opens a new connection, which offers the worker's ticket for this origin and profile.
    suite.case(`${version} resumption on the next connection (nginx: $ssl_session_reused)`, BOTH_OK, async (profile) => {
      await using client = clientFor(pki, profile, { http2: 'http1' });
      const first = parseInfo((await client.get(url(block, '/info'))).text);
      const second = await client.get(url(block, '/info'));
      expect(first).toMatchObject({ protocol: version, reused: false });
      expect(parseInfo(second.text)).toMatchObject({ protocol: version, reused: true });
      expect(second.tls?.resumed).toBe(true);
    });
  }
});

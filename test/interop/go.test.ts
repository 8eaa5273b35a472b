/**
 * Interop with Go's crypto/tls and net/http (a third TLS stack and a second HTTP/2 server), from
 * test/interop/go/server.go, built when the suite starts with the Debian golang-go toolchain
 * (standard library only: no network). TLS 1.3 groups and HRR, TLS 1.2 suites, leaf key types,
 * resumption and client authentication over our TLS with each profile's ClientHello; then HTTP/2
 * and HTTP/1.1 through AsyncClient: chunked, gzip, a 20 MiB body, redirects and cookies. The
 * server's JSON says what it negotiated (version, suite, ALPN, resumed, client certificates).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { closeDefaultPool } from '../../src/pool/index.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { MemorySession12Cache } from '../../src/tls/session12.js';
import { MemoryTicketStore13 } from '../../src/tls/session13.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { requireBinary } from '../helpers/servers.js';
import { BOTH_OK, bothRefuse, interopSuite, onlyFirefox, type Expectations, type ProfileName } from './harness.js';
import { clientFor, issueP521Leaf, patternBytes, startDaemon, tlsGet, versionLine, type Daemon, type ExtraLeaf } from './support.js';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const suite = interopSuite('go crypto/tls');

let pki: Pki;
let workDir: string;
let binary: string;
let p521Leaf: ExtraLeaf;

/** What server.go's / answers. */
interface GoInfo {
  proto: string;
  version: string;
  cipher: string;
  alpn: string;
  resumed: boolean;
  serverName: string;
  clientCerts: number;
}

beforeAll(async () => {
  const go = requireBinary('go', 'golang-go');
  suite.label = `go crypto/tls ${(await versionLine(go, ['version'])).split(' ')[2]?.replace(/^go/, '') ?? ''}`.trim();
  pki = await makePki();
  workDir = await mkdtemp(join(tmpdir(), 'tls-requests-interop-go-'));
  binary = join(workDir, 'server');
  // Everything Go writes goes to the temp dir; the program imports only the standard library, so
  // nothing is downloaded. CGO_ENABLED stays Go's default: Debian ships the standard library
  // prebuilt that way (the build takes ~1 s), while CGO_ENABLED=0 would recompile it (~25 s).
  const env = {
    ...process.env,
    GOPATH: join(workDir, 'gopath'),
    GOCACHE: join(workDir, 'gocache'),
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
  };
  try {
    await run(go, ['build', '-o', binary, join(HERE, 'go', 'server.go')], { cwd: workDir, env, timeout: 300_000 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`go build test/interop/go/server.go failed: ${e.message}\n${e.stderr ?? ''}`);
  }
  p521Leaf = await issueP521Leaf(pki, join(workDir, 'p521'));
}, 300_000);

afterAll(async () => {
  await closeDefaultPool();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

interface Leaf {
  chainPath: string;
  keyPath: string;
}

interface GoServer {
  daemon: Daemon;
  port: number;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

async function startGo(leaf: Leaf, args: string[] = []): Promise<GoServer> {
  const daemon = startDaemon(binary, ['-cert', leaf.chainPath, '-key', leaf.keyPath, ...args]);
  let port: number;
  try {
    port = Number((await daemon.waitFor(/^listening 127\.0\.0\.1:(\d+)$/m))[1]);
  } catch (error) {
    await daemon.stop();
    throw error;
  }
  const stop = (): Promise<void> => daemon.stop();
  return { daemon, port, stop, [Symbol.asyncDispose]: stop };
}

/** One GET / over our TLS with the profile's ClientHello; the server's JSON. */
async function exchange(profile: ProfileName, leaf: Leaf, args: string[], caches: Parameters<typeof tlsGet>[3] = {}): Promise<{ info: GoInfo; conn: Awaited<ReturnType<typeof tlsGet>>['conn'] }> {
  await using server = await startGo(leaf, args);
  const { conn, response } = await tlsGet(pki, server.port, profile, caches);
  return { conn, info: parseInfo(response) };
}

function parseInfo(response: string): GoInfo {
  expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as GoInfo;
}

describe('TLS 1.3 groups and HelloRetryRequest', () => {
  const cases: Array<{ curve: string; id: number; expectations: Expectations; hrr: Record<ProfileName, boolean> }> = [
    { curve: 'X25519', id: Group.x25519, expectations: BOTH_OK, hrr: { chrome: false, firefox: false } },
    { curve: 'P-256', id: Group.secp256r1, expectations: BOTH_OK, hrr: { chrome: true, firefox: false } },
    { curve: 'P-384', id: Group.secp384r1, expectations: BOTH_OK, hrr: { chrome: true, firefox: true } },
    { curve: 'P-521', id: Group.secp521r1, expectations: onlyFirefox(), hrr: { chrome: true, firefox: true } },
  ];
  for (const { curve, id, expectations, hrr } of cases) {
    suite.case(`TLS 1.3 ${curve} only`, expectations, async (profile) => {
      const { conn, info } = await exchange(profile, pki.leaves.ecdsaP256, ['-min', '1.3', '-curves', curve]);
      expect(conn.group).toBe(id);
      expect(conn.helloRetried).toBe(hrr[profile]);
      expect(info).toMatchObject({ version: 'TLSv1.3', alpn: 'http/1.1', serverName: 'localhost' });
    });
  }
});

describe('TLS 1.2 cipher suites', () => {
  const cases: Array<{ name: string; leaf: 'rsa2048' | 'ecdsaP256'; expectations: Expectations }> = [
    { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', leaf: 'ecdsaP256', expectations: BOTH_OK },
    { name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', leaf: 'rsa2048', expectations: BOTH_OK },
    { name: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', leaf: 'rsa2048', expectations: BOTH_OK },
    { name: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', leaf: 'rsa2048', expectations: BOTH_OK },
    { name: 'TLS_RSA_WITH_AES_256_GCM_SHA384', leaf: 'rsa2048', expectations: BOTH_OK },
    { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', leaf: 'ecdsaP256', expectations: onlyFirefox() },
  ];
  for (const { name, leaf, expectations } of cases) {
    suite.case(`TLS 1.2 ${name}`, expectations, async (profile) => {
      const { conn, info } = await exchange(profile, pki.leaves[leaf], ['-max', '1.2', '-suites', name, '-http1']);
      expect(conn.cipher.name).toBe(name);
      expect(info).toMatchObject({ version: 'TLSv1.2', cipher: name });
    });
  }
});

describe('leaf key types (TLS 1.3)', () => {
  // Go 1.19 cannot load RSA-PSS keys (id-RSASSA-PSS): that leaf is covered by openssl and gnutls.
  const cases: Array<{ leaf: string; get: () => Leaf; scheme: number; expectations: Expectations }> = [
    { leaf: 'RSA 2048', get: () => pki.leaves.rsa2048, scheme: 0x0804, expectations: BOTH_OK },
    { leaf: 'ECDSA P-256', get: () => pki.leaves.ecdsaP256, scheme: 0x0403, expectations: BOTH_OK },
    { leaf: 'ECDSA P-384', get: () => pki.leaves.ecdsaP384, scheme: 0x0503, expectations: BOTH_OK },
    { leaf: 'ECDSA P-521', get: () => p521Leaf, scheme: 0x0603, expectations: onlyFirefox() },
    { leaf: 'Ed25519', get: () => pki.leaves.ed25519, scheme: 0x0807, expectations: bothRefuse('handshake_failure', 'received') },
  ];
  for (const { leaf, get, scheme, expectations } of cases) {
    suite.case(`${leaf} leaf`, expectations, async (profile) => {
      const { conn } = await exchange(profile, get(), ['-min', '1.3']);
      expect(conn.signatureScheme).toBe(scheme);
    });
  }
});

describe('session resumption (the server reports DidResume)', () => {
  suite.case('TLS 1.3 ticket', BOTH_OK, async (profile) => {
    await using server = await startGo(pki.leaves.ecdsaP256, ['-min', '1.3']);
    const caches = { sessionCache: new MemoryTicketStore13() };
    const first = await tlsGet(pki, server.port, profile, caches);
    const second = await tlsGet(pki, server.port, profile, caches);
    expect(parseInfo(first.response)).toMatchObject({ version: 'TLSv1.3', resumed: false });
    expect(parseInfo(second.response)).toMatchObject({ version: 'TLSv1.3', resumed: true });
    expect(second.conn.resumed).toBe(true);
  });
  // Go 1.19 has no extended master secret (RFC 7627; Go added it in 1.21). The engine does not
  // offer a non-EMS session from a hello that offers EMS (RFC 7627 §5.3 SHOULD NOT), so the
  // second connection is a full handshake that works. (BoringSSL's client does offer such a
  // session: SSL_R_RESUMED_NON_EMS_SESSION_WITH_EMS_EXTENSION exists for that case.)
  suite.case('TLS 1.2 ticket from a server without EMS: a full handshake again', BOTH_OK, async (profile) => {
    await using server = await startGo(pki.leaves.ecdsaP256, ['-max', '1.2']);
    const caches = { session12Cache: new MemorySession12Cache() };
    const first = await tlsGet(pki, server.port, profile, caches);
    const second = await tlsGet(pki, server.port, profile, caches);
    expect(parseInfo(first.response)).toMatchObject({ version: 'TLSv1.2', resumed: false });
    expect(parseInfo(second.response)).toMatchObject({ version: 'TLSv1.2', resumed: false });
    expect(second.conn.resumed).toBe(false);
  });
});

describe('client authentication', () => {
  for (const version of ['1.3', '1.2'] as const) {
    suite.case(`TLS ${version} RequestClientCert: answered with an empty Certificate`, BOTH_OK, async (profile) => {
      const { info } = await exchange(profile, pki.leaves.ecdsaP256, ['-min', version, '-max', version, '-clientauth', 'request']);
      expect(info).toMatchObject({ version: `TLSv${version}`, clientCerts: 0 });
    });
    // Go 1.19 answers an empty Certificate with bad_certificate (1.3 and 1.2 alike).
    suite.case(`TLS ${version} RequireAnyClientCert: the server's alert`, bothRefuse('bad_certificate', 'received'), async (profile) => {
      await exchange(profile, pki.leaves.ecdsaP256, ['-min', version, '-max', version, '-clientauth', 'require']);
    });
  }
});

describe('HTTP through AsyncClient (net/http)', () => {
  let server: GoServer;
  beforeAll(async () => {
    server = await startGo(pki.leaves.ecdsaP256);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const url = (path: string): string => `https://localhost:${server.port}${path}`;

  suite.case('HTTP/2 (Go picks h2 from the profile’s ALPN)', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile);
    const response = await client.get(url('/'));
    expect(response.httpVersion).toBe('HTTP/2');
    expect(response.json<GoInfo>()).toMatchObject({ proto: 'HTTP/2.0', version: 'TLSv1.3', alpn: 'h2' });
  });
  suite.case('HTTP/1.1: a chunked response', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile, { http2: 'http1' });
    const response = await client.get(url('/chunked'));
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.text).toBe('piece 1\npiece 2\npiece 3\n');
  });
  suite.case('HTTP/2: gzip, decoded', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile);
    const response = await client.get(url('/gzip'));
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.text).toBe('go gzip interop line, compressible and repeated.\n'.repeat(2000));
  });
  suite.case(
    'HTTP/2: a 20 MiB body',
    BOTH_OK,
    async (profile) => {
      const size = 20 * 1024 * 1024;
      await using client = clientFor(pki, profile);
      const response = await client.get(url(`/big?n=${size}`));
      expect(response.content.length).toBe(size);
      expect(createHash('sha256').update(response.content).digest('hex')).toBe(createHash('sha256').update(patternBytes(size)).digest('hex'));
    },
    120_000,
  );
  suite.case('redirects and a cookie', BOTH_OK, async (profile) => {
    await using client = clientFor(pki, profile);
    const response = await client.get(url('/redirect'));
    expect(response.history.map((r) => r.status)).toEqual([302, 302]);
    expect(response.url).toBe(url('/cookies'));
    expect(response.text).toBe('interop=go');
  });
});

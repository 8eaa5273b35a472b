// Every TLS 1.2 suite of the issue, forced by the server, completed by the engine's default hello
// with an HTTP/1.1 GET: against `openssl s_server -tls1_2` and Node's tls server limited to
// TLS 1.2, with extended master secret, with the server refusing it, and with the client not
// offering it. A proxy in between shows the ServerHello the server really sent; s_server's status
// page shows the master secret it computed, which must be the one we logged.
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/tls/connect.js';
import { allCipherSuites } from '../../src/vocabulary/cipher-suites.js';
import { defaultHelloSpec } from '../../src/tls/hello/default.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { DEFAULT_BODY, startNodeTlsServer, startOpensslServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';
import { serverHelloExtensions, startRecordProxy } from './record-proxy.js';
import { helloWithoutEms, leafFor, MORE_SUITES, SSL_OP_NO_EXTENDED_MASTER_SECRET, startOpensslServerWithoutEms, SUITES } from './support.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

const EXTENDED_MASTER_SECRET = 23;
const ALL = [...SUITES, ...MORE_SUITES];

it('the default hello offers every suite tested here, and every TLS 1.2 suite it offers is tested here', () => {
  const offered = allCipherSuites.filter((s) => s.version === 'tls12' && defaultHelloSpec.cipherSuites.includes(s.id)).map((s) => s.name);
  expect(offered.sort()).toEqual(ALL.map(([, iana]) => iana).sort());
});
const MODES = ['ems', 'server-no-ems', 'client-no-ems'] as const;
type Mode = (typeof MODES)[number];

function clientOptions(port: number, mode: Mode, lines: string[]) {
  return {
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    alpn: ['http/1.1'],
    ca: pki.ca,
    caOnly: true,
    hello: mode === 'client-no-ems' ? helloWithoutEms : defaultHelloSpec,
    keylog: (line: string) => lines.push(line),
  };
}

describe('TLS 1.2 suites against openssl s_server -tls1_2', () => {
  for (const [suite, iana, key] of ALL) {
    for (const mode of MODES) {
      it(`${suite} (${mode})`, async () => {
        const leaf = leafFor(pki, key);
        const options = { cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', '-cipher', suite] };
        await using server = mode === 'server-no-ems' ? await startOpensslServerWithoutEms(options) : await startOpensslServer(options);
        await using proxy = await startRecordProxy(server.port);
        const lines: string[] = [];
        const conn = await connect(clientOptions(proxy.port, mode, lines));
        expect(conn.version).toBe('TLSv1.2');
        expect(conn.cipher.name).toBe(iana);
        expect(conn.resumed).toBe(false);
        const response = await getOver(conn);
        // s_server names the version a suite first appeared in (SSLv3 for the CBC-SHA ones); the session says TLSv1.2.
        expect(response).toMatch(new RegExp(`New, \\w+v[0-9.]+, Cipher is ${suite}\\n`));
        expect(response).toContain('Protocol  : TLSv1.2');
        expect(response).toContain(`Extended master secret: ${mode === 'ems' ? 'yes' : 'no'}`);
        expect(serverHelloExtensions(proxy.records).has(EXTENDED_MASTER_SECRET)).toBe(mode === 'ems');
        // The server's master secret is the one our key log line carries.
        const serverMaster = /Master-Key: ([0-9A-F]+)/.exec(response)![1]!.toLowerCase();
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^CLIENT_RANDOM [0-9a-f]{64} ${serverMaster}\\n$`));
      });
    }
  }
});

describe('TLS 1.2 suites against Node tls.createServer({ maxVersion: "TLSv1.2" })', () => {
  for (const [suite, iana, key] of ALL) {
    for (const mode of MODES) {
      it(`${suite} (${mode})`, async () => {
        const leaf = leafFor(pki, key);
        await using server = await startNodeTlsServer({
          key: leaf.keyPem,
          cert: leaf.chainPem,
          maxVersion: 'TLSv1.2',
          ciphers: suite,
          ALPNProtocols: ['http/1.1'],
          ...(mode === 'server-no-ems' ? { secureOptions: SSL_OP_NO_EXTENDED_MASTER_SECRET } : {}),
        });
        const serverLines: string[] = [];
        server.server.on('keylog', (line: Buffer) => serverLines.push(line.toString('latin1')));
        await using proxy = await startRecordProxy(server.port);
        const lines: string[] = [];
        const conn = await connect(clientOptions(proxy.port, mode, lines));
        expect(conn.version).toBe('TLSv1.2');
        expect(conn.cipher.name).toBe(iana);
        expect(conn.alpnProtocol).toBe('http/1.1');
        const response = await getOver(conn);
        expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
        expect(response.endsWith(DEFAULT_BODY)).toBe(true);
        const seen = server.connections[0]!;
        expect(seen.protocol).toBe('TLSv1.2');
        expect(seen.cipher.name).toBe(suite);
        expect(seen.request).toMatch(/^GET \/ HTTP\/1\.1\r\n/);
        expect(serverHelloExtensions(proxy.records).has(EXTENDED_MASTER_SECRET)).toBe(mode === 'ems');
        // Node's server logs the same CLIENT_RANDOM line (its 'keylog' event) as our client.
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}\n$/);
        expect(serverLines).toEqual(lines);
      });
    }
  }
});

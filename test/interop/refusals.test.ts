/**
 * What both browsers refuse, refused the same way: servers that speak only TLS 1.0 or 1.1
 * (protocol_version — whoever notices first sends it: OpenSSL reads supported_versions and
 * refuses; GnuTLS answers 1.1 and we refuse), and servers forced to a cipher suite that no shipped
 * profile offers (handshake_failure from the server). The suites are checked against the union of
 * every profile's list first, so a future profile that adds one turns this file red by name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { listProfiles } from '../../src/profiles/index.js';
import { connect } from '../../src/tls/connect.js';
import { GREASE } from '../../src/vocabulary/hello-spec.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startGnutlsServer, startOpensslServer } from '../helpers/servers.js';
import { bothRefuse, interopSuite } from './harness.js';
import { tlsGet } from './support.js';

const suite = interopSuite('refusals (openssl, gnutls)');
let pki: Pki;

beforeAll(async () => {
  pki = await makePki();
});

/** Every cipher suite any shipped profile offers. */
function offeredByAnyProfile(): Set<number> {
  const all = new Set<number>();
  for (const profile of listProfiles()) for (const id of profile.tls.cipherSuites) if (id !== GREASE) all.add(id);
  return all;
}

describe('TLS 1.0 and 1.1 servers', () => {
  for (const [flag, version] of [
    ['-tls1_1', 'TLS 1.1'],
    ['-tls1', 'TLS 1.0'],
  ] as const) {
    suite.case(`openssl s_server ${flag} (${version} only, SECLEVEL=0)`, bothRefuse('protocol_version', 'received'), async (profile) => {
      const leaf = pki.leaves.rsa2048;
      await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: [flag, '-cipher', 'DEFAULT@SECLEVEL=0'] });
      const error = await tlsGet(pki, server.port, profile).then(() => undefined, (e: unknown) => e);
      // The server's own account of the refusal.
      await server.waitFor(/:unsupported protocol:/, 5_000);
      throw error ?? new Error('connected to a TLS 1.0/1.1-only server');
    });
  }
  for (const version of ['1.1', '1.0'] as const) {
    suite.case(`gnutls-serv NORMAL:-VERS-ALL:+VERS-TLS${version}`, bothRefuse('protocol_version', 'sent'), async (profile) => {
      const leaf = pki.leaves.rsa2048;
      await using server = await startGnutlsServer({ cert: leaf.chainPem, key: leaf.keyPem, args: ['-a', '--priority', `NORMAL:-VERS-ALL:+VERS-TLS${version}`] });
      await tlsGet(pki, server.port, profile);
    });
  }
});

/** Forced suites no profile offers: [OpenSSL name, id, leaf, TLS version]. */
const UNOFFERED: ReadonlyArray<readonly [string, number, 'rsa2048' | 'ecdsaP256', '1.2' | '1.3']> = [
  ['AES128-SHA256', 0x003c, 'rsa2048', '1.2'],
  ['AES256-SHA256', 0x003d, 'rsa2048', '1.2'],
  ['DHE-RSA-AES256-GCM-SHA384', 0x009f, 'rsa2048', '1.2'],
  ['ECDHE-ECDSA-AES128-CCM', 0xc0ac, 'ecdsaP256', '1.2'],
  ['ECDHE-ECDSA-CAMELLIA128-SHA256', 0xc072, 'ecdsaP256', '1.2'],
  ['TLS_AES_128_CCM_SHA256', 0x1304, 'ecdsaP256', '1.3'],
  ['TLS_AES_128_CCM_8_SHA256', 0x1305, 'ecdsaP256', '1.3'],
];

function serverArgs(name: string, version: '1.2' | '1.3'): string[] {
  return version === '1.3' ? ['-tls1_3', '-ciphersuites', name] : ['-tls1_2', '-cipher', `${name}@SECLEVEL=0`];
}

describe('cipher suites no shipped profile offers', () => {
  it('none of the forced suites is in any shipped profile', () => {
    const offered = offeredByAnyProfile();
    const clash = UNOFFERED.filter(([, id]) => offered.has(id)).map(([name]) => name);
    expect(clash, 'a profile now offers these suites: pick others for this file').toEqual([]);
  });

  for (const [name, , leafName, version] of UNOFFERED) {
    suite.case(`TLS ${version} server forced to ${name}`, bothRefuse('handshake_failure', 'received'), async (profile) => {
      const leaf = pki.leaves[leafName];
      await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: serverArgs(name, version) });
      const error = await tlsGet(pki, server.port, profile).then(() => undefined, (e: unknown) => e);
      await server.waitFor(/:no shared cipher:/, 5_000);
      throw error ?? new Error(`connected to a server forced to ${name}`);
    });
  }

  it('every shipped profile is refused by a TLS 1.2 server forced to AES128-SHA256', async () => {
    const leaf = pki.leaves.rsa2048;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: serverArgs('AES128-SHA256', '1.2') });
    const outcomes = new Map<string, string>();
    for (const profile of listProfiles()) {
      const outcome = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: profile.tls, timeout: 10_000 }).then(
        (conn) => {
          conn.destroy();
          return 'connected';
        },
        (error: unknown) => (error instanceof TLSError ? `${error.alertName} (${error.direction})` : String(error)),
      );
      outcomes.set(profile.id, outcome);
    }
    const unexpected = [...outcomes].filter(([, outcome]) => outcome !== 'handshake_failure (received)');
    expect(unexpected, 'profiles not refused with the server’s handshake_failure').toEqual([]);
    expect(outcomes.size).toBeGreaterThan(10);
  });
});

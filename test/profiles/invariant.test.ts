// The invariant over every shipped profile: each cipher suite and group it offers completes a
// handshake against a real server forced to it (OpenSSL 3.0 via s_server; X25519MLKEM768 via
// Node 26's OpenSSL 3.5, which accepts nothing else).
import { beforeAll, describe, expect, it } from 'vitest';
import { cipherSuite } from '../../src/vocabulary/cipher-suites.js';
import { connect } from '../../src/tls/connect.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { GREASE } from '../../src/vocabulary/hello-spec.js';
import { listProfiles } from '../../src/profiles/index.js';
import { makePki, pemToDers, type Pki } from '../helpers/pki.js';
import { startNode26TlsServer, startOpensslServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';
import { KYBER_SERVER_BODY, startKyberServer } from './chromium-kyber-server.js';

/** OpenSSL's names for the suites browsers offer. */
const opensslSuite: Record<number, string> = {
  0x1301: 'TLS_AES_128_GCM_SHA256',
  0x1302: 'TLS_AES_256_GCM_SHA384',
  0x1303: 'TLS_CHACHA20_POLY1305_SHA256',
  0xc02b: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  0xc02f: 'ECDHE-RSA-AES128-GCM-SHA256',
  0xc02c: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  0xc030: 'ECDHE-RSA-AES256-GCM-SHA384',
  0xcca9: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  0xcca8: 'ECDHE-RSA-CHACHA20-POLY1305',
  0xc009: 'ECDHE-ECDSA-AES128-SHA',
  0xc00a: 'ECDHE-ECDSA-AES256-SHA',
  0xc013: 'ECDHE-RSA-AES128-SHA',
  0xc014: 'ECDHE-RSA-AES256-SHA',
  0x009c: 'AES128-GCM-SHA256',
  0x009d: 'AES256-GCM-SHA384',
  0x002f: 'AES128-SHA',
  0x0035: 'AES256-SHA',
  0xc023: 'ECDHE-ECDSA-AES128-SHA256',
  0xc024: 'ECDHE-ECDSA-AES256-SHA384',
  0xc027: 'ECDHE-RSA-AES128-SHA256',
  0xc028: 'ECDHE-RSA-AES256-SHA384',
  0x003c: 'AES128-SHA256',
  0x003d: 'AES256-SHA256',
};

/**
 * Offered for fidelity, refused by name when a server picks them (issue 5's documented refusals):
 * 3DES suites (Safari, old apps) — no OpenSSL here negotiates them any more; the refusal itself is
 * tested against gnutls-serv in others-invariant.test.ts.
 */
function documentedRefusal(id: number): boolean {
  const info = cipherSuite(id);
  return info?.version === 'tls12' && info.cipher.kind === 'cbc' && info.cipher.blockCipher === '3des';
}

/** OpenSSL's names for the groups browsers offer (TLS 1.3 key exchange). */
const opensslGroup: Record<number, string> = {
  [Group.x25519]: 'X25519',
  [Group.secp256r1]: 'P-256',
  [Group.secp384r1]: 'P-384',
  [Group.secp521r1]: 'P-521',
  [Group.ffdhe2048]: 'ffdhe2048',
  [Group.ffdhe3072]: 'ffdhe3072',
};

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

const profiles = listProfiles();

describe('every shipped profile completes each suite and group it offers', () => {
  it('ships at least the current Chrome and Firefox', () => {
    expect(profiles.map((p) => p.id)).toEqual(expect.arrayContaining(['chrome_156', 'firefox_153']));
  });

  for (const profile of profiles) {
    const suites = profile.tls.cipherSuites.filter((c): c is number => c !== GREASE && !documentedRefusal(c));
    const versions = profile.tls.extensions.find((e) => e.type === 'supported_versions');
    const offersTls13 = versions?.type === 'supported_versions' && versions.versions.includes(0x0304);
    const groupsExtension = profile.tls.extensions.find((e) => e.type === 'supported_groups');
    const groups = groupsExtension?.type === 'supported_groups' ? groupsExtension.groups.filter((g): g is number => g !== GREASE) : [];

    for (const id of suites) {
      const info = cipherSuite(id);
      it(`${profile.id}: suite ${info?.name ?? id.toString(16)}`, async () => {
        expect(info, `suite 0x${id.toString(16)} offered but not implemented`).toBeDefined();
        const name = opensslSuite[id];
        expect(name, `no OpenSSL name for 0x${id.toString(16)}`).toBeDefined();
        const ecdsa = info!.version === 'tls12' && info!.kex === 'ecdhe-ecdsa';
        const leaf = ecdsa ? pki.leaves.ecdsaP256 : pki.leaves.rsa2048;
        const args = info!.version === 'tls13' ? ['-tls1_3', '-ciphersuites', name!] : ['-tls1_2', '-cipher', name!];
        await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args });
        const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: profile.tls });
        expect(conn.cipher.id).toBe(id);
        expect(await getOver(conn)).toContain('200 ok');
      });
    }

    for (const group of groups) {
      it(`${profile.id}: group 0x${group.toString(16)}`, async () => {
        const leaf = pki.leaves.ecdsaP256;
        if (group === Group.x25519kyber768draft00) {
          // No TLS library here speaks this draft group: a scripted TLS 1.3 server (chromium-kyber-server.ts).
          const kyber = await startKyberServer(leaf.keyPem, pemToDers(leaf.chainPem));
          try {
            const conn = await connect({ host: '127.0.0.1', port: kyber.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: profile.tls });
            expect(conn.group).toBe(group);
            expect((await getOver(conn)).endsWith(KYBER_SERVER_BODY)).toBe(true);
          } finally {
            await new Promise<void>((resolve) => kyber.server.close(() => resolve()));
          }
          return;
        }
        if (group === Group.x25519mlkem768) {
          await using server = await startNode26TlsServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, ecdhCurve: 'X25519MLKEM768' });
          const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: profile.tls });
          expect(conn.group).toBe(group);
          expect(await getOver(conn)).toContain('200 OK');
          return;
        }
        const name = opensslGroup[group];
        expect(name, `no OpenSSL name for group 0x${group.toString(16)}`).toBeDefined();
        // A TLS 1.2-only hello meets the group in ECDHE; X25519 and NIST curves only there.
        const args = offersTls13 ? ['-tls1_3', '-groups', name!] : ['-tls1_2', '-cipher', 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA', '-groups', name!];
        if (!offersTls13 && (group === Group.ffdhe2048 || group === Group.ffdhe3072)) return; // FFDHE groups apply to TLS 1.3 only
        await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args });
        const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: profile.tls });
        if (offersTls13) expect(conn.group).toBe(group);
        expect(await getOver(conn)).toContain('200 ok');
      });
    }
  }
});

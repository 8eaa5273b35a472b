// What invariant.test.ts cannot force for the non-Chromium profiles, forced here against real
// servers: the CBC-SHA256/384 suites only an app stack offers, the groups of the TLS 1.2-only
// hellos (invariant.test.ts forces groups over TLS 1.3), the documented 3DES refusal (OpenSSL 3
// no longer negotiates 3DES, GnuTLS 3.7 still does), and old protocol versions Safari offers.
import { beforeAll, describe, expect, it } from 'vitest';
import { TLSError } from '../../src/errors.js';
import { listProfiles } from '../../src/profiles/registry.js';
import type { Profile } from '../../src/profiles/types.js';
import { cipherSuite } from '../../src/vocabulary/cipher-suites.js';
import { connect } from '../../src/tls/connect.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { GREASE } from '../../src/vocabulary/hello-spec.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { DEFAULT_BODY, startGnutlsServer, startNodeTlsServer, startOpensslServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

const ours = listProfiles().filter((p) => p.browser !== 'chrome' || p.id === 'mesh_android');

function suites(p: Profile): number[] {
  return p.tls.cipherSuites.filter((c): c is number => c !== GREASE);
}

function groups(p: Profile): number[] {
  const ext = p.tls.extensions.find((e) => e.type === 'supported_groups');
  return ext?.type === 'supported_groups' ? ext.groups.filter((g): g is number => g !== GREASE) : [];
}

function offersTls13(p: Profile): boolean {
  const ext = p.tls.extensions.find((e) => e.type === 'supported_versions');
  return ext?.type === 'supported_versions' && ext.versions.includes(0x0304);
}

/** OpenSSL's names for the suites invariant.test.ts has no name for. */
const SHA2_CBC: Record<number, string> = {
  0xc023: 'ECDHE-ECDSA-AES128-SHA256',
  0xc024: 'ECDHE-ECDSA-AES256-SHA384',
  0xc027: 'ECDHE-RSA-AES128-SHA256',
  0xc028: 'ECDHE-RSA-AES256-SHA384',
};

const TLS12_GROUP: Record<number, string> = { [Group.x25519]: 'X25519', [Group.secp256r1]: 'P-256', [Group.secp384r1]: 'P-384', [Group.secp521r1]: 'P-521' };

describe('CBC-SHA256/384 suites (mesh_ios_2) complete against openssl s_server', () => {
  for (const profile of ours) {
    for (const id of suites(profile).filter((s) => SHA2_CBC[s])) {
      it(`${profile.id}: ${cipherSuite(id)!.name}`, async () => {
        const ecdsa = cipherSuite(id)!.version === 'tls12' && (cipherSuite(id) as { kex: string }).kex === 'ecdhe-ecdsa';
        const leaf = ecdsa ? pki.leaves.ecdsaP256 : pki.leaves.rsa2048;
        await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', '-cipher', SHA2_CBC[id]!] });
        const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: profile.tls });
        expect(conn.cipher.id).toBe(id);
        expect(await getOver(conn)).toContain('200 ok');
      });
    }
  }
});

describe('groups of the TLS 1.2-only hellos complete over TLS 1.2 ECDHE', () => {
  for (const profile of ours.filter((p) => !offersTls13(p))) {
    for (const group of groups(profile)) {
      it(`${profile.id}: group 0x${group.toString(16)}`, async () => {
        const leaf = pki.leaves.rsa2048;
        await using server = await startOpensslServer({
          cert: leaf.certPem,
          key: leaf.keyPem,
          chain: leaf.chainPem,
          args: ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256', '-groups', TLS12_GROUP[group]!],
        });
        const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: profile.tls });
        expect(conn.version).toBe('TLSv1.2');
        expect(conn.group).toBe(group);
        expect(await getOver(conn)).toContain('200 ok');
      });
    }
  }
});

/** GnuTLS priority strings that leave the server exactly one 3DES suite to pick. */
const DES_PRIORITY: Record<number, { priority: string; ecdsa: boolean }> = {
  0x000a: { priority: 'NONE:+VERS-TLS1.2:+3DES-CBC:+SHA1:+RSA:+COMP-NULL:+SIGN-ALL:+CURVE-ALL', ecdsa: false },
  0xc012: { priority: 'NONE:+VERS-TLS1.2:+3DES-CBC:+SHA1:+ECDHE-RSA:+COMP-NULL:+SIGN-ALL:+CURVE-ALL', ecdsa: false },
  0xc008: { priority: 'NONE:+VERS-TLS1.2:+3DES-CBC:+SHA1:+ECDHE-ECDSA:+COMP-NULL:+SIGN-ALL:+CURVE-ALL', ecdsa: true },
};

describe('3DES suites are offered for fidelity and refused by name when a server picks one (gnutls-serv)', () => {
  const offering = ours.filter((p) => suites(p).some((s) => DES_PRIORITY[s]));

  it('Safari through iOS 26 and the MMS app stacks offer them', () => {
    expect(offering.map((p) => p.id)).toEqual(expect.arrayContaining(['safari_16_0', 'safari_ios_18_5', 'safari_ios_26_0', 'mms_ios']));
  });

  for (const id of Object.keys(DES_PRIORITY).map(Number)) {
    it(`safari_16_0: ${cipherSuite(id)!.name} fails with a TLSError naming the suite`, async () => {
      const profile = offering.find((p) => p.id === 'safari_16_0')!;
      const { priority, ecdsa } = DES_PRIORITY[id]!;
      const leaf = ecdsa ? pki.leaves.ecdsaP256 : pki.leaves.rsa2048;
      await using server = await startGnutlsServer({ cert: leaf.certPem + leaf.chainPem, key: leaf.keyPem, args: ['--priority', priority] });
      const error = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: profile.tls }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TLSError);
      expect((error as TLSError).message).toContain(cipherSuite(id)!.name);
      expect((error as TLSError).alertName).toBe('handshake_failure');
    });
  }
});

describe('every non-Chromium profile completes a handshake with Node 20 (OpenSSL 3.0) at the best version it offers', () => {
  for (const profile of ours) {
    it(`${profile.id}: ${offersTls13(profile) ? 'TLS 1.3' : 'TLS 1.2'}`, async () => {
      const leaf = pki.leaves.ecdsaP256;
      await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, ALPNProtocols: ['http/1.1'] });
      const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: profile.tls, alpn: ['http/1.1'] });
      try {
        expect(conn.version).toBe(offersTls13(profile) ? 'TLSv1.3' : 'TLSv1.2');
        // A hello without ALPN (mms_ios, mms_ios_2) negotiates none: HTTP/1.1 by default.
        const offersAlpn = profile.tls.extensions.some((e) => e.type === 'alpn');
        expect(conn.alpnProtocol).toBe(offersAlpn ? 'http/1.1' : false);
        expect((await getOver(conn)).endsWith(DEFAULT_BODY)).toBe(true);
      } finally {
        conn.destroy();
      }
    });
  }
});

/**
 * Interop with `openssl s_server` (OpenSSL 3.0): TLS 1.3 suites and groups (with and without a
 * HelloRetryRequest), TLS 1.2 suites, every leaf key type, resumption (1.3 tickets, 1.2 tickets
 * and session ids, after an HRR) and CertificateRequest — each with Chrome's and Firefox's exact
 * ClientHello. s_server's `-www` status page is the server's own account: "New"/"Reused", the
 * shared groups, and "no client certificate available".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { Group } from '../../src/tls/crypto/provider.js';
import { MemorySession12Cache } from '../../src/tls/session12.js';
import { MemoryTicketStore13 } from '../../src/tls/session13.js';
import { connect } from '../../src/tls/connect.js';
import { getProfile } from '../../src/profiles/index.js';
import { makePki, type LeafEntry, type Pki } from '../helpers/pki.js';
import { startOpensslServer } from '../helpers/servers.js';
import { BOTH_OK, bothRefuse, interopSuite, onlyFirefox, type Expectations, type ProfileName } from './harness.js';
import { issueP521Leaf, tlsGet, versionLine, type ExtraLeaf } from './support.js';

const suite = interopSuite('openssl s_server');
let pki: Pki;
let extraDir: string;
let p521Leaf: ExtraLeaf;

beforeAll(async () => {
  pki = await makePki();
  extraDir = await mkdtemp(join(tmpdir(), 'tls-requests-interop-openssl-'));
  p521Leaf = await issueP521Leaf(pki, extraDir);
  suite.label = `openssl s_server ${(await versionLine('openssl', ['version'])).split(' ')[1] ?? ''}`.trim();
});

afterAll(async () => {
  if (extraDir) await rm(extraDir, { recursive: true, force: true });
});

type Leaf = Pick<LeafEntry, 'certPem' | 'keyPem' | 'chainPem'>;

/** Starts s_server -www with `leaf` and `args`, GETs / with the profile, returns what both sides saw. */
async function exchange(profile: ProfileName, leaf: Leaf, args: string[]): Promise<{ response: string; conn: Awaited<ReturnType<typeof tlsGet>>['conn'] }> {
  await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args });
  const { conn, response } = await tlsGet(pki, server.port, profile);
  expect(response).toMatch(/^HTTP\/1\.0 200 ok/);
  return { conn, response };
}

describe('TLS 1.3 cipher suites', () => {
  for (const name of ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']) {
    suite.case(`TLS 1.3 ${name}`, BOTH_OK, async (profile) => {
      const { conn, response } = await exchange(profile, pki.leaves.ecdsaP256, ['-tls1_3', '-ciphersuites', name]);
      expect([conn.version, conn.cipher.name]).toEqual(['TLSv1.3', name]);
      expect(response).toContain(`New, TLSv1.3, Cipher is ${name}`);
    });
  }
});

describe('TLS 1.3 groups and HelloRetryRequest', () => {
  // Key shares: Chrome sends X25519MLKEM768 and X25519; Firefox those and P-256. A group in
  // supported_groups without a share costs a HelloRetryRequest; one not offered at all fails.
  const cases: Array<{ group: string; id: number; expectations: Expectations; hrr: Record<ProfileName, boolean> }> = [
    { group: 'X25519', id: Group.x25519, expectations: BOTH_OK, hrr: { chrome: false, firefox: false } },
    { group: 'P-256', id: Group.secp256r1, expectations: BOTH_OK, hrr: { chrome: true, firefox: false } },
    { group: 'P-384', id: Group.secp384r1, expectations: BOTH_OK, hrr: { chrome: true, firefox: true } },
    { group: 'P-521', id: Group.secp521r1, expectations: onlyFirefox(), hrr: { chrome: true, firefox: true } },
    { group: 'ffdhe2048', id: Group.ffdhe2048, expectations: onlyFirefox(), hrr: { chrome: true, firefox: true } },
  ];
  for (const { group, id, expectations, hrr } of cases) {
    suite.case(`TLS 1.3 group ${group} only`, expectations, async (profile) => {
      const { conn, response } = await exchange(profile, pki.leaves.ecdsaP256, ['-tls1_3', '-groups', group]);
      expect(conn.group).toBe(id);
      expect(conn.helloRetried).toBe(hrr[profile]);
      expect(response).toMatch(/Shared groups: \S+/);
    });
  }
});

describe('TLS 1.2 cipher suites', () => {
  const cases: Array<{ suite: string; leaf: 'rsa2048' | 'ecdsaP256'; expectations: Expectations }> = [
    { suite: 'ECDHE-ECDSA-AES128-GCM-SHA256', leaf: 'ecdsaP256', expectations: BOTH_OK },
    { suite: 'ECDHE-RSA-AES256-GCM-SHA384', leaf: 'rsa2048', expectations: BOTH_OK },
    { suite: 'ECDHE-ECDSA-CHACHA20-POLY1305', leaf: 'ecdsaP256', expectations: BOTH_OK },
    { suite: 'ECDHE-RSA-AES128-SHA', leaf: 'rsa2048', expectations: BOTH_OK },
    { suite: 'AES256-GCM-SHA384', leaf: 'rsa2048', expectations: BOTH_OK },
    // Firefox keeps ECDHE-ECDSA-AES256-SHA (c00a); Chrome dropped the ECDSA CBC suites.
    { suite: 'ECDHE-ECDSA-AES256-SHA', leaf: 'ecdsaP256', expectations: onlyFirefox() },
    // Neither browser offers finite-field DHE suites any more.
    { suite: 'DHE-RSA-AES128-GCM-SHA256', leaf: 'rsa2048', expectations: bothRefuse('handshake_failure', 'received') },
  ];
  for (const { suite: name, leaf, expectations } of cases) {
    suite.case(`TLS 1.2 ${name}`, expectations, async (profile) => {
      const { conn, response } = await exchange(profile, pki.leaves[leaf], ['-tls1_2', '-cipher', name]);
      expect(conn.version).toBe('TLSv1.2');
      expect(response).toContain(`Cipher is ${name}`);
    });
  }
});

describe('leaf key types', () => {
  // Neither browser offers ed25519 (0x0807) nor rsa_pss_pss_* (0x0809..) in signature_algorithms:
  // a server holding only such a certificate has nothing to sign with and aborts.
  const cases: Array<{ leaf: string; get: () => Leaf; scheme: number; expectations: Expectations }> = [
    { leaf: 'RSA 2048', get: () => pki.leaves.rsa2048, scheme: 0x0804, expectations: BOTH_OK },
    { leaf: 'ECDSA P-256', get: () => pki.leaves.ecdsaP256, scheme: 0x0403, expectations: BOTH_OK },
    { leaf: 'ECDSA P-384', get: () => pki.leaves.ecdsaP384, scheme: 0x0503, expectations: BOTH_OK },
    { leaf: 'ECDSA P-521', get: () => p521Leaf, scheme: 0x0603, expectations: onlyFirefox() },
    { leaf: 'Ed25519', get: () => pki.leaves.ed25519, scheme: 0x0807, expectations: bothRefuse('handshake_failure', 'received') },
    { leaf: 'RSA-PSS', get: () => pki.leaves.rsaPss, scheme: 0x0809, expectations: bothRefuse('handshake_failure', 'received') },
  ];
  for (const version of ['1.3', '1.2'] as const) {
    for (const { leaf, get, scheme, expectations } of cases) {
      // P-521 in TLS 1.2: the curve must be in supported_groups, which again only Firefox offers.
      suite.case(`TLS ${version} ${leaf} leaf`, expectations, async (profile) => {
        const { conn } = await exchange(profile, get(), [version === '1.3' ? '-tls1_3' : '-tls1_2']);
        expect(conn.version).toBe(`TLSv${version}`);
        if (version === '1.3') expect(conn.signatureScheme).toBe(scheme);
      });
    }
  }
});

describe('session resumption (the server reports "Reused")', () => {
  const resumes = async (profile: ProfileName, args: string[], leaf: Leaf = pki.leaves.ecdsaP256): Promise<void> => {
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args });
    const caches = { sessionCache: new MemoryTicketStore13(), session12Cache: new MemorySession12Cache() };
    const first = await tlsGet(pki, server.port, profile, caches);
    expect(first.conn.resumed).toBe(false);
    expect(first.response).toMatch(/\nNew, /);
    const second = await tlsGet(pki, server.port, profile, caches);
    expect(second.conn.resumed).toBe(true);
    expect(second.response).toMatch(/\nReused, /);
  };
  suite.case('TLS 1.3 ticket (PSK-DHE)', BOTH_OK, (profile) => resumes(profile, ['-tls1_3']));
  suite.case('TLS 1.3 ticket after a HelloRetryRequest (P-384 only)', BOTH_OK, (profile) => resumes(profile, ['-tls1_3', '-groups', 'P-384']));
  suite.case('TLS 1.2 session ticket', BOTH_OK, (profile) => resumes(profile, ['-tls1_2']));
  suite.case('TLS 1.2 session id (-no_ticket)', BOTH_OK, (profile) => resumes(profile, ['-tls1_2', '-no_ticket']));
});

describe('CertificateRequest', () => {
  for (const version of ['1.3', '1.2'] as const) {
    const flag = version === '1.3' ? '-tls1_3' : '-tls1_2';
    suite.case(`TLS ${version} optional: answered with an empty Certificate`, BOTH_OK, async (profile) => {
      const { response } = await exchange(profile, pki.leaves.ecdsaP256, [flag, '-verify', '1']);
      expect(response).toContain('no client certificate available');
    });
    // A browser without a client certificate fails too: TLS 1.3 servers say certificate_required.
    suite.case(
      `TLS ${version} required: the server's alert`,
      bothRefuse(version === '1.3' ? 'certificate_required' : 'handshake_failure', 'received'),
      async (profile) => {
        await exchange(profile, pki.leaves.ecdsaP256, [flag, '-Verify', '1']);
      },
    );
  }
});

describe('flights on the wire', () => {
  // BoringSSL (Chrome) and NSS (Firefox) buffer a whole flight and flush it with one write, so each
  // flight leaves as one TCP segment (fixtures/captures: chromium-156-1.pcap frame 15 and
  // firefox-153-1.pcap frame 8 each carry ChangeCipherSpec + Finished, 64 bytes, in one segment);
  // a passive observer counts segments. Ours must do the same:
  // the ClientHello, then the client's second flight (TLS 1.3: ChangeCipherSpec, [Certificate],
  // Finished; TLS 1.2: ClientKeyExchange, ChangeCipherSpec, Finished) in one write.
  const cases: Array<{ name: string; args: string[] }> = [
    { name: 'TLS 1.3: ChangeCipherSpec + Finished', args: ['-tls1_3'] },
    { name: 'TLS 1.3 with CertificateRequest: ChangeCipherSpec + Certificate + Finished', args: ['-tls1_3', '-verify', '1'] },
    { name: 'TLS 1.2: ClientKeyExchange + ChangeCipherSpec + Finished', args: ['-tls1_2'] },
  ];
  for (const { name, args } of cases) {
    suite.case(`one write per flight, ${name}`, BOTH_OK, async (profile) => {
      const leaf = pki.leaves.ecdsaP256;
      await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args });
      const socket = net.connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      // Every record-layer write of the handshake, as [content type, length] of its first record.
      const writes: string[] = [];
      const write = socket.write.bind(socket) as (chunk: Uint8Array, ...rest: unknown[]) => boolean;
      const spy = (chunk: Uint8Array, ...rest: unknown[]): boolean => {
        writes.push(`${chunk.length} bytes (first record type ${chunk[0]})`);
        return write(chunk, ...rest);
      };
      Object.assign(socket, { write: spy });
      const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: getProfile(profile).tls, socket, timeout: 10_000 });
      const handshakeWrites = [...writes];
      conn.destroy();
      socket.destroy();
      expect(handshakeWrites.length, `writes during the handshake (the ClientHello, then one per flight): ${handshakeWrites.join('; ')}`).toBe(2);
    });
  }
});

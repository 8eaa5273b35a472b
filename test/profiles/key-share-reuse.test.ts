// Issue 17 item 1: Firefox (NSS) puts one X25519 key in two shares, the X25519MLKEM768 share's last
// 32 bytes and the x25519 share (NSS lib/ssl/tls13con.c tls13_CreateKeyShare); Chrome (BoringSSL
// ssl_key_share.cc) draws a key per share. The captures (fixtures/captures) show both; our hellos, built the way a connection builds them and read off the
// wire of a real connect(), must show the same, and the reused key must still derive the secret
// with a server that picks either group.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { findExtension, parseClientHello } from '../../src/fingerprint/index.js';
import { getProfile, listProfiles } from '../../src/profiles/registry.js';
import { connect } from '../../src/tls/connect.js';
import { Group } from '../../src/tls/crypto/provider.js';
import { sharesReuseEcdhKey } from '../../src/tls/hello/key-shares.js';
import { hex } from '../../src/tls/wire/writer.js';
import { fixturePath } from '../helpers/fixtures.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { DEFAULT_BODY, startNode26TlsServer, startNodeTlsServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';
import { buildProfileHello } from './hello.js';

interface Shares {
  hybridTail: string;
  x25519: string;
  groups: number[];
  lengths: number[];
}

function shares(hello: Uint8Array): Shares {
  const list = findExtension(parseClientHello(hello), 'key_share')?.shares ?? [];
  const real = list.filter((s) => !s.grease);
  const hybrid = real.find((s) => s.group === Group.x25519mlkem768);
  const x25519 = real.find((s) => s.group === Group.x25519);
  if (!hybrid || !x25519) throw new Error('hello without X25519MLKEM768 and x25519 shares');
  return { hybridTail: hex(hybrid.key.slice(-32)), x25519: hex(x25519.key), groups: real.map((s) => s.group), lengths: real.map((s) => s.key.length) };
}

const fixtureHex = (file: string): Uint8Array => Uint8Array.from(Buffer.from(readFileSync(fixturePath('captures', file), 'utf8').replace(/\s+/g, ''), 'hex'));
const captures = readdirSync(fixturePath('captures'))
  .filter((f) => f.endsWith('.clienthello.hex'))
  .sort().filter((f) => f.startsWith('chromium-156') || f.startsWith('firefox-153'));

describe('X25519 key reuse in the hybrid share', () => {
  it('has the Chromium and Firefox captures in fixtures/captures', () => {
    expect(captures.filter((f) => f.startsWith('firefox-')).length).toBeGreaterThanOrEqual(3);
    expect(captures.filter((f) => f.startsWith('chromium-')).length).toBeGreaterThanOrEqual(6);
  });

  it.each(captures)('%s: Firefox reuses the key, Chromium does not', (file) => {
    const s = shares(fixtureHex(file));
    const firefox = file.startsWith('firefox-');
    expect(s.hybridTail === s.x25519).toBe(firefox);
    expect(sharesReuseEcdhKey(findExtension(parseClientHello(fixtureHex(file)), 'key_share')!.shares)).toBe(firefox);
  });

  for (const [id, capture] of [
    ['firefox_153', 'firefox-153-1.clienthello.hex'],
    ['chrome_156', 'chromium-156-1.clienthello.hex'],
  ] as const) {
    it(`${id}: our hello's shares relate as in ${capture}, same groups and lengths`, () => {
      const real = shares(fixtureHex(capture));
      for (let i = 0; i < 5; i++) {
        const ours = shares(buildProfileHello(getProfile(id).tls));
        expect(ours.groups).toEqual(real.groups);
        expect(ours.lengths).toEqual(real.lengths);
        expect(ours.hybridTail === ours.x25519).toBe(real.hybridTail === real.x25519);
        // Fresh keys per hello all the same.
        expect(ours.x25519).not.toBe(real.x25519);
      }
    });
  }

  it('every profile of an NSS browser with a hybrid and its classical share reuses; no Chrome profile does', () => {
    for (const profile of listProfiles()) {
      const ext = profile.tls.extensions.find((e) => e.type === 'key_share');
      if (ext?.type !== 'key_share') continue;
      const both = ext.groups.includes(Group.x25519mlkem768) && ext.groups.includes(Group.x25519);
      if (profile.browser === 'firefox' && both) expect(ext.reuseEcdhKey, profile.id).toBe(true);
      if (profile.browser === 'chrome') expect(ext.reuseEcdhKey, profile.id).toBeUndefined();
    }
  });
});

describe('the reused key on the wire and in the handshake (firefox_153)', () => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await makePki();
  });

  /** The ClientHello record a real connect() writes, read by a TCP server that then hangs up. */
  async function wireHello(id: string): Promise<Uint8Array> {
    let resolveHello!: (b: Uint8Array) => void;
    const got = new Promise<Uint8Array>((r) => (resolveHello = r));
    const server = createServer((socket: Socket) => {
      let buf = Buffer.alloc(0);
      socket.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 5 && buf.length >= 5 + buf.readUInt16BE(3)) {
          resolveHello(Uint8Array.from(buf.subarray(5, 5 + buf.readUInt16BE(3))));
          socket.destroy();
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const attempt = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: pki.ca, hello: getProfile(id).tls }).catch(() => undefined);
      const hello = await got;
      await attempt;
      return hello;
    } finally {
      server.close();
    }
  }

  it('sends one X25519 key twice (firefox_153) and two keys (chrome_156)', async () => {
    const ff = shares(await wireHello('firefox_153'));
    expect(ff.hybridTail).toBe(ff.x25519);
    const chrome = shares(await wireHello('chrome_156'));
    expect(chrome.hybridTail).not.toBe(chrome.x25519);
  });

  it('completes with a server that picks X25519MLKEM768 (Node 26)', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNode26TlsServer({ key: leaf.keyPem, cert: leaf.certPem, chain: leaf.chainPem, alpn: ['http/1.1'], ecdhCurve: 'X25519MLKEM768' });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: getProfile('firefox_153').tls, alpn: ['http/1.1'] });
    expect(conn.group).toBe(Group.x25519mlkem768);
    expect(await getOver(conn)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('completes with a server that picks x25519 (Node 20)', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem, ALPNProtocols: ['http/1.1'], ecdhCurve: 'X25519' });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: getProfile('firefox_153').tls, alpn: ['http/1.1'] });
    expect(conn.group).toBe(Group.x25519);
    expect((await getOver(conn)).endsWith(DEFAULT_BODY)).toBe(true);
  });
});

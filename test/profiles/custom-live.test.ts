// Live, against the echo server: a clone of every capture completes a real handshake with fresh
// key shares and shows the capture's JA4 and JA3; a profile built from a JA3 shows that JA3; and
// `new AsyncClient({ ja3, akamai })` shows both, end to end through the worker pool. Then what
// `allowUnimplemented` offers: a server that takes one of those offers up gets a clear TLSError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestError, TLSError } from '../../src/errors.js';
import { startEchoServer, type EchoReport, type EchoServer } from '../../src/fingerprint/echo/index.js';
import { findExtension, parseClientHello } from '../../src/fingerprint/index.js';
import { AsyncClient } from '../../src/index.js';
import { closeDefaultPool } from '../../src/pool/index.js';
import { profileFromClientHello } from '../../src/fingerprint/clone/from-client-hello.js';
import { profileFromJa3 } from '../../src/profiles/custom/index.js';
import type { Profile } from '../../src/profiles/types.js';
import { connect } from '../../src/tls/connect.js';
import { hex } from '../../src/tls/wire/writer.js';
import { captureJson, helloLabels, readCapture } from '../fingerprint/captures.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startOpensslServer } from '../helpers/servers.js';

let echo: EchoServer;
let pki: Pki;

beforeAll(async () => {
  [echo, pki] = await Promise.all([startEchoServer(), makePki()]);
});

afterAll(async () => {
  await closeDefaultPool();
  await echo?.close();
});

const fingerprints = (label: string): { ja3_full: string; ja4: string } => captureJson(label).client_hello.fingerprints;
const akamaiOf = (label: string): string => captureJson(label).h2!.akamai;

async function report(options: ConstructorParameters<typeof AsyncClient>[0]): Promise<EchoReport> {
  await using client = new AsyncClient({ ca: echo.ca, ...options });
  const response = await client.get(echo.url);
  expect(response.status).toBe(200);
  return response.json<EchoReport>();
}

describe.each(helloLabels().map((l) => [l] as const))('a clone of %s, through AsyncClient', (label) => {
  it('completes a handshake with fresh key shares, and the echo server reports the capture\'s JA4 and JA3', async () => {
    const captured = parseClientHello(readCapture(`${label}.clienthello.hex`));
    const profile: Profile = profileFromClientHello(readCapture(`${label}.clienthello.hex`), { allowUnimplemented: /^(curl|node)-/.test(label) });
    const seen = await report({ clientIdentifier: profile });
    expect(seen.tls.negotiated.protocol).toBe('TLSv1.3');
    expect(seen.tls.ja4).toBe(fingerprints(label).ja4);
    // Chrome permutes its extensions on every connection, and so does its clone (issue 17 item 6):
    // its JA3 varies as Chromium's does; the others keep the captured order, so their JA3 is the capture's.
    const boringssl = captured.extensions.some((e) => e.grease);
    if (!boringssl) expect(seen.tls.ja3).toBe(fingerprints(label).ja3_full);
    // Node offered no ALPN: HTTP/1.1; the others h2 first.
    expect(seen.httpVersion).toBe(findExtension(captured, 'alpn') ? 'HTTP/2' : 'HTTP/1.1');
    const sent = parseClientHello(seen.tls.clientHello);
    // BoringSSL draws the ECH GREASE payload length per connection (144..240): lengths agree but for it.
    const echPayload = (h: typeof sent): number => {
      const ech = findExtension(h, 'encrypted_client_hello');
      return ech?.echType === 'outer' ? ech.payloadLength : 0;
    };
    expect(sent.length - echPayload(sent)).toBe(captured.length - echPayload(captured));
    expect(hex(sent.random)).not.toBe(hex(captured.random));
    const theirs = findExtension(captured, 'key_share')!.shares.filter((s) => !s.grease);
    const ours = findExtension(sent, 'key_share')!.shares.filter((s) => !s.grease);
    expect(ours.map((s) => [s.group, s.length])).toEqual(theirs.map((s) => [s.group, s.length]));
    for (const [i, share] of ours.entries()) expect(hex(share.key)).not.toBe(hex(theirs[i]!.key));
  });
});

describe('a profile built from a JA3 string', () => {
  it('Firefox\'s JA3: the echo server shows exactly that JA3', async () => {
    const ja3 = fingerprints('firefox-153-1').ja3_full;
    const seen = await report({ clientIdentifier: profileFromJa3(ja3) });
    expect(seen.tls.ja3).toBe(ja3);
    expect(seen.tls.negotiated.protocol).toBe('TLSv1.3');
  });

  it('curl\'s JA3 (with allowUnimplemented): the echo server shows exactly that JA3, padding included', async () => {
    const ja3 = fingerprints('curl-7.88.1-1').ja3_full;
    const seen = await report({ clientIdentifier: profileFromJa3(ja3, { allowUnimplemented: true }) });
    expect(seen.tls.ja3).toBe(ja3);
    expect(parseClientHello(seen.tls.clientHello).length + 4).toBe(512);
  });

  it('Chromium\'s JA3 with a Chrome base: that JA3, and the capture\'s JA4 too', async () => {
    const { ja3_full: ja3, ja4 } = fingerprints('chromium-156-2');
    const seen = await report({ clientIdentifier: profileFromJa3(ja3) });
    expect(seen.tls.ja3).toBe(ja3);
    expect(seen.tls.ja4).toBe(ja4);
  });
});

describe('new AsyncClient({ ja3, akamai })', () => {
  it('shows both at the echo server: the JA3 in TLS, the Akamai string in HTTP/2', async () => {
    const ja3 = fingerprints('firefox-153-1').ja3_full;
    const akamai = akamaiOf('firefox-153-1');
    const seen = await report({ ja3, akamai });
    expect(seen.tls.ja3).toBe(ja3);
    expect(seen.httpVersion).toBe('HTTP/2');
    expect(seen.http2!.akamai).toBe(akamai);
  });

  it('akamai alone changes HTTP/2 only, over the chosen profile', async () => {
    const akamai = akamaiOf('curl-7.88.1-1');
    const seen = await report({ clientIdentifier: 'chrome_156', akamai });
    expect(seen.http2!.akamai).toBe(akamai);
    expect(seen.tls.ja4).toBe(fingerprints('chromium-156-1').ja4);
  });

  it('per request too, and a string that cannot be honoured is a RequestError before anything is sent', async () => {
    await using client = new AsyncClient({ ca: echo.ca });
    const ja3 = fingerprints('firefox-153-1').ja3_full;
    const seen = (await client.get(echo.url, { ja3 })).json<EchoReport>();
    expect(seen.tls.ja3).toBe(ja3);
    await expect(client.get(echo.url, { ja3: fingerprints('curl-7.88.1-1').ja3_full })).rejects.toThrow(/allowUnimplemented/);
    await expect(client.get(echo.url, { akamai: '1:65536|00|0|m,a' })).rejects.toBeInstanceOf(RequestError);
    expect(() => new AsyncClient({ ja3: '771,4865' })).toThrow(RequestError);
    expect(() => new AsyncClient({ akamai: 'nonsense' })).toThrow(RequestError);
  });
});

describe('what allowUnimplemented offers, taken up by a TLS 1.2 server', () => {
  const curl = (): Profile => profileFromJa3(fingerprints('curl-7.88.1-1').ja3_full, { allowUnimplemented: true });

  it('a DHE-CBC suite: the handshake fails with a TLSError naming it', async () => {
    const leaf = pki.leaves.rsa2048;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', '-cipher', 'DHE-RSA-AES128-SHA'] });
    const attempt = connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: curl().tls, alpn: ['http/1.1'] });
    await expect(attempt).rejects.toBeInstanceOf(TLSError);
    await expect(attempt).rejects.toThrow(/0x33 is offered for fidelity but not implemented/);
  });

  it('encrypt_then_mac accepted with a CBC suite: the handshake fails with a TLSError naming the extension', async () => {
    const leaf = pki.leaves.rsa2048;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-SHA'] });
    const attempt = connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: curl().tls, alpn: ['http/1.1'] });
    await expect(attempt).rejects.toBeInstanceOf(TLSError);
    await expect(attempt).rejects.toThrow(/extension 22/);
  });

  it('the same profile completes TLS 1.2 on a suite the engine implements', async () => {
    const leaf = pki.leaves.rsa2048;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256'] });
    const conn = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, hello: curl().tls, alpn: ['http/1.1'] });
    expect(conn.version).toBe('TLSv1.2');
    conn.destroy();
  });
});


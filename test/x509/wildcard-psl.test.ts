/**
 * Wildcards against the Public Suffix List, over a real TLS connection to a Node server on
 * 127.0.0.1: "*.co.uk" must not match "example.co.uk" (anyone may register under co.uk), while
 * "*.example.co.uk" and a private-registry wildcard such as "*.appspot.com" still match, as in
 * Chrome's X509Certificate::VerifyHostname (ICANN suffixes only). Plus the name rules alone.
 */
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateError } from '../../src/errors.js';
import { connect } from '../../src/tls/connect.js';
import { dnsNameMatches } from '../../src/tls/x509/hostname.js';
import { issueLeaf, makePki, type LeafEntry, type Pki } from '../helpers/pki.js';
import { getOver } from '../helpers/tls-get.js';

let pki: Pki;
let leaf: LeafEntry;
beforeAll(async () => {
  pki = await makePki();
  leaf = await issueLeaf(pki, { name: 'psl-wildcards', sans: ['DNS:*.co.uk', 'DNS:*.example.co.uk', 'DNS:*.appspot.com', 'DNS:*.kawasaki.jp'] });
});

async function connectAs(servername: string): Promise<unknown> {
  const server = tls.createServer({ key: leaf.keyPem, cert: leaf.chainPem }, (socket) => {
    socket.on('error', () => {});
    socket.on('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const conn = await connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername, ca: pki.ca, caOnly: true, alpn: ['http/1.1'] });
    return await getOver(conn);
  } catch (error) {
    return error;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('wildcards and the public suffix list', () => {
  it('"*.co.uk" does not match example.co.uk (hostname_mismatch)', async () => {
    const error = await connectAs('example.co.uk');
    expect(error).toBeInstanceOf(CertificateError);
    expect((error as CertificateError).reason).toBe('hostname_mismatch');
  });

  it('"*.kawasaki.jp" (a wildcard PSL rule) does not match foo.kawasaki.jp', async () => {
    expect(await connectAs('foo.kawasaki.jp')).toBeInstanceOf(CertificateError);
  });

  it('"*.example.co.uk" matches www.example.co.uk', async () => {
    expect(await connectAs('www.example.co.uk')).toMatch(/ok$/);
  });

  it('"*.appspot.com" matches (a private registry, as Chrome allows)', async () => {
    expect(await connectAs('myapp.appspot.com')).toMatch(/ok$/);
  });

  it('the name rule alone', () => {
    expect(dnsNameMatches('*.co.uk', 'example.co.uk')).toBe(false);
    expect(dnsNameMatches('*.CO.UK.', 'example.co.uk')).toBe(false);
    expect(dnsNameMatches('*.com.au', 'example.com.au')).toBe(false);
    expect(dnsNameMatches('*.github.io', 'user.github.io')).toBe(true);
    expect(dnsNameMatches('*.example.com', 'www.example.com')).toBe(true);
    // An unknown TLD counts as a registry (Chrome's INCLUDE_UNKNOWN_REGISTRIES).
    expect(dnsNameMatches('*.corp.internal', 'host.corp.internal')).toBe(true);
  });
});

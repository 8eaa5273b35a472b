/**
 * TLS 1.3 strictness against a real Node TLS 1.3 server on 127.0.0.1 (with a proxy in front to
 * play the man in the middle where the server would not misbehave by itself):
 * - a ServerHello extension RFC 8446 §4.2 does not allow there is illegal_parameter even when we
 *   offered it (ALPN, SNI), and one we never offered is unsupported_extension;
 * - an RSA leaf whose keyUsage lacks digitalSignature cannot sign CertificateVerify (NSS, BoringSSL);
 * - a fully qualified host ("localhost.") goes out in SNI without its trailing dot, as Chrome sends it.
 */
import tls, { type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateError, TLSError } from '../../src/errors.js';
import { connect } from '../../src/tls/connect.js';
import { issueLeaf, makePki, type LeafEntry, type Pki } from '../helpers/pki.js';
import { getOver } from '../helpers/tls-get.js';
import { handshakeRecord, splitHandshake, startRecordProxy, withServerHelloExtensions, type Tamper } from '../tls12/record-proxy.js';

let pki: Pki;
let encipherOnly: LeafEntry;
beforeAll(async () => {
  pki = await makePki();
  encipherOnly = await issueLeaf(pki, { name: 'rsa-encipher-only', keyType: 'rsa2048', keyUsage: ['keyEncipherment'] });
});

async function startServer(leaf: LeafEntry, onServername?: (name: string | false | null) => void): Promise<{ port: number; close(): Promise<void> }> {
  const server = tls.createServer({ key: leaf.keyPem, cert: leaf.chainPem, minVersion: 'TLSv1.3', ALPNProtocols: ['http/1.1'] }, (socket: TLSSocket) => {
    onServername?.(socket.servername);
    socket.on('error', () => {});
    socket.on('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const base = { host: '127.0.0.1', servername: 'localhost', alpn: ['http/1.1'] } as const;

function addToServerHello(type: number, data: Buffer): Tamper {
  return (from, recordType, record) => {
    if (from !== 'server' || recordType !== 22) return undefined;
    const messages = splitHandshake(record.subarray(5));
    const hello = messages.findIndex((m) => m.type === 2);
    if (hello < 0) return undefined;
    messages[hello] = { type: 2, body: withServerHelloExtensions(messages[hello]!.body, (exts) => [...exts, [type, data]]) };
    return handshakeRecord(messages);
  };
}

async function throughProxy(tamper: Tamper): Promise<{ error: unknown; ms: number }> {
  const server = await startServer(pki.leaves.ecdsaP256);
  const proxy = await startRecordProxy(server.port, tamper);
  const started = performance.now();
  try {
    await getOver(await connect({ ...base, port: proxy.port, ca: pki.ca, caOnly: true }));
    return { error: null, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  } finally {
    await proxy.stop();
    await server.close();
  }
}

describe('TLS 1.3 ServerHello extensions (RFC 8446 §4.2)', () => {
  it('the untouched handshake completes through the proxy', async () => {
    const { error } = await throughProxy(() => undefined);
    expect(error).toBeNull();
  });

  it('ALPN in a TLS 1.3 ServerHello is illegal_parameter although we offered ALPN', async () => {
    const alpn = Buffer.from([0, 9, 8, ...Buffer.from('http/1.1')]);
    const { error, ms } = await throughProxy(addToServerHello(16, alpn));
    expect(error).toBeInstanceOf(TLSError);
    expect((error as TLSError).alertName).toBe('illegal_parameter');
    expect((error as TLSError).direction).toBe('sent');
    expect((error as Error).message).toMatch(/extension 16/);
    expect(ms).toBeLessThan(2_000);
  });

  it('an empty server_name in a TLS 1.3 ServerHello is illegal_parameter (it belongs in EncryptedExtensions)', async () => {
    const { error } = await throughProxy(addToServerHello(0, Buffer.alloc(0)));
    expect((error as TLSError).alertName).toBe('illegal_parameter');
  });

  it('an extension we never offered is unsupported_extension', async () => {
    const { error } = await throughProxy(addToServerHello(0x5a5a + 1, Buffer.alloc(0)));
    expect((error as TLSError).alertName).toBe('unsupported_extension');
  });
});

describe('TLS 1.3 leaf key usage', () => {
  it('an RSA leaf with keyEncipherment but no digitalSignature is refused (key_usage)', async () => {
    const server = await startServer(encipherOnly);
    try {
      const error = await connect({ ...base, port: server.port, ca: pki.ca, caOnly: true }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CertificateError);
      expect((error as CertificateError).reason).toBe('key_usage');
      expect((error as Error).message).toMatch(/lacks digitalSignature/);
    } finally {
      await server.close();
    }
  });

  it('the same leaf is accepted with verify off (a key-usage mismatch is a certificate check)', async () => {
    const server = await startServer(encipherOnly);
    try {
      const conn = await connect({ ...base, port: server.port, verify: false });
      expect(await getOver(conn)).toMatch(/ok$/);
    } finally {
      await server.close();
    }
  });
});

describe('SNI of a fully qualified host', () => {
  it('"localhost." is sent as "localhost" and still matches the certificate', async () => {
    const seen: (string | false | null)[] = [];
    const server = await startServer(pki.leaves.ecdsaP256, (name) => seen.push(name));
    try {
      const conn = await connect({ ...base, servername: 'localhost.', port: server.port, ca: pki.ca, caOnly: true });
      expect(await getOver(conn)).toMatch(/ok$/);
      expect(seen).toEqual(['localhost']);
    } finally {
      await server.close();
    }
  });
});

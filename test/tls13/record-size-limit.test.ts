// record_size_limit (RFC 8449) against a real peer: GnuTLS implements it (OpenSSL does not), and
// gnutls-serv --recordsize makes it announce a small limit to a client that offered the extension
// (the Firefox profile sends 0x4001). A relay measures the records we send: none may carry more
// than limit bytes of TLSInnerPlaintext, and GnuTLS itself refuses a record over its limit.
import { connect as netConnect, createServer, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { cipherSuite } from '../../src/vocabulary/cipher-suites.js';
import { connect } from '../../src/tls/connect.js';
import { defaultProvider } from '../../src/tls/crypto/index.js';
import type { ClientHelloSpec } from '../../src/vocabulary/hello-spec.js';
import { hkdfExpandLabel } from '../../src/tls/key-schedule.js';
import { parseEncryptedExtensions } from '../../src/tls/messages/encrypted-extensions.js';
import { parseServerHello } from '../../src/tls/messages/server-hello.js';
import { Tls13Protection } from '../../src/tls/record/protection13.js';
import { fromHex } from '../../src/tls/wire/writer.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startGnutlsServer, startNode26TlsServer } from '../helpers/servers.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

/** A relay that notes the type and length of every record the client sends, and keeps the server's bytes. */
async function startRecordSizer(targetPort: number) {
  const records: { type: number; length: number }[] = [];
  const fromServer: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = netConnect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 5 && pending.length >= 5 + pending.readUInt16BE(3)) {
        records.push({ type: pending[0]!, length: pending.readUInt16BE(3) });
        pending = pending.subarray(5 + pending.readUInt16BE(3));
      }
    });
    upstream.on('data', (chunk: Buffer) => fromServer.push(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    records,
    fromServer,
    async [Symbol.asyncDispose]() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The record_size_limit in the server's EncryptedExtensions, read off the wire: the first protected
 * record decrypted with the SERVER_HANDSHAKE_TRAFFIC_SECRET from the key log.
 */
function announcedLimit(fromServer: Buffer[], keyLog: string[]): number | undefined {
  const bytes = Buffer.concat(fromServer);
  const records: { type: number; fragment: Buffer; header: Buffer }[] = [];
  for (let o = 0; o + 5 <= bytes.length; o += 5 + bytes.readUInt16BE(o + 3)) {
    records.push({ type: bytes[o]!, header: bytes.subarray(o, o + 5), fragment: bytes.subarray(o + 5, o + 5 + bytes.readUInt16BE(o + 3)) });
  }
  const serverHello = parseServerHello(records[0]!.fragment.subarray(4));
  const suite = cipherSuite(serverHello.cipherSuite)!;
  if (suite.version !== 'tls13') throw new Error('not TLS 1.3');
  const secret = fromHex(keyLog.find((l) => l.startsWith('SERVER_HANDSHAKE_TRAFFIC_SECRET'))!.split(' ')[2]!);
  const keyLength = suite.aead === 'aes-128-gcm' ? 16 : 32;
  const key = hkdfExpandLabel(defaultProvider, suite.hash, secret, 'key', new Uint8Array(0), keyLength);
  const iv = hkdfExpandLabel(defaultProvider, suite.hash, secret, 'iv', new Uint8Array(0), 12);
  const first = records.find((r) => r.type === 23)!;
  const opened = new Tls13Protection(defaultProvider.aead(suite.aead, key), iv).open(23, 0x0303, first.fragment);
  const ee = Buffer.from(opened.content);
  expect(ee[0]).toBe(8);
  return parseEncryptedExtensions(ee.subarray(4, 4 + ee.readUIntBE(1, 3)), ['http/1.1']).recordSizeLimit;
}

/** A GET whose header is `padding` bytes long, so the request spans many small records; the whole answer. */
async function bigGet(port: number, hello: ClientHelloSpec, padding: number, keyLog: string[] = []): Promise<string> {
  const conn = await connect({ host: '127.0.0.1', port, servername: 'localhost', alpn: ['http/1.1'], hello, ca: pki.ca, caOnly: true, keylog: (line) => keyLog.push(line.trim()) });
  conn.write(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Pad: ${'a'.repeat(padding)}\r\nConnection: close\r\n\r\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of conn) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

const AES_GCM_TAG = 16;

describe('record_size_limit against real servers', () => {
  it('obeys a small limit: --recordsize=512 announces 513, we send 512 content bytes a record, GnuTLS takes them all', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startGnutlsServer({ cert: leaf.chainPem, key: leaf.keyPem, args: ['--recordsize=512'] });
    await using sizer = await startRecordSizer(server.port);
    const keyLog: string[] = [];
    const page = await bigGet(sizer.port, firefox153.tls, 6000, keyLog);
    expect(page).toMatch(/^HTTP\/1\.0 200 OK/);
    expect(page).toContain('a'.repeat(6000));
    // TLS 1.3 counts the inner content type in the limit (RFC 8449 §4), so GnuTLS adds one.
    expect(announcedLimit(sizer.fromServer, keyLog)).toBe(513);
    const protectedRecords = sizer.records.filter((r) => r.type === 23);
    expect(protectedRecords.length).toBeGreaterThan(12);
    // 512 bytes of content, the content type byte, the AEAD tag.
    expect(Math.max(...protectedRecords.map((r) => r.length))).toBe(512 + 1 + AES_GCM_TAG);
  });

  it('sends full 16 KiB records when the hello offers no record_size_limit (Chrome), and the server has to take them', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startGnutlsServer({ cert: leaf.chainPem, key: leaf.keyPem, args: ['--recordsize=512'] });
    await using sizer = await startRecordSizer(server.port);
    const page = await bigGet(sizer.port, chrome156.tls, 20000);
    expect(page).toContain('a'.repeat(20000));
    expect(Math.max(...sizer.records.filter((r) => r.type === 23).map((r) => r.length))).toBe(16384 + 1 + AES_GCM_TAG);
  });

  it('keeps 16 KiB records under the default limit GnuTLS announces (16385 in TLS 1.3)', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startGnutlsServer({ cert: leaf.chainPem, key: leaf.keyPem });
    await using sizer = await startRecordSizer(server.port);
    const keyLog: string[] = [];
    const page = await bigGet(sizer.port, firefox153.tls, 20000, keyLog);
    expect(announcedLimit(sizer.fromServer, keyLog)).toBe(16385);
    expect(page).toContain('a'.repeat(20000));
    expect(Math.max(...sizer.records.filter((r) => r.type === 23).map((r) => r.length))).toBe(16384 + 1 + AES_GCM_TAG);
  });

  it('Node 26 (OpenSSL 3.5) announces no limit: OpenSSL does not implement RFC 8449', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNode26TlsServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem });
    await using sizer = await startRecordSizer(server.port);
    const keyLog: string[] = [];
    const conn = await connect({ host: '127.0.0.1', port: sizer.port, servername: 'localhost', alpn: ['http/1.1'], hello: firefox153.tls, ca: pki.ca, caOnly: true, keylog: (line) => keyLog.push(line.trim()) });
    conn.end(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Pad: ${'a'.repeat(20000)}\r\n\r\n`);
    for await (const chunk of conn) void chunk;
    expect(announcedLimit(sizer.fromServer, keyLog)).toBeUndefined();
    expect(Math.max(...sizer.records.filter((r) => r.type === 23).map((r) => r.length))).toBe(16384 + 1 + AES_GCM_TAG);
  });
});

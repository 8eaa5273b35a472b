// A man in the middle between our TLS 1.2 client and a real server: corrupted, truncated and cut
// records, a downgrade from TLS 1.3, a ServerHello without secure renegotiation or with an
// extension we did not offer, a forged ServerKeyExchange signature. Each ends with a typed error
// carrying the right alert, and the alert goes out on the wire.
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { HTTPError, TLSError } from '../../src/errors.js';
import { connect } from '../../src/tls/connect.js';
import { makePki, type Pki } from '../helpers/pki.js';
import { startNodeTlsServer, startOpensslServer } from '../helpers/servers.js';
import { getOver } from '../helpers/tls-get.js';
import { handshakeRecord, splitHandshake, startRecordProxy, withServerHelloExtensions, type RecordProxy, type Tamper } from './record-proxy.js';
import { helloTls12Only } from './support.js';

let pki: Pki;
beforeAll(async () => {
  pki = await makePki();
});

const base = { host: '127.0.0.1', servername: 'localhost', alpn: ['http/1.1'] } as const;

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

/** Waits until the client has sent an alert record through the proxy. */
async function clientAlertSeen(proxy: RecordProxy): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (proxy.records.some((r) => r.from === 'client' && r.type === 21)) return true;
    await sleep(20);
  }
  return false;
}

/** Rewrites the first server application-data record. */
function onFirstServerData(edit: (record: Buffer) => Buffer | { cut: Buffer }): Tamper {
  return (from, type, record, index) => (from === 'server' && type === 23 && index === 0 ? edit(record) : undefined);
}

/** A record with its fragment replaced (the header's length follows). */
function reframe(record: Buffer, fragment: Buffer): Buffer {
  return Buffer.concat([record.subarray(0, 3), Buffer.from([fragment.length >> 8, fragment.length & 0xff]), fragment]);
}

function flip(record: Buffer, offset: number, mask = 0x01): Buffer {
  const out = Buffer.from(record);
  out[offset]! ^= mask;
  return out;
}

async function getThrough(suite: string, tamper: Tamper) {
  const leaf = suite.includes('ECDSA') ? pki.leaves.ecdsaP256 : pki.leaves.rsa2048;
  const server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', '-cipher', suite] });
  const proxy = await startRecordProxy(server.port, tamper);
  try {
    const conn = await connect({ ...base, port: proxy.port, ca: pki.ca, caOnly: true });
    const error = await failure(getOver(conn));
    const ours = error instanceof TLSError && error.direction === 'sent';
    return { error, alertSent: ours && (await clientAlertSeen(proxy)) };
  } finally {
    await proxy.stop();
    await server.stop();
  }
}

function expectBadRecordMac(error: Error): void {
  expect(error).toBeInstanceOf(TLSError);
  expect((error as TLSError).alert).toBe(20);
  expect((error as TLSError).alertName).toBe('bad_record_mac');
  expect((error as TLSError).direction).toBe('sent');
}

describe('corrupted application-data records from the server', () => {
  it('AES-GCM: a flipped tag byte is bad_record_mac', async () => {
    const { error, alertSent } = await getThrough('ECDHE-RSA-AES128-GCM-SHA256', onFirstServerData((r) => flip(r, r.length - 1)));
    expectBadRecordMac(error);
    expect(alertSent).toBe(true);
  });

  it('ChaCha20-Poly1305: a flipped ciphertext byte is bad_record_mac', async () => {
    const { error } = await getThrough('ECDHE-ECDSA-CHACHA20-POLY1305', onFirstServerData((r) => flip(r, 5 + 3)));
    expectBadRecordMac(error);
  });

  it('AES-GCM: a record cut shorter than its tag is bad_record_mac', async () => {
    const { error } = await getThrough('AES128-GCM-SHA256', onFirstServerData((r) => reframe(r, r.subarray(5, 5 + 12))));
    expectBadRecordMac(error);
  });

  it('CBC: a bad MAC and a bad padding give the same error, and both send bad_record_mac', async () => {
    // Flipping the explicit IV garbles only the first plaintext block: the padding stays valid, the MAC fails.
    const badMac = await getThrough('ECDHE-RSA-AES128-SHA', onFirstServerData((r) => flip(r, 5)));
    // Flipping the penultimate ciphertext block's last byte changes the padding-length byte.
    const badPadding = await getThrough('ECDHE-RSA-AES128-SHA', onFirstServerData((r) => flip(r, r.length - 17, 0xff)));
    expectBadRecordMac(badMac.error);
    expectBadRecordMac(badPadding.error);
    expect(badPadding.error.message).toBe(badMac.error.message);
    expect(badMac.alertSent && badPadding.alertSent).toBe(true);
  });

  it('CBC with SHA-256 MAC key sizes (AES256-SHA): a truncated record is bad_record_mac', async () => {
    const { error } = await getThrough('AES256-SHA', onFirstServerData((r) => reframe(r, r.subarray(5, 5 + 32))));
    expectBadRecordMac(error);
  });

  it('CBC: a fragment that is not whole blocks is bad_record_mac', async () => {
    const { error } = await getThrough('ECDHE-ECDSA-AES256-SHA', onFirstServerData((r) => reframe(r, r.subarray(5, r.length - 1))));
    expectBadRecordMac(error);
  });

  it('a connection cut in the middle of a record is an error, not a clean end', async () => {
    const { error } = await getThrough('ECDHE-RSA-AES256-GCM-SHA384', onFirstServerData((r) => ({ cut: r.subarray(0, 20) })));
    expect(error).toBeInstanceOf(HTTPError);
  });
});

describe('a man in the middle of the handshake', () => {
  it('refuses a TLS 1.3 server answering TLS 1.2 with the downgrade sentinel (illegal_parameter)', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem });
    // Replace TLS 1.3 in our supported_versions with a GREASE value: the server sees a TLS 1.2 client.
    await using proxy = await startRecordProxy(server.port, (from, type, record, index) => {
      if (from !== 'client' || type !== 22 || index !== 0) return undefined;
      const at = record.indexOf(Buffer.from([0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03]));
      expect(at).toBeGreaterThan(0);
      const out = Buffer.from(record);
      out.set([0x0a, 0x0a], at + 5);
      return out;
    });
    const error = await failure(connect({ ...base, port: proxy.port, ca: pki.ca, caOnly: true }));
    expect(error).toBeInstanceOf(TLSError);
    expect((error as TLSError).alertName).toBe('illegal_parameter');
    expect(error.message).toMatch(/downgrade/);
    const serverHello = splitHandshake(proxy.records.find((r) => r.from === 'server' && r.type === 22)!.fragment)[0]!;
    expect(serverHello.body.subarray(2 + 24, 2 + 32).toString('latin1')).toBe('DOWNGRD\x01');
  });

  it('accepts the sentinel from a TLS 1.3 server when the hello offers only TLS 1.2', async () => {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startNodeTlsServer({ key: leaf.keyPem, cert: leaf.chainPem });
    await using proxy = await startRecordProxy(server.port);
    const conn = await connect({ ...base, port: proxy.port, ca: pki.ca, caOnly: true, hello: helloTls12Only });
    expect(conn.version).toBe('TLSv1.2');
    expect(await getOver(conn)).toMatch(/^HTTP\/1\.1 200 OK/);
    const serverHello = splitHandshake(proxy.records.find((r) => r.from === 'server' && r.type === 22)!.fragment)[0]!;
    expect(serverHello.body.subarray(2 + 24, 2 + 32).toString('latin1')).toBe('DOWNGRD\x01');
  });

  /** Edits the ServerHello (the first message of the server's first record). */
  function editServerHello(edit: (extensions: [number, Buffer][]) => [number, Buffer][]): Tamper {
    return (from, type, record, index) => {
      if (from !== 'server' || type !== 22 || index !== 0) return undefined;
      const messages = splitHandshake(record.subarray(5));
      messages[0] = { type: 2, body: withServerHelloExtensions(messages[0]!.body, edit) };
      return handshakeRecord(messages);
    };
  }

  async function handshakeFailure(tamper: Tamper, args: string[] = []): Promise<{ error: Error; alertSent: boolean }> {
    const leaf = pki.leaves.ecdsaP256;
    await using server = await startOpensslServer({ cert: leaf.certPem, key: leaf.keyPem, chain: leaf.chainPem, args: ['-tls1_2', ...args] });
    await using proxy = await startRecordProxy(server.port, tamper);
    const error = await failure(connect({ ...base, port: proxy.port, ca: pki.ca, caOnly: true }));
    return { error, alertSent: await clientAlertSeen(proxy) };
  }

  it('refuses a ServerHello without renegotiation_info (handshake_failure, as Chrome)', async () => {
    const { error, alertSent } = await handshakeFailure(editServerHello((exts) => exts.filter(([t]) => t !== 0xff01)));
    expect((error as TLSError).alertName).toBe('handshake_failure');
    expect(error.message).toMatch(/secure renegotiation/);
    expect(alertSent).toBe(true);
  });

  it('refuses a non-empty renegotiation_info on an initial handshake', async () => {
    const { error } = await handshakeFailure(editServerHello((exts) => exts.map(([t, d]) => (t === 0xff01 ? [t, Buffer.from([1, 0])] : [t, d]))));
    expect((error as TLSError).alertName).toBe('handshake_failure');
  });

  it('refuses an extension we did not offer (unsupported_extension)', async () => {
    const { error } = await handshakeFailure(editServerHello((exts) => [...exts, [22, Buffer.alloc(0)]]));
    expect((error as TLSError).alertName).toBe('unsupported_extension');
  });

  it('refuses a TLS 1.3 extension in a TLS 1.2 ServerHello', async () => {
    const { error } = await handshakeFailure(editServerHello((exts) => [...exts, [51, Buffer.from([0, 0x1d, 0, 0])]]));
    expect((error as TLSError).alertName).toBe('unsupported_extension');
  });

  it('refuses a forged ServerKeyExchange signature (decrypt_error)', async () => {
    const { error, alertSent } = await handshakeFailure((from, type, record) => {
      if (from !== 'server' || type !== 22) return undefined;
      const messages = splitHandshake(record.subarray(5));
      const ske = messages.findIndex((m) => m.type === 12);
      if (ske < 0) return undefined;
      // The params are signed: changing one byte of the server's point breaks the signature.
      const body = Buffer.from(messages[ske]!.body);
      body[5]! ^= 0x01;
      messages[ske] = { type: 12, body };
      return handshakeRecord(messages);
    }, ['-groups', 'X25519']);
    expect((error as TLSError).alertName).toBe('decrypt_error');
    expect(alertSent).toBe(true);
  });
});

describe('renegotiation', () => {
  it('declines a HelloRequest with a no_renegotiation warning', async () => {
    const leaf = pki.leaves.rsa2048;
    let renegotiation: Promise<Error | null> | undefined;
    const server = tls.createServer({ key: leaf.keyPem, cert: leaf.chainPem, maxVersion: 'TLSv1.2' }, (socket) => {
      // Node reports the declined renegotiation as a socket error ("no renegotiation"), or to the callback.
      renegotiation = new Promise((resolve) => {
        socket.on('error', resolve);
        socket.renegotiate({ rejectUnauthorized: false }, (error) => resolve(error ?? null));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const conn = await connect({ ...base, port: (server.address() as { port: number }).port, ca: pki.ca, caOnly: true });
      const ended = new Promise<Error | null>((resolve) => {
        conn.on('error', resolve);
        conn.on('close', () => resolve(null));
      });
      conn.resume();
      while (!renegotiation) await sleep(10);
      const serverError = await renegotiation;
      expect(serverError?.message).toMatch(/no renegotiation/i);
      // OpenSSL answers a declined renegotiation with a fatal handshake_failure.
      const clientError = await ended;
      expect(clientError).toBeInstanceOf(TLSError);
      expect((clientError as TLSError).direction).toBe('received');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/**
 * What a client really puts on the wire, seen from outside it: a TCP proxy on loopback records
 * every client->server read (on loopback one read is one TCP segment unless the reader fell
 * behind) and whether the client sent its FIN, and `decryptClientRecords` opens the client's TLS
 * 1.3 records with the client's NSS key log, as tshark would. Only TLS_AES_128_GCM_SHA256: start
 * the real server behind the proxy with that suite alone.
 */
import { createDecipheriv, createHmac } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface RecordedConnection {
  /** The client's bytes, one entry per read. */
  chunks: Buffer[];
  /** The client sent its FIN (an 'end' before any reset). */
  finished: boolean;
  /** Resolves when both sides are closed. */
  closed: Promise<void>;
}

export interface RecordingProxy {
  port: number;
  connections: RecordedConnection[];
  close(): Promise<void>;
}

export async function startRecordingProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<RecordingProxy> {
  const connections: RecordedConnection[] = [];
  const sockets = new Set<Socket>();
  // Half-open both ways: each side's FIN is forwarded as a FIN, and nothing is cut short.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = createConnection({ host: targetHost, port: targetPort, allowHalfOpen: true });
    let done!: () => void;
    const record: RecordedConnection = { chunks: [], finished: false, closed: new Promise<void>((r) => (done = r)) };
    connections.push(record);
    for (const s of [client, upstream]) {
      sockets.add(s);
      // A reset on one side resets the other.
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (d: Buffer) => {
      record.chunks.push(Buffer.from(d));
      upstream.write(d);
    });
    client.on('end', () => {
      record.finished = true;
      upstream.end();
    });
    upstream.on('data', (d: Buffer) => client.write(d));
    upstream.on('end', () => client.end());
    let open = 2;
    const closeOne = (): void => {
      if (--open === 0) done();
    };
    // Each socket closes once both directions have ended (or on a reset).
    for (const s of [client, upstream]) {
      s.on('end', () => {
        if (s.writableEnded) s.destroy();
      });
      s.on('finish', () => {
        if (s.readableEnded) s.destroy();
      });
      s.on('close', closeOne);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface ClientRecord {
  /** Outer content type (23 for everything encrypted in TLS 1.3). */
  outerType: number;
  /** The record's length field (the bytes after its 5-byte header). */
  length: number;
  /** Index of the read (segment) the record starts in. */
  chunk: number;
  /** For an encrypted record: the inner content type and plaintext. */
  innerType?: number;
  plaintext?: Buffer;
  /** 'handshake' (client Finished) or 'application' traffic keys, for encrypted records. */
  epoch?: 'handshake' | 'application';
}

/** The client's TLS records in order, split at record boundaries, each tagged with the read it started in. */
export function clientRecords(connection: RecordedConnection): ClientRecord[] {
  const starts: number[] = [];
  let offset = 0;
  for (const c of connection.chunks) {
    starts.push(offset);
    offset += c.length;
  }
  const all = Buffer.concat(connection.chunks);
  const records: ClientRecord[] = [];
  for (let at = 0; at + 5 <= all.length; ) {
    const length = all.readUInt16BE(at + 3);
    let chunk = 0;
    while (chunk + 1 < starts.length && starts[chunk + 1]! <= at) chunk++;
    records.push({ outerType: all[at]!, length, chunk });
    at += 5 + length;
  }
  return records;
}

function expandLabel(secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.of(length >> 8, length & 0xff, full.length), full, Buffer.of(0)]);
  // One HMAC-SHA256 block covers the 16-byte key and the 12-byte IV (RFC 5869 T(1)).
  return createHmac('sha256', secret)
    .update(Buffer.concat([info, Buffer.of(1)]))
    .digest()
    .subarray(0, length);
}

interface Keys {
  key: Buffer;
  iv: Buffer;
  seq: bigint;
}

function keysFrom(secretHex: string): Keys {
  const secret = Buffer.from(secretHex, 'hex');
  return { key: expandLabel(secret, 'key', 16), iv: expandLabel(secret, 'iv', 12), seq: 0n };
}

function open(keys: Keys, header: Buffer, body: Buffer): Buffer | null {
  const nonce = Buffer.from(keys.iv);
  for (let i = 0; i < 8; i++) nonce[11 - i]! ^= Number((keys.seq >> BigInt(8 * i)) & 0xffn);
  try {
    const d = createDecipheriv('aes-128-gcm', keys.key, nonce);
    d.setAAD(header);
    d.setAuthTag(body.subarray(body.length - 16));
    const plain = Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
    keys.seq++;
    return plain;
  } catch {
    return null;
  }
}

/**
 * The client's records with the encrypted ones opened (TLS 1.3, TLS_AES_128_GCM_SHA256), using the
 * key log lines for this connection's client random.
 */
export function decryptClientRecords(connection: RecordedConnection, keylog: string): ClientRecord[] {
  const all = Buffer.concat(connection.chunks);
  const records = clientRecords(connection);
  // ClientHello: record header 5, handshake header 4, legacy_version 2, then the random.
  const random = all.subarray(11, 43).toString('hex');
  const secret = (label: string): string => {
    const line = keylog.split('\n').find((l) => l.startsWith(`${label} ${random} `));
    if (!line) throw new Error(`no ${label} for client random ${random} in the key log`);
    return line.split(' ')[2]!;
  };
  const handshake = keysFrom(secret('CLIENT_HANDSHAKE_TRAFFIC_SECRET'));
  const application = keysFrom(secret('CLIENT_TRAFFIC_SECRET_0'));
  let at = 0;
  let finishedSeen = false;
  for (const r of records) {
    const header = all.subarray(at, at + 5);
    const body = all.subarray(at + 5, at + 5 + r.length);
    at += 5 + r.length;
    if (r.outerType !== 23) continue;
    const keys = finishedSeen ? application : handshake;
    const plain = open(keys, header, body);
    if (!plain) throw new Error(`cannot open a client record of ${r.length} bytes with the ${finishedSeen ? 'application' : 'handshake'} keys`);
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    r.innerType = plain[end - 1]!;
    r.plaintext = plain.subarray(0, end - 1);
    r.epoch = finishedSeen ? 'application' : 'handshake';
    if (!finishedSeen && r.innerType === 22) finishedSeen = true;
  }
  return records;
}

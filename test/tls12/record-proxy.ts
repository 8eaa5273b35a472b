/**
 * A TCP proxy between our client and a real server that sees TLS records: it records every one
 * (so tests can read the ServerHello the server really sent) and lets a test rewrite, cut or
 * drop a record on its way, to play the man in the middle.
 */
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';

export type Direction = 'client' | 'server';

/** One record as it crossed the proxy (before any tampering). */
export interface SeenRecord {
  from: Direction;
  type: number;
  /** The record's fragment (after the 5-byte header). */
  fragment: Buffer;
}

/**
 * What to do with a record: send it as is (undefined), send these bytes instead (a whole
 * record, header included), or send these bytes and then close both sides ('cut').
 */
export type TamperResult = Buffer | { cut: Buffer } | undefined;

/** Called for every record; `index` counts records of that type from that side, from 0. */
export type Tamper = (from: Direction, type: number, record: Buffer, index: number) => TamperResult;

export interface RecordProxy {
  port: number;
  records: SeenRecord[];
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startRecordProxy(targetPort: number, tamper: Tamper = () => undefined): Promise<RecordProxy> {
  const records: SeenRecord[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = netConnect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      // An end travels to the other side as an end (after the data before it); a reset resets both.
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
    pipeRecords('client', client, upstream);
    pipeRecords('server', upstream, client);
  });

  function pipeRecords(from: Direction, source: Socket, sink: Socket): void {
    let buffered = Buffer.alloc(0);
    const counts = new Map<number, number>();
    let cut = false;
    source.on('data', (chunk: Buffer) => {
      if (cut) return;
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 5) {
        const length = buffered.readUInt16BE(3);
        if (buffered.length < 5 + length) break;
        const record = buffered.subarray(0, 5 + length);
        buffered = buffered.subarray(5 + length);
        const type = record[0]!;
        const index = counts.get(type) ?? 0;
        counts.set(type, index + 1);
        records.push({ from, type, fragment: Buffer.from(record.subarray(5)) });
        const result = tamper(from, type, Buffer.from(record), index);
        if (result && 'cut' in result) {
          cut = true;
          sink.end(result.cut);
          source.destroy();
          return;
        }
        sink.write(result ?? record);
      }
    });
    source.on('end', () => sink.end());
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const stop = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, records, stop, [Symbol.asyncDispose]: stop };
}

/** The extension codepoints of the first ServerHello the server sent through the proxy. */
export function serverHelloExtensions(records: SeenRecord[]): Set<number> {
  const first = records.find((r) => r.from === 'server' && r.type === 22);
  if (!first) throw new Error('no handshake record from the server');
  const body = first.fragment;
  if (body[0] !== 2) throw new Error(`first server handshake message is type ${body[0]}`);
  let o = 4 + 2 + 32;
  o += 1 + body[o]!; // session id
  o += 3; // cipher suite, compression
  const end = o + 2 + body.readUInt16BE(o);
  o += 2;
  const types = new Set<number>();
  while (o < end) {
    types.add(body.readUInt16BE(o));
    o += 4 + body.readUInt16BE(o + 2);
  }
  return types;
}

/** The session id and session_ticket extension (if sent) of the ClientHello that crossed the proxy. */
export function clientHelloSession(records: SeenRecord[]): { sessionId: Buffer; ticket: Buffer | undefined } {
  const first = records.find((r) => r.from === 'client' && r.type === 22);
  if (!first) throw new Error('no ClientHello crossed the proxy');
  const body = first.fragment;
  let o = 4 + 2 + 32;
  const sessionId = body.subarray(o + 1, o + 1 + body[o]!);
  o += 1 + body[o]!;
  o += 2 + body.readUInt16BE(o); // cipher suites
  o += 1 + body[o]!; // compression methods
  const end = o + 2 + body.readUInt16BE(o);
  o += 2;
  let ticket: Buffer | undefined;
  while (o < end) {
    const type = body.readUInt16BE(o);
    const length = body.readUInt16BE(o + 2);
    if (type === 35) ticket = body.subarray(o + 4, o + 4 + length);
    o += 4 + length;
  }
  return { sessionId, ticket };
}

/** The session id of the first ServerHello that crossed the proxy. */
export function serverHelloSessionId(records: SeenRecord[]): Buffer {
  const first = records.find((r) => r.from === 'server' && r.type === 22);
  if (!first) throw new Error('no ServerHello crossed the proxy');
  const o = 4 + 2 + 32;
  return first.fragment.subarray(o + 1, o + 1 + first.fragment[o]!);
}

/** The server's plaintext handshake messages (before its ChangeCipherSpec), reassembled: type and body. */
export function serverHandshakeMessages(records: SeenRecord[]): { type: number; body: Buffer }[] {
  const parts: Buffer[] = [];
  for (const r of records) {
    if (r.from !== 'server') continue;
    if (r.type === 20) break;
    if (r.type === 22) parts.push(r.fragment);
  }
  return splitHandshake(Buffer.concat(parts));
}

/** Splits concatenated handshake messages (4-byte headers) into type and body. */
export function splitHandshake(data: Buffer): { type: number; body: Buffer }[] {
  const out: { type: number; body: Buffer }[] = [];
  for (let o = 0; o + 4 <= data.length; ) {
    const length = data.readUIntBE(o + 1, 3);
    out.push({ type: data[o]!, body: data.subarray(o + 4, o + 4 + length) });
    o += 4 + length;
  }
  return out;
}

/** Rebuilds a handshake record from messages (one record; the tests' flights fit in 16 KiB). */
export function handshakeRecord(messages: { type: number; body: Buffer }[]): Buffer {
  const body = Buffer.concat(messages.map((m) => Buffer.concat([Buffer.from([m.type, m.body.length >> 16, (m.body.length >> 8) & 0xff, m.body.length & 0xff]), m.body])));
  return Buffer.concat([Buffer.from([22, 3, 3, body.length >> 8, body.length & 0xff]), body]);
}

/** A ServerHello body with its extensions list replaced. */
export function withServerHelloExtensions(body: Buffer, edit: (extensions: [number, Buffer][]) => [number, Buffer][]): Buffer {
  let o = 2 + 32;
  o += 1 + body[o]!;
  o += 3;
  const head = body.subarray(0, o);
  const end = o + 2 + body.readUInt16BE(o);
  o += 2;
  const extensions: [number, Buffer][] = [];
  while (o < end) {
    const length = body.readUInt16BE(o + 2);
    extensions.push([body.readUInt16BE(o), body.subarray(o + 4, o + 4 + length)]);
    o += 4 + length;
  }
  const encoded = Buffer.concat(
    edit(extensions).map(([type, data]) => Buffer.concat([Buffer.from([type >> 8, type & 0xff, data.length >> 8, data.length & 0xff]), data])),
  );
  return Buffer.concat([head, Buffer.from([encoded.length >> 8, encoded.length & 0xff]), encoded]);
}

/**
 * The echo server's HTTP/2 side: the real browsers' recorded client streams replayed byte for
 * byte (the server must report what the capture's independent decoder saw), flow control both
 * ways, and the protocol corners a minimal server still has to get right.
 */
import http2 from 'node:http2';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoServer, type EchoServer } from '../../src/fingerprint/echo/index.js';
import { CLIENT_PREFACE, ErrorCode, SettingsId, encodeFrameRaw, type DecodedField, type Frame, type HeaderField } from '../../src/http/h2/index.js';
import { captureFiles, labelOf, readCapture } from './captures.js';
import { RawH2Client, parseReport } from './echo-client.js';

let server: EchoServer;

beforeAll(async () => {
  server = await startEchoServer();
});

afterAll(async () => {
  await server?.close();
});

/** A TLS connection that negotiated h2, from Node's client (its hello does not matter here). */
function tlsH2(): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca, ALPNProtocols: ['h2'] }, () => {
      // No Nagle: the flow-control tests trade many tiny frames, each waiting on the last (40 ms each otherwise).
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

async function rawClient(options: ConstructorParameters<typeof RawH2Client>[1] = {}): Promise<RawH2Client> {
  const client = new RawH2Client(await tlsH2(), options);
  client.start();
  return client;
}

const GET: HeaderField[] = [
  [':method', 'GET'],
  [':scheme', 'https'],
  [':authority', 'localhost'],
  [':path', '/'],
];

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const settle = (ms = 100): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** tshark's names for the HPACK representations, as the captures' JSON spells them. */
function tsharkRepr(f: DecodedField): string {
  if (f.representation === 'indexed') return 'Indexed Header Field';
  const kind = { incremental: 'with Incremental Indexing', without: 'without Indexing', never: 'never Indexed' }[f.representation];
  return `Literal Header Field ${kind} - ${f.index === 0 ? 'New Name' : 'Indexed Name'}`;
}

interface CaptureFrame {
  type: string;
  flags: string;
  stream_id: number;
  length: number;
}
interface CaptureH2 {
  akamai: string;
  frames: CaptureFrame[];
  headers_frames: Array<{ stream_id: number; headers: Array<{ name: string; value: string; repr: string; index?: string }> }>;
}

/** The h2 part of a capture's JSON (the shared `captureJson` types only its Akamai string). */
function captureH2(label: string): CaptureH2 | undefined {
  return (JSON.parse(readCapture(`${label}.json`)) as { h2?: CaptureH2 }).h2;
}

describe('real browser streams, replayed', () => {
  const streams = captureFiles('.h2-client.hex').filter((f) => (captureH2(labelOf(f))?.headers_frames.length ?? 0) > 0);

  it('finds the captures', () => {
    expect(streams.length).toBeGreaterThanOrEqual(5);
  });

  it.each(streams)('%s: the capture’s Akamai string, opening frames and HPACK representations', async (file) => {
    const capture = captureH2(labelOf(file))!;
    const first = capture.headers_frames[0]!;
    const client = new RawH2Client(await tlsH2());
    const response = client.response(first.stream_id);
    client.conn.write(Buffer.from(readCapture(file).replace(/\s+/g, ''), 'hex'));
    const report = parseReport((await response).body);
    client.conn.destroy();

    const h2 = report.http2!;
    expect(h2.akamai).toBe(capture.akamai);
    const opening = capture.frames.slice(0, capture.frames.findIndex((f) => f.type === 'HEADERS') + 1);
    expect(h2.frames.map((f) => [f.type, `0x${f.flags.toString(16).padStart(2, '0')}`, f.streamId, f.length])).toEqual(
      opening.map((f) => [f.type, f.flags, f.stream_id, f.length]),
    );
    expect(h2.streamId).toBe(first.stream_id);
    expect(h2.headers.map((f) => [f.name, f.value, tsharkRepr(f)])).toEqual(first.headers.map((f) => [f.name, f.value, f.repr]));
    expect(report.path).toBe(first.headers.find((f) => f.name === ':path')!.value);
  });
});

describe('the server side of the connection', () => {
  it('opens as nginx does: SETTINGS 3:128, 4:65536, 5:16777215, then WINDOW_UPDATE 2147418112', async () => {
    const client = await rawClient();
    const settings = await client.waitFor((f) => f.type === 'SETTINGS' && !f.ack);
    const update = await client.waitFor((f) => f.type === 'WINDOW_UPDATE');
    expect(client.received[0]).toBe(settings);
    expect(client.received[1]).toBe(update);
    expect(settings.type === 'SETTINGS' && settings.settings).toEqual([
      { id: SettingsId.MAX_CONCURRENT_STREAMS, value: 128 },
      { id: SettingsId.INITIAL_WINDOW_SIZE, value: 65536 },
      { id: SettingsId.MAX_FRAME_SIZE, value: 16777215 },
    ]);
    expect(update).toMatchObject({ streamId: 0, increment: 2147418112 });
    // Our SETTINGS are acknowledged.
    await client.waitFor((f) => f.type === 'SETTINGS' && f.ack);
    client.conn.destroy();
  });

  it('answers PING with the same data', async () => {
    const client = await rawClient();
    const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    client.send({ type: 'PING', streamId: 0, ack: false, data });
    const pong = await client.waitFor((f) => f.type === 'PING');
    expect(pong).toMatchObject({ ack: true, data });
    client.conn.destroy();
  });

  it('records PRIORITY frames, the HEADERS priority block and the client’s SETTINGS in order', async () => {
    const client = await rawClient({
      settings: [
        { id: 1, value: 65536 },
        { id: 2, value: 0 },
        { id: 4, value: 131072 },
        { id: 5, value: 16384 },
      ],
      windowUpdate: 12517377,
    });
    client.send({ type: 'PRIORITY', streamId: 3, priority: { exclusive: false, dependsOn: 0, weight: 201 } });
    client.send({ type: 'PRIORITY', streamId: 5, priority: { exclusive: true, dependsOn: 3, weight: 101 } });
    const done = client.response(7);
    client.send({
      type: 'HEADERS',
      streamId: 7,
      endStream: true,
      endHeaders: true,
      priority: { exclusive: false, dependsOn: 3, weight: 42 },
      headerBlock: client.encode(GET),
    });
    const h2 = parseReport((await done).body).http2!;
    expect(h2.akamai).toBe('1:65536;2:0;4:131072;5:16384|12517377|3:0:0:201,5:1:3:101|m,s,a,p');
    expect(h2.settings.map((s) => s.name)).toEqual(['HEADER_TABLE_SIZE', 'ENABLE_PUSH', 'INITIAL_WINDOW_SIZE', 'MAX_FRAME_SIZE']);
    expect(h2.headersFrame).toMatchObject({ type: 'HEADERS', flags: 0x25, streamId: 7, priority: { exclusive: false, dependsOn: 3, weight: 42 } });
    client.conn.destroy();
  });
});

describe('flow control', () => {
  it('sends a report through a 100-byte stream window, one window at a time', async () => {
    const client = await rawClient({ settings: [{ id: SettingsId.INITIAL_WINDOW_SIZE, value: 100 }] });
    const response = await client.request(1, GET);
    expect(response.dataFrames.length).toBeGreaterThan(10);
    expect(Math.max(...response.dataFrames)).toBeLessThanOrEqual(100);
    expect(parseReport(response.body).path).toBe('/');
    client.conn.destroy();
  });

  it('stops at the window and resumes on WINDOW_UPDATE', async () => {
    const client = await rawClient({ settings: [{ id: SettingsId.INITIAL_WINDOW_SIZE, value: 100 }], replenish: false });
    const done = client.request(1, GET);
    await client.waitFor((f) => f.type === 'DATA');
    await settle();
    const data = (): number[] => client.received.flatMap((f) => (f.type === 'DATA' ? [f.data.length] : []));
    expect(sum(data())).toBe(100);
    client.send({ type: 'WINDOW_UPDATE', streamId: 1, increment: 50 });
    await settle();
    expect(sum(data())).toBe(150);
    // Raising INITIAL_WINDOW_SIZE moves the open stream's window too (RFC 9113 §6.9.2).
    client.send({ type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: SettingsId.INITIAL_WINDOW_SIZE, value: 1 << 20 }] });
    const response = await done;
    expect(parseReport(response.body).method).toBe('GET');
    client.conn.destroy();
  });

  it('splits a large report into frames no larger than the client’s SETTINGS_MAX_FRAME_SIZE', async () => {
    const client = await rawClient({ settings: [{ id: SettingsId.INITIAL_WINDOW_SIZE, value: 1 << 24 }], windowUpdate: 1 << 24 });
    const many: HeaderField[] = Array.from({ length: 60 }, (_, i) => [`x-filler-${i}`, 'v'.repeat(900)]);
    const response = await client.request(1, [...GET, ...many]);
    expect(response.body.length).toBeGreaterThan(3 * 16384);
    expect(response.dataFrames.slice(0, -1).every((n) => n === 16384)).toBe(true);
    expect(parseReport(response.body).http2!.headers).toHaveLength(64);
    client.conn.destroy();
  });

  it('returns window for uploads: a 300 KB POST from Node’s http2 client completes and is counted', async () => {
    const session = http2.connect(server.url, { ca: server.ca });
    try {
      const body = Buffer.alloc(300_000, 0x61);
      const report = await new Promise<ReturnType<typeof parseReport>>((resolve, reject) => {
        const req = session.request({ ':method': 'POST', ':path': '/upload', 'content-type': 'text/plain' });
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(parseReport(Buffer.concat(chunks))));
        req.on('error', reject);
        req.end(body);
      });
      expect(report.method).toBe('POST');
      expect(report.http2!.bodyLength).toBe(300_000);
    } finally {
      session.close();
    }
  });
});

describe('streams', () => {
  it('answers concurrent requests on one connection (Node’s http2 client)', async () => {
    const session = http2.connect(server.url, { ca: server.ca });
    const get = (path: string): Promise<ReturnType<typeof parseReport>> =>
      new Promise((resolve, reject) => {
        const req = session.request({ ':path': path });
        const chunks: Buffer[] = [];
        req.on('response', (headers) => {
          expect(headers[':status']).toBe(200);
          expect(headers['content-type']).toBe('application/json');
        });
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(parseReport(Buffer.concat(chunks))));
        req.on('error', reject);
      });
    try {
      const [a, b] = await Promise.all([get('/a'), get('/b')]);
      expect([a.path, b.path]).toEqual(['/a', '/b']);
      expect([a.http2!.streamId, b.http2!.streamId]).toEqual([1, 3]);
      expect(b.tls.clientHello).toBe(a.tls.clientHello);
    } finally {
      session.close();
    }
  });

  it('HEAD gets headers only; trailers end a request; a reset stream is dropped and the connection goes on', async () => {
    const client = await rawClient({ settings: [{ id: SettingsId.INITIAL_WINDOW_SIZE, value: 10 }], replenish: false });
    const head = await client.request(1, [[':method', 'HEAD'], ...GET.slice(1)]);
    expect(head.body.length).toBe(0);
    expect(head.headers.find((f) => f.name === 'content-length')!.value).not.toBe('0');

    // Stream 3 stalls on its 10-byte window; the client gives up on it.
    client.request(3, GET).catch(() => {});
    await client.waitFor((f) => f.type === 'DATA' && f.streamId === 3);
    client.send({ type: 'RST_STREAM', streamId: 3, errorCode: ErrorCode.CANCEL });

    // Stream 5: body in DATA, then trailers.
    client.send({ type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: SettingsId.INITIAL_WINDOW_SIZE, value: 1 << 20 }] });
    const done = client.response(5);
    client.send({ type: 'HEADERS', streamId: 5, endStream: false, endHeaders: true, headerBlock: client.encode([[':method', 'POST'], ...GET.slice(1)]) });
    client.send({ type: 'DATA', streamId: 5, endStream: false, data: new Uint8Array(1234) });
    client.send({ type: 'HEADERS', streamId: 5, endStream: true, endHeaders: true, headerBlock: client.encode([['x-trailer', '1']]) });
    const report = parseReport((await done).body);
    expect(report.http2!.bodyLength).toBe(1234);
    expect(client.received.filter((f) => f.type === 'DATA' && f.streamId === 3 && f.endStream)).toHaveLength(0);
    client.conn.destroy();
  });
});

describe('protocol errors end the connection, not the server', () => {
  async function expectGoaway(write: (client: RawH2Client) => void, code: number): Promise<void> {
    const client = new RawH2Client(await tlsH2());
    write(client);
    const goaway = (await client.waitFor((f) => f.type === 'GOAWAY')) as Extract<Frame, { type: 'GOAWAY' }>;
    expect(goaway.errorCode).toBe(code);
    await new Promise<void>((resolve) => (client.closed ? resolve() : client.conn.once('close', () => resolve())));
  }

  it('a bad preface, a bad HPACK block, a HEADERS on an even stream', async () => {
    await expectGoaway((c) => c.conn.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), ErrorCode.PROTOCOL_ERROR);
    await expectGoaway((c) => {
      c.conn.write(CLIENT_PREFACE);
      c.conn.write(encodeFrameRaw(0x1, 0x05, 1, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x7f])));
    }, ErrorCode.COMPRESSION_ERROR);
    await expectGoaway((c) => {
      c.start();
      c.send({ type: 'HEADERS', streamId: 2, endStream: true, endHeaders: true, headerBlock: new Uint8Array([0x82]) });
    }, ErrorCode.PROTOCOL_ERROR);
    const client = await rawClient();
    expect(parseReport((await client.request(1, GET)).body).httpVersion).toBe('HTTP/2');
    client.conn.destroy();
  });
});

/**
 * Test helpers for the echo server: a bare HTTP/2 client on the project's codec (it sends
 * exactly the frames a test asks for, which no library client allows), and small socket tools.
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import {
  CLIENT_PREFACE,
  FrameReader,
  HpackDecoder,
  HpackEncoder,
  encodeFrame,
  type DecodedField,
  type Frame,
  type HeaderField,
  type Setting,
} from '../../src/http/h2/index.js';
import type { EchoReport } from '../../src/fingerprint/echo/index.js';

export interface RawResponse {
  streamId: number;
  headers: DecodedField[];
  body: Buffer;
  /** The DATA frames' payload lengths, in order. */
  dataFrames: number[];
}

export interface RawH2Options {
  settings?: Setting[];
  /** A connection WINDOW_UPDATE sent after SETTINGS. */
  windowUpdate?: number;
  /** Return every DATA frame's bytes at once with WINDOW_UPDATEs (default true). */
  replenish?: boolean;
}

export class RawH2Client {
  /** Every frame the server sent, in order. */
  readonly received: Frame[] = [];
  private readonly reader = new FrameReader({ maxFrameSize: (1 << 24) - 1 });
  private readonly decoder = new HpackDecoder();
  private readonly encoder = new HpackEncoder();
  private readonly pending = new Map<number, { response: RawResponse; resolve: (r: RawResponse) => void }>();
  private readonly waiters: Array<{ test: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  private ended: ((error: Error) => void)[] = [];
  closed = false;

  constructor(
    readonly conn: Duplex,
    private readonly options: RawH2Options = {},
  ) {
    conn.on('data', (chunk: Buffer) => this.onData(chunk));
    const close = (): void => {
      this.closed = true;
      for (const fail of this.ended) fail(new Error('connection closed'));
    };
    conn.on('close', close);
    conn.on('end', close);
    conn.on('error', () => {});
  }

  start(): void {
    this.conn.write(CLIENT_PREFACE);
    this.send({ type: 'SETTINGS', streamId: 0, ack: false, settings: this.options.settings ?? [] });
    if (this.options.windowUpdate) this.send({ type: 'WINDOW_UPDATE', streamId: 0, increment: this.options.windowUpdate });
  }

  /** A header block from this connection's encoder (its table must stay in step with the server's decoder). */
  encode(fields: HeaderField[]): Uint8Array {
    return this.encoder.encode(fields);
  }

  send(frame: Frame): void {
    this.conn.write(encodeFrame(frame));
  }

  /** Sends a request's HEADERS (and DATA when `body` is given) and resolves with the whole response. */
  request(streamId: number, fields: HeaderField[], body?: Uint8Array): Promise<RawResponse> {
    const done = this.response(streamId);
    this.send({ type: 'HEADERS', streamId, endStream: body === undefined, endHeaders: true, headerBlock: this.encode(fields) });
    if (body !== undefined) this.send({ type: 'DATA', streamId, endStream: true, data: body });
    return done;
  }

  /** Resolves with the response on `streamId` once it ends (for requests sent as raw bytes). */
  response(streamId: number): Promise<RawResponse> {
    return new Promise<RawResponse>((resolve, reject) => {
      this.pending.set(streamId, { response: { streamId, headers: [], body: Buffer.alloc(0), dataFrames: [] }, resolve });
      this.ended.push(reject);
    });
  }

  /** Resolves with the first frame (already received or to come) that passes `test`. */
  waitFor(test: (f: Frame) => boolean): Promise<Frame> {
    const seen = this.received.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push({ test, resolve });
      this.ended.push(reject);
    });
  }

  private onData(chunk: Buffer): void {
    for (const frame of this.reader.push(chunk)) {
      this.received.push(frame);
      for (const w of this.waiters.filter((w) => w.test(frame))) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(frame);
      }
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Frame): void {
    if (frame.type === 'SETTINGS' && !frame.ack) this.send({ type: 'SETTINGS', streamId: 0, ack: true, settings: [] });
    const entry = this.pending.get(frame.streamId);
    if (frame.type === 'HEADERS') {
      const fields = this.decoder.decode(frame.headerBlock).fields;
      if (entry) entry.response.headers = fields;
    }
    if (frame.type === 'DATA' && entry) {
      entry.response.body = Buffer.concat([entry.response.body, frame.data]);
      entry.response.dataFrames.push(frame.data.length);
      if (frame.data.length && this.options.replenish !== false) {
        this.send({ type: 'WINDOW_UPDATE', streamId: 0, increment: frame.data.length });
        if (!frame.endStream) this.send({ type: 'WINDOW_UPDATE', streamId: frame.streamId, increment: frame.data.length });
      }
    }
    if ((frame.type === 'DATA' || frame.type === 'HEADERS') && frame.endStream && entry) {
      this.pending.delete(frame.streamId);
      entry.resolve(entry.response);
    }
  }
}

export function parseReport(body: Uint8Array | string): EchoReport {
  return JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) as EchoReport;
}

/** Opens a TCP connection to the server. */
export function openSocket(port: number, host = '127.0.0.1'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves when the peer has closed the socket (end or reset), with everything it sent. */
export function closedByPeer(socket: net.Socket, timeoutMs = 5000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not close the connection')), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    socket.on('error', () => {});
  });
}

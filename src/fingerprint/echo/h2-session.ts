/**
 * A minimal HTTP/2 server (RFC 9113) on the project's own frame codec and HPACK decoder, whose
 * one job is to watch a client open a connection and make requests, and answer each request with
 * what it saw, through the httpbin route the path names. It speaks just enough to keep any client
 * going: SETTINGS and their ACKs, PING, flow control both ways, RST_STREAM, GOAWAY.
 *
 * It opens the way nginx does (the server in every capture): SETTINGS then a connection
 * WINDOW_UPDATE, sent at once without waiting for the client's preface. What a client does next
 * (Firefox ACKs our SETTINGS before its HEADERS, curl after) depends on what arrives when, so an
 * echo of our client is only comparable with a capture if the server behaves like nginx.
 */
import type { Duplex } from 'node:stream';
import { RemoteProtocolError } from '../../errors.js';
import {
  ErrorCode,
  FRAME_HEADER_LENGTH,
  FrameReader,
  HpackDecoder,
  HpackEncoder,
  MAX_ALLOWED_FRAME_SIZE,
  SettingsId,
  encodeFrame,
  fixedPolicy,
  type DecodedField,
  type Frame,
  type HeadersFrame,
} from '../../http/h2/index.js';
import { akamaiFingerprint, akamaiHash } from '../akamai.js';
import { akamaiInputFromClientStream } from '../akamai-stream.js';
import { concat } from './bytes.js';
import type { ConnectionInfo } from './connection-info.js';
import { MAX_KEPT_BODY } from './h1-parser.js';
import { answerHttpbin } from './httpbin/router.js';
import type { EchoAnswer, EchoRequest } from './httpbin/exchange.js';
import { FrameSplitter } from './frame-splitter.js';
import { settingSummary, summarizeFrame, type FrameSummary } from './frame-summary.js';
import { OutboundFlow } from './outbound-flow.js';
import type { Http2Report } from './report.js';
import type { WireReport } from './httpbin/exchange.js';

/** nginx's opening (ngx_http_v2_send_settings, ngx_http_v2_init): 128 streams, 64 KiB windows, frames up to 2^24-1. */
const SERVER_SETTINGS = [
  { id: SettingsId.MAX_CONCURRENT_STREAMS, value: 128 },
  { id: SettingsId.INITIAL_WINDOW_SIZE, value: 65_536 },
  { id: SettingsId.MAX_FRAME_SIZE, value: MAX_ALLOWED_FRAME_SIZE },
];
/** nginx raises the connection window to the maximum at once: 2^31-1 - 65,535. */
const SERVER_CONNECTION_WINDOW_INCREMENT = 2_147_418_112;

const MAX_OPENING_BYTES = 1 << 20;

/** Enough for any client's opening and a few requests; a long upload would otherwise grow every report. */
const MAX_RECORDED_FRAMES = 256;

interface OpenStream {
  headersFrame: FrameSummary;
  fields: DecodedField[];
  tableSizeUpdates: number[];
  bodyLength: number;
  /** The request body's first MAX_KEPT_BODY bytes, for the routes that echo it. */
  body: Uint8Array[];
  keptBody: number;
}

/** Connection-specific fields (RFC 9113 §8.2.2) an HTTP/1.1-minded route might name; never sent on HTTP/2. */
const CONNECTION_FIELDS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);
/** No body may follow these statuses (RFC 9110 §6.4.1). */
const BODYLESS = new Set([204, 304]);

/** The Akamai parts, fixed once the first request's header block is complete. */
interface Opening {
  akamai: string;
  settings: Http2Report['settings'];
  windowUpdate: number | null;
  priority: Http2Report['priority'];
}

export class Http2EchoSession {
  private readonly splitter = new FrameSplitter(MAX_ALLOWED_FRAME_SIZE);
  private readonly reader = new FrameReader({ expectPreface: true, maxFrameSize: MAX_ALLOWED_FRAME_SIZE });
  private readonly decoder = new HpackDecoder();
  // Responses never touch the dynamic table, so the client's HEADER_TABLE_SIZE cannot matter.
  private readonly encoder = new HpackEncoder({ policy: fixedPolicy({ indexing: 'without', huffman: 'shorter' }) });
  private readonly flow: OutboundFlow;
  private readonly frames: FrameSummary[] = [];
  private framesTruncated = false;
  /** The raw stream up to the end of the first header block, for the Akamai function; dropped after. */
  private openingBytes: Uint8Array[] | undefined = [];
  private openingSize = 0;
  private opening: Opening | undefined;
  private readonly streams = new Map<number, OpenStream>();
  /** The header block being received: its HEADERS frame and fragments so far. */
  private block: { frame: HeadersFrame; summary: FrameSummary; fragments: Uint8Array[] } | undefined;
  private lastStreamId = 0;
  private closed = false;
  /** One per request being answered: a reset stream or a closed connection stops a timed answer. */
  private readonly answering = new Map<number, AbortController>();

  constructor(
    private readonly socket: Duplex,
    private readonly connection: ConnectionInfo,
  ) {
    this.flow = new OutboundFlow((frame) => this.write(frame));
  }

  start(): void {
    this.write(encodeFrame({ type: 'SETTINGS', streamId: 0, ack: false, settings: SERVER_SETTINGS }));
    this.write(encodeFrame({ type: 'WINDOW_UPDATE', streamId: 0, increment: SERVER_CONNECTION_WINDOW_INCREMENT }));
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.once('close', () => {
      this.closed = true;
      for (const controller of this.answering.values()) controller.abort();
    });
  }

  private receive(chunk: Uint8Array): void {
    if (this.closed) return;
    try {
      for (const unit of this.splitter.push(chunk)) {
        this.keepOpening(unit);
        for (const frame of this.reader.push(unit)) this.onFrame(frame, unit.length - FRAME_HEADER_LENGTH);
      }
    } catch (error) {
      // Whatever a client sends ends at most its own connection, never the server.
      if (error instanceof RemoteProtocolError) this.goaway(error.code, error.message);
      else this.goaway('INTERNAL_ERROR', error instanceof Error ? error.message : String(error));
    }
  }

  /** Only control frames can come before the first request; a megabyte of them is not a client but a flood. */
  private keepOpening(unit: Uint8Array): void {
    if (!this.openingBytes) return;
    this.openingSize += unit.length;
    if (this.openingSize > MAX_OPENING_BYTES) throw new RemoteProtocolError('over 1 MiB of frames before the first request', 'ENHANCE_YOUR_CALM');
    this.openingBytes.push(unit);
  }

  private onFrame(frame: Frame, length: number): void {
    const summary = summarizeFrame(frame, length);
    if (this.frames.length < MAX_RECORDED_FRAMES) this.frames.push(summary);
    else this.framesTruncated = true;
    switch (frame.type) {
      case 'SETTINGS':
        if (!frame.ack) {
          for (const s of frame.settings) {
            if (s.id === SettingsId.INITIAL_WINDOW_SIZE) this.flow.setInitialWindowSize(s.value);
            if (s.id === SettingsId.MAX_FRAME_SIZE) this.flow.setMaxFrameSize(s.value);
          }
          this.write(encodeFrame({ type: 'SETTINGS', streamId: 0, ack: true, settings: [] }));
        }
        return;
      case 'PING':
        if (!frame.ack) this.write(encodeFrame({ type: 'PING', streamId: 0, ack: true, data: frame.data }));
        return;
      case 'WINDOW_UPDATE':
        if (this.flow.windowUpdate(frame.streamId, frame.increment)) this.reset(frame.streamId, 'FLOW_CONTROL_ERROR');
        return;
      case 'HEADERS':
        this.block = { frame, summary, fragments: [frame.headerBlock] };
        if (frame.endHeaders) this.endHeaderBlock();
        return;
      case 'CONTINUATION':
        // The frame reader lets only the open block's CONTINUATIONs through.
        this.block?.fragments.push(frame.headerBlock);
        if (frame.endHeaders) this.endHeaderBlock();
        return;
      case 'DATA':
        this.onData(frame.streamId, frame.endStream, length, frame.data);
        return;
      case 'RST_STREAM':
        this.streams.delete(frame.streamId);
        this.flow.cancel(frame.streamId);
        this.answering.get(frame.streamId)?.abort();
        return;
      case 'GOAWAY':
        // The client is leaving; what it already asked for is still answered.
        return;
      case 'PUSH_PROMISE':
        throw new RemoteProtocolError('a client must not send PUSH_PROMISE', 'PROTOCOL_ERROR');
      default:
        return; // PRIORITY is only recorded; unknown frame types are ignored (§4.1).
    }
  }

  private endHeaderBlock(): void {
    const block = this.block!;
    this.block = undefined;
    // Every block must be decoded, even one we then refuse, to keep the HPACK table in step.
    const decoded = this.decoder.decode(concat(block.fragments));
    if (!this.opening) this.fixOpening();
    const { streamId, endStream } = block.frame;
    const open = this.streams.get(streamId);
    if (open) {
      // A second header block on an open stream is its trailers (§8.1), which must end it.
      if (!endStream) throw new RemoteProtocolError(`stream ${streamId}: trailers without END_STREAM`, 'PROTOCOL_ERROR');
      this.respond(streamId, open);
      return;
    }
    if (streamId % 2 === 0 || streamId <= this.lastStreamId)
      throw new RemoteProtocolError(`HEADERS on stream ${streamId}, which the client cannot open now`, 'PROTOCOL_ERROR');
    this.lastStreamId = streamId;
    const stream: OpenStream = { headersFrame: block.summary, fields: decoded.fields, tableSizeUpdates: decoded.tableSizeUpdates, bodyLength: 0, body: [], keptBody: 0 };
    this.streams.set(streamId, stream);
    this.flow.open(streamId);
    if (endStream) this.respond(streamId, stream);
  }

  /** Akamai is about the opening only: computed once, from the bytes up to the end of the first request's header block. */
  private fixOpening(): void {
    const input = akamaiInputFromClientStream(concat(this.openingBytes ?? []));
    this.openingBytes = undefined;
    this.opening = {
      akamai: akamaiFingerprint(input),
      settings: input.settings.map(([id, value]) => settingSummary(id, value)),
      windowUpdate: input.windowUpdate ?? null,
      priority: input.priorities,
    };
  }

  private onData(streamId: number, endStream: boolean, length: number, data: Uint8Array): void {
    // Give back what the DATA frame consumed (padding included, §6.9.1) so uploads never stall.
    if (length > 0) this.write(encodeFrame({ type: 'WINDOW_UPDATE', streamId: 0, increment: length }));
    const stream = this.streams.get(streamId);
    if (!stream) return; // reset or answered: §6.1 allows it; the connection window is already returned
    stream.bodyLength += length;
    const room = MAX_KEPT_BODY - stream.keptBody;
    if (room > 0 && data.length > 0) {
      stream.body.push(data.subarray(0, room));
      stream.keptBody += Math.min(room, data.length);
    }
    if (endStream) this.respond(streamId, stream);
    else if (length > 0) this.write(encodeFrame({ type: 'WINDOW_UPDATE', streamId, increment: length }));
  }

  /** The report is taken when the request ends (the frames seen so far); the route may answer later. */
  private respond(streamId: number, stream: OpenStream): void {
    this.streams.delete(streamId);
    const controller = new AbortController();
    this.answering.set(streamId, controller);
    const request = this.exchange(streamId, stream, controller.signal);
    answerHttpbin(request)
      .then((answer) => this.send(streamId, request.method === 'HEAD', answer, controller.signal))
      .catch(() => this.reset(streamId, 'INTERNAL_ERROR'))
      .finally(() => this.answering.delete(streamId));
  }

  private exchange(streamId: number, stream: OpenStream, signal: AbortSignal): EchoRequest {
    const pseudo = (name: string): string => stream.fields.find((f) => f.name === name)?.value ?? '';
    const headers: Array<[string, string]> = stream.fields.filter((f) => !f.name.startsWith(':')).map((f) => [f.name, f.value]);
    // What a server behind HTTP/2 sees: Host from :authority, and one Cookie (RFC 9113 §8.2.3, §8.3.1).
    if (!headers.some(([n]) => n === 'host') && pseudo(':authority')) headers.unshift(['host', pseudo(':authority')]);
    const cookies = headers.filter(([n]) => n === 'cookie').map(([, v]) => v);
    const joined: Array<[string, string]> = cookies.length > 1 ? [...headers.filter(([n]) => n !== 'cookie'), ['cookie', cookies.join('; ')]] : headers;
    return {
      method: pseudo(':method'),
      target: pseudo(':path'),
      scheme: this.connection.scheme,
      headers: joined,
      body: concat(stream.body),
      remoteAddress: this.connection.remoteAddress,
      report: this.report(streamId, stream),
      signal,
    };
  }

  private async send(streamId: number, head: boolean, answer: EchoAnswer, signal: AbortSignal): Promise<void> {
    if (this.closed || signal.aborted) return;
    const bytes = answer.body instanceof Uint8Array ? answer.body : undefined;
    const noBody = head || BODYLESS.has(answer.status);
    const fields: Array<[string, string]> = [[':status', String(answer.status)]];
    for (const [name, value] of answer.headers) {
      const lower = name.toLowerCase();
      if (CONNECTION_FIELDS.has(lower) || (lower === 'content-length' && bytes)) continue;
      fields.push([lower, value]);
    }
    if (bytes) fields.push(['content-length', String(BODYLESS.has(answer.status) ? 0 : bytes.length)]);
    this.write(encodeFrame({ type: 'HEADERS', streamId, endStream: noBody, endHeaders: true, headerBlock: this.encoder.encode(fields) }));
    if (noBody) {
      this.flow.cancel(streamId);
      return;
    }
    if (bytes) {
      this.flow.send(streamId, bytes);
      return;
    }
    for await (const chunk of answer.body as AsyncIterable<Uint8Array>) {
      if (signal.aborted || !this.flow.isOpen(streamId)) return;
      this.flow.send(streamId, chunk, false);
    }
    this.flow.send(streamId, new Uint8Array(0), true);
  }

  private report(streamId: number, stream: OpenStream): WireReport {
    const pseudo = (name: string): string => stream.fields.find((f) => f.name === name)?.value ?? '';
    const opening = this.opening!;
    return {
      httpVersion: 'HTTP/2',
      method: pseudo(':method'),
      path: pseudo(':path'),
      ...(this.connection.tls ? { tls: this.connection.tls } : {}),
      http2: {
        akamai: opening.akamai,
        akamaiHash: akamaiHash(opening.akamai),
        settings: opening.settings,
        windowUpdate: opening.windowUpdate,
        priority: opening.priority,
        frames: [...this.frames],
        framesTruncated: this.framesTruncated,
        streamId,
        headersFrame: stream.headersFrame,
        headers: stream.fields,
        tableSizeUpdates: stream.tableSizeUpdates,
        bodyLength: stream.bodyLength,
      },
    };
  }

  private reset(streamId: number, code: keyof typeof ErrorCode): void {
    this.streams.delete(streamId);
    this.write(encodeFrame({ type: 'RST_STREAM', streamId, errorCode: ErrorCode[code] }));
  }

  /** A connection error (§5.4.1): GOAWAY with the code, then close. */
  private goaway(code: string, message: string): void {
    const errorCode = code in ErrorCode ? ErrorCode[code as keyof typeof ErrorCode] : ErrorCode.PROTOCOL_ERROR;
    this.write(
      encodeFrame({ type: 'GOAWAY', streamId: 0, lastStreamId: this.lastStreamId, errorCode, debugData: new TextEncoder().encode(message.slice(0, 200)) }),
    );
    this.closed = true;
    this.socket.end();
  }

  private write(bytes: Uint8Array): void {
    if (!this.closed && this.socket.writable) this.socket.write(bytes);
  }
}

/**
 * A minimal HTTP/2 server (RFC 9113) on the project's own frame codec and HPACK decoder, whose
 * one job is to watch a client open a connection and make requests, and answer each request with
 * what it saw. It speaks just enough to keep any client going: SETTINGS and their ACKs, PING,
 * flow control both ways, RST_STREAM, GOAWAY.
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
import { FrameSplitter } from './frame-splitter.js';
import { settingSummary, summarizeFrame, type FrameSummary } from './frame-summary.js';
import { OutboundFlow } from './outbound-flow.js';
import { reportBody, type EchoReport, type Http2Report } from './report.js';
import type { TlsReport } from './tls-report.js';

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
}

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

  constructor(
    private readonly socket: Duplex,
    private readonly tls: TlsReport,
  ) {
    this.flow = new OutboundFlow((frame) => this.write(frame));
  }

  start(): void {
    this.write(encodeFrame({ type: 'SETTINGS', streamId: 0, ack: false, settings: SERVER_SETTINGS }));
    this.write(encodeFrame({ type: 'WINDOW_UPDATE', streamId: 0, increment: SERVER_CONNECTION_WINDOW_INCREMENT }));
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
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
        this.onData(frame.streamId, frame.endStream, length);
        return;
      case 'RST_STREAM':
        this.streams.delete(frame.streamId);
        this.flow.cancel(frame.streamId);
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
    const stream: OpenStream = { headersFrame: block.summary, fields: decoded.fields, tableSizeUpdates: decoded.tableSizeUpdates, bodyLength: 0 };
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

  private onData(streamId: number, endStream: boolean, length: number): void {
    // Give back what the DATA frame consumed (padding included, §6.9.1) so uploads never stall.
    if (length > 0) this.write(encodeFrame({ type: 'WINDOW_UPDATE', streamId: 0, increment: length }));
    const stream = this.streams.get(streamId);
    if (!stream) return; // reset or answered: §6.1 allows it; the connection window is already returned
    stream.bodyLength += length;
    if (endStream) this.respond(streamId, stream);
    else if (length > 0) this.write(encodeFrame({ type: 'WINDOW_UPDATE', streamId, increment: length }));
  }

  private respond(streamId: number, stream: OpenStream): void {
    this.streams.delete(streamId);
    const report = this.report(streamId, stream);
    const body = reportBody(report);
    const head = report.method === 'HEAD';
    const block = this.encoder.encode([
      [':status', '200'],
      ['content-type', 'application/json'],
      ['content-length', String(body.length)],
    ]);
    this.write(encodeFrame({ type: 'HEADERS', streamId, endStream: head, endHeaders: true, headerBlock: block }));
    if (head) this.flow.cancel(streamId);
    else this.flow.send(streamId, body);
  }

  private report(streamId: number, stream: OpenStream): EchoReport {
    const pseudo = (name: string): string => stream.fields.find((f) => f.name === name)?.value ?? '';
    const opening = this.opening!;
    return {
      httpVersion: 'HTTP/2',
      method: pseudo(':method'),
      path: pseudo(':path'),
      tls: this.tls,
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

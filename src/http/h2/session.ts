/**
 * An HTTP/2 client connection (RFC 9113) over any Duplex of plaintext (our TLS connection, a
 * socket for h2c), speaking with a browser profile's voice: its opening frames, its HEADERS
 * flags and priority, its pseudo-header order and HPACK choices, its stream ids and window
 * updates. Requests multiplex up to the server's MAX_CONCURRENT_STREAMS and queue beyond it.
 *
 * Error handling follows RFC 9113 §5.4: a violation confined to one stream resets that stream
 * (RST_STREAM) and fails only its request; anything else ends the connection with GOAWAY and the
 * matching error code, and every pending request gets a RemoteProtocolError saying why. Requests
 * the server never processed (above a GOAWAY's last-stream-id, REFUSED_STREAM, still queued) fail
 * with errors passed through `markReplayable`, so the pool can send them on a new connection.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { AbortError, ConnectError, HTTPError, RemoteProtocolError } from '../../errors.js';
import { hpackPolicy } from '../../profiles/hpack-policy.js';
import type { Http2Profile, Profile } from '../../profiles/types.js';
import { markReplayable, type ExchangeResponse, type H2Session } from '../session.js';
import { ClosedStreams } from './closed-streams.js';
import { DataScheduler } from './data-scheduler.js';
import { ReceiveWindow, SendWindow } from './flow-control.js';
import { FrameReader } from './frame-reader.js';
import { ErrorCode, errorCodeName, type ErrorCodeName, type Frame, type GoawayFrame, type Priority, type Setting } from './frame-types.js';
import { FrameWriter } from './frame-writer.js';
import { HeaderBlockAssembler, type CompleteHeaderBlock } from './header-block-assembler.js';
import { HpackDecoder } from './hpack/decoder.js';
import { DEFAULT_HEADER_TABLE_SIZE } from './hpack/dynamic-table.js';
import { HpackEncoder, type HeaderField } from './hpack/encoder.js';
import { DEFAULT_WINDOW_SIZE, localSettings, type LocalSettings } from './local-settings.js';
import { openingBytes } from './opening.js';
import { applyPeerSettings, defaultPeerSettings, type PeerSettings } from './peer-settings.js';
import { OutboundBody, type RequestBodySource } from './request-body.js';
import { headerBlockFrames, requestFields, type RequestLine } from './request-headers.js';
import { StreamError } from './stream-error.js';
import { H2Stream } from './stream.js';
import { profileGoodbye, profilePriorityByUrgency, profileRecordGrouping } from '../../profiles/behavior.js';
import { Http2PriorityDependencies, parseUrgency, weightedPriority } from './priority.js';

export type { PeerSettings } from './peer-settings.js';

const MAX_STREAM_ID = 0x7fff_ffff;

/** A request as the session takes it: `H2Request` (src/http/session.ts), plus streamed bodies and a priority. */
export interface Http2Request extends RequestLine {
  /** Regular fields in wire order (names are lower-cased; connection-specific ones dropped). */
  headers: readonly (readonly [string, string])[];
  /** null: END_STREAM on HEADERS. A Uint8Array (even empty) or an async iterable goes out as DATA. */
  body: RequestBodySource | null;
  /**
   * This request's HEADERS priority instead of the profile's: Chrome derives the weight from the
   * request's priority (a navigation 256, its favicon 220). null sends no priority block.
   */
  priority?: Priority | null;
}

export interface Http2SessionOptions {
  /** The browser to sound like: `http2` drives every frame; `browser` picks the upload chunking. */
  profile: Pick<Profile, 'http2'> & Partial<Pick<Profile, 'browser' | 'goodbye'>>;
  /** Called (asynchronously) whenever `available` or `closed` may have changed. */
  onStateChange?: () => void;
  /** Largest DATA payload we send. Default: Chrome 16,375 (16 KiB minus a frame header), Firefox 16,000. */
  dataFrameSize?: number;
  /**
   * Largest header block (HEADERS + CONTINUATION, frame headers included, before HPACK) we accept.
   * Default 1 MiB; at most 8 CONTINUATIONs per block either way (nghttp2's rule, header-block-assembler.ts).
   */
  maxHeaderBlockSize?: number;
  /** How long the server has to send its SETTINGS (RFC 9113 §3.4). Default 10 s. */
  settingsTimeoutMs?: number;
  /** How long a closing connection may take to flush its GOAWAY before it is destroyed. Default 1 s. */
  closeGraceMs?: number;
  /** Clock for the window-update timing (tests). */
  now?: () => number;
}

interface PendingRequest {
  line: RequestLine;
  fields: HeaderField[];
  body: RequestBodySource | null;
  priority: Priority | undefined;
  /** Chromium: the urgency whose priority is chained on the open streams when the stream opens. */
  urgency?: number;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  resolve: (response: ExchangeResponse) => void;
  reject: (error: Error) => void;
  /** Times the server refused it with REFUSED_STREAM and it was sent again. */
  refusals: number;
  /** Bumped when the request moves to a new stream, so the old stream's failure is ignored. */
  attempt: number;
}

/** A request refused more often than this (REFUSED_STREAM) fails, retryable, to the pool. */
const MAX_REFUSALS = 3;

type Target = H2Stream | 'reset' | 'ended' | 'closed' | 'idle';

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new AbortError(reason === undefined ? 'request aborted' : String(reason));
}

function protocolError(message: string, code: ErrorCodeName = 'PROTOCOL_ERROR'): RemoteProtocolError {
  return new RemoteProtocolError(message, code);
}

function refused(message: string): RemoteProtocolError {
  return markReplayable(new RemoteProtocolError(message, 'REFUSED_STREAM'));
}

export class Http2Session implements H2Session {
  private readonly transport: Duplex;
  private readonly writer: FrameWriter;
  private readonly http2: Profile['http2'];
  private readonly local: LocalSettings;
  private readonly peer: PeerSettings = defaultPeerSettings();
  private readonly reader: FrameReader;
  private readonly encoder: HpackEncoder;
  private readonly decoder: HpackDecoder;
  private readonly assembler: HeaderBlockAssembler;
  private readonly connectionSend = new SendWindow(DEFAULT_WINDOW_SIZE);
  private readonly connectionReceive: ReceiveWindow;
  private readonly dataFrameSize: number;
  private readonly closeGraceMs: number;
  private readonly scheduler: DataScheduler;

  private readonly streams = new Map<number, H2Stream>();
  private readonly closedStreams = new ClosedStreams();
  private readonly pending: PendingRequest[] = [];
  private readonly requestOf = new WeakMap<H2Stream, PendingRequest>();
  private readonly pings = new Map<string, { sentAt: number; resolve: (rtt: number) => void; reject: (e: Error) => void }>();

  private nextStreamId: number;
  private lastOpenedId = 0;
  private lastPromisedId = 0;
  private serverPrefaceSeen = false;
  /** Who waits for the server's first SETTINGS (whenSettings). */
  private settingsWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private headersSent = 0;
  /** ACKs of server SETTINGS held back until our first HEADERS is out (Chrome's order). */
  private deferredAcks = 0;
  private goaway: { lastStreamId: number; errorCode: number } | undefined;
  private state: 'open' | 'closed' = 'open';
  private notifyScheduled = false;
  private settingsTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  /** Chromium's stream dependency lists (used by profiles whose priority follows the urgency the Chromium way). */
  private readonly dependencies = new Http2PriorityDependencies();
  private readonly grouping: Http2Profile['recordGrouping'];

  constructor(
    transport: Duplex,
    private readonly options: Http2SessionOptions,
  ) {
    this.transport = transport;
    // Record boundaries as the browser's (issue 17 item 2): Chrome a record per frame, Firefox per burst.
    this.grouping = profileRecordGrouping(options.profile);
    this.writer = new FrameWriter(transport, this.grouping === 'frame');
    this.http2 = options.profile.http2;
    this.local = localSettings(this.http2);
    this.now = options.now ?? Date.now;
    this.dataFrameSize = options.dataFrameSize ?? (options.profile.browser === 'firefox' ? 16_000 : 16_384 - 9);
    this.closeGraceMs = options.closeGraceMs ?? 1_000;
    this.nextStreamId = this.http2.firstStreamId;
    this.reader = new FrameReader({ maxFrameSize: this.local.maxFrameSize });
    this.encoder = new HpackEncoder({ policy: hpackPolicy(this.http2.hpack) });
    this.decoder = new HpackDecoder(this.local.maxHeaderListSize ? { maxHeaderListSize: this.local.maxHeaderListSize } : {});
    // A larger table only permits the server more; a smaller one binds once it has ACKed ours.
    if (this.local.headerTableSize >= DEFAULT_HEADER_TABLE_SIZE) this.decoder.setTableSizeLimit(this.local.headerTableSize);
    this.assembler = new HeaderBlockAssembler(options.maxHeaderBlockSize ?? 1024 * 1024);
    // Chrome's session also sends a small update after 5 s, so a slow reader does not look idle.
    this.connectionReceive = new ReceiveWindow(this.local.connectionWindow, 5_000, this.now);
    this.scheduler = new DataScheduler({
      writer: this.writer,
      connectionWindow: this.connectionSend,
      maxPayload: () => Math.min(this.dataFrameSize, this.peer.maxFrameSize),
      onLocalEnd: (stream) => this.afterStreamEvent(stream),
    });

    transport.on('data', (chunk: Buffer) => this.onBytes(chunk));
    transport.on('end', () => this.onTransportEnd());
    transport.on('error', (error: Error) => this.onTransportGone(error));
    transport.on('close', () => this.onTransportGone(undefined));
    transport.on('drain', () => this.pumpData());

    this.writer.bytes(openingBytes(this.http2));
    if (this.grouping) this.writer.boundary();
    const settingsTimeout = options.settingsTimeoutMs ?? 10_000;
    this.settingsTimer = setTimeout(
      () => this.connectionError(protocolError(`no SETTINGS from the server within ${settingsTimeout} ms`, 'SETTINGS_TIMEOUT')),
      settingsTimeout,
    );
    this.settingsTimer.unref();
  }

  // -------------------------------------------------------------------------------------------
  // The face the pool sees

  /**
   * The pool may give this session another request: open, no GOAWAY, and the streams plus queued
   * requests below the server's MAX_CONCURRENT_STREAMS (a profile that waits for the server's
   * SETTINGS queues its first requests for that short moment).
   */
  get available(): boolean {
    return !this.closed && this.streams.size + this.pending.length < this.peer.maxConcurrentStreams;
  }

  /** No new request will ever be taken: GOAWAY either way, an error, stream ids used up, or closed. */
  get closed(): boolean {
    return this.state === 'closed' || this.goaway !== undefined || this.nextStreamId > MAX_STREAM_ID;
  }

  /** Streams open now (not counting queued requests). */
  get activeStreams(): number {
    return this.streams.size;
  }

  /** Requests waiting for a stream (MAX_CONCURRENT_STREAMS, or the server's SETTINGS not yet in). */
  get queuedRequests(): number {
    return this.pending.length;
  }

  /** The server's settings as last received. */
  get peerSettings(): Readonly<PeerSettings> {
    return this.peer;
  }

  /**
   * Resolves once the server's first SETTINGS has been applied (RFC 8441: whether it takes
   * extended CONNECT is known only then), or rejects when the session closes first.
   */
  whenSettings(): Promise<Readonly<PeerSettings>> {
    if (this.serverPrefaceSeen) return Promise.resolve(this.peer);
    if (this.state === 'closed') return Promise.reject(new ConnectError('the HTTP/2 session is closed', 'SESSION_CLOSED'));
    return new Promise((resolve, reject) => this.settingsWaiters.push({ resolve: () => resolve(this.peer), reject }));
  }

  /**
   * Sends a request; resolves at the final response HEADERS (1xx skipped) with a body that
   * streams as it is read. Aborting `signal` resets the stream (RST_STREAM CANCEL) and rejects, or
   * fails the body, with `signal.reason`; other streams are untouched.
   */
  request(request: Http2Request, signal?: AbortSignal): Promise<ExchangeResponse> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.closed) return Promise.reject(refused(this.closedReason()));
    let fields: HeaderField[];
    try {
      fields = requestFields(request, request.headers, this.http2.pseudoHeaderOrder);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    // The HEADERS priority: the caller's, else what the browser derives from the request's RFC 9218
    // `priority` field (issue 17 item 4; h2/priority.ts), else the profile's.
    let priority = request.priority === undefined ? (this.http2.headersPriority ?? undefined) : (request.priority ?? undefined);
    let urgency: number | undefined;
    if (request.priority === undefined && this.http2.headersPriority) {
      const field = request.headers.find(([name]) => name === 'priority')?.[1];
      const rule = profilePriorityByUrgency(this.options.profile);
      // Chromium: a request without the field is a navigation (HIGHEST, urgency 0), as before it had one.
      if (rule === 'chromium') urgency = field === undefined ? 0 : parseUrgency(field).urgency;
      else priority = weightedPriority({ ...this.http2, ...(rule ? { priorityByUrgency: rule } : {}) }, field) ?? priority;
    }
    return new Promise<ExchangeResponse>((resolve, reject) => {
      const entry: PendingRequest = {
        line: request,
        fields,
        body: request.body,
        priority,
        ...(urgency !== undefined ? { urgency } : {}),
        signal,
        onAbort: undefined,
        resolve,
        reject,
        refusals: 0,
        attempt: 0,
      };
      this.enqueue(entry, false);
    });
  }

  /** Queues a request for a stream (at the front when it is being sent again); aborting unqueues it. */
  private enqueue(entry: PendingRequest, front: boolean): void {
    const signal = entry.signal;
    if (signal) {
      entry.onAbort = () => {
        const at = this.pending.indexOf(entry);
        if (at < 0) return;
        this.pending.splice(at, 1);
        entry.reject(abortReason(signal));
        this.notify();
      };
      signal.addEventListener('abort', entry.onAbort, { once: true });
    }
    if (front) this.pending.unshift(entry);
    else this.pending.push(entry);
    this.openPending();
  }

  /** Round-trip time of a PING, in milliseconds. */
  ping(): Promise<number> {
    if (this.state === 'closed') return Promise.reject(new ConnectError('the HTTP/2 session is closed', 'SESSION_CLOSED'));
    const data = new Uint8Array(randomBytes(8));
    const key = Buffer.from(data).toString('hex');
    return new Promise((resolve, reject) => {
      this.pings.set(key, { sentAt: this.now(), resolve, reject });
      this.writer.frame({ type: 'PING', streamId: 0, ack: false, data });
    });
  }

  /**
   * Ends the connection as the profile's browser does: GOAWAY (NO_ERROR) first when it sends one
   * (Firefox; Chrome does not, see profiles/behavior.ts), then the transport. Open streams fail;
   * queued requests are retryable.
   */
  close(): void {
    if (this.state === 'closed') return;
    if (profileGoodbye(this.options.profile).goaway) this.writer.goaway(this.lastPromisedId, ErrorCode.NO_ERROR, '');
    this.shutDown(new AbortError('the HTTP/2 session was closed'));
  }

  /** Fails everything and drops the transport at once, without a GOAWAY. */
  destroy(error: Error = new AbortError('the HTTP/2 session was destroyed')): void {
    if (this.state === 'closed') return;
    this.shutDown(error);
    this.transport.destroy();
  }

  // -------------------------------------------------------------------------------------------
  // Opening streams

  private openPending(): void {
    while (this.pending.length && this.canOpenStream()) this.openStream(this.pending.shift()!);
    if (this.nextStreamId > MAX_STREAM_ID) this.rejectPending(refused('HTTP/2 stream identifiers are exhausted on this connection'));
  }

  private canOpenStream(): boolean {
    return (
      !this.closed &&
      this.streams.size < this.peer.maxConcurrentStreams &&
      // Firefox waits for the server's SETTINGS and ACKs them before its first HEADERS.
      (this.serverPrefaceSeen || !this.http2.settingsAckBeforeHeaders)
    );
  }

  private openStream(entry: PendingRequest): void {
    if (entry.signal && entry.onAbort) entry.signal.removeEventListener('abort', entry.onAbort);
    const id = this.nextStreamId;
    let block: Uint8Array;
    try {
      // Encoding and writing happen together: the HPACK tables on both ends follow wire order.
      block = this.encoder.encode(entry.fields);
    } catch (error) {
      entry.reject(error as Error);
      return;
    }
    this.nextStreamId += 2;
    this.lastOpenedId = id;
    const signal = entry.signal;
    let onAbort: (() => void) | undefined;
    const detach = (): void => {
      if (signal && onAbort) signal.removeEventListener('abort', onAbort);
    };
    const stream: H2Stream = new H2Stream({
      id,
      method: entry.line.method,
      sendWindow: this.peer.initialWindowSize,
      receiveWindow: this.local.streamWindow,
      body:
        entry.body === null
          ? null
          : new OutboundBody(
              entry.body,
              () => this.pumpData(),
              (error) => this.cancelStream(stream, error),
            ),
      bodyHooks: {
        onRelease: (octets) => this.release(stream, octets),
        onCancel: (reason) => this.cancelStream(stream, reason),
        // The signal matters until the body is read to its end or failed.
        onDone: detach,
      },
    });
    this.streams.set(id, stream);
    const priority = entry.urgency !== undefined ? this.dependencies.onStreamCreation(id, entry.urgency) : entry.priority;
    if (this.grouping === 'burst') this.writer.boundary();
    this.writer.bytes(headerBlockFrames(id, block, { endStream: stream.outbound === null, priority, maxFrameSize: this.peer.maxFrameSize }));
    this.headersSent++;
    this.flushDeferredAcks();
    if (this.http2.streamWindowUpdate) this.writer.windowUpdate(id, this.http2.streamWindowUpdate);
    // Firefox: the request's HEADERS and WINDOW_UPDATE leave together, alone.
    if (this.grouping === 'burst') this.writer.boundary();

    if (signal) {
      onAbort = () => this.cancelStream(stream, abortReason(signal));
      signal.addEventListener('abort', onAbort, { once: true });
    }
    this.requestOf.set(stream, entry);
    const attempt = entry.attempt;
    stream.response.then(entry.resolve, (error: Error) => {
      if (entry.attempt === attempt) entry.reject(error);
    });
    if (stream.outbound) this.scheduler.add(stream);
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  private flushDeferredAcks(): void {
    for (; this.deferredAcks > 0; this.deferredAcks--) this.ackAlone();
  }

  /** A SETTINGS ACK, in a record of its own for a browser that flushes it at once (Firefox). */
  private ackAlone(): void {
    if (this.grouping === 'burst') this.writer.boundary();
    this.writer.settingsAck();
    if (this.grouping === 'burst') this.writer.boundary();
  }

  private pumpData(): void {
    if (this.state === 'open') this.scheduler.run();
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  private get shutDownAlready(): boolean {
    return this.state === 'closed';
  }

  private onBytes(chunk: Uint8Array): void {
    if (this.state === 'closed') return;
    try {
      for (const frame of this.reader.push(chunk)) {
        this.onFrame(frame);
        // A frame may have ended the session; the rest of the chunk is not to be trusted.
        if (this.shutDownAlready) return;
      }
    } catch (error) {
      this.connectionError(error);
    }
  }

  private onFrame(frame: Frame): void {
    // §3.4: the server's connection preface is a SETTINGS frame, first.
    if (!this.serverPrefaceSeen && (frame.type !== 'SETTINGS' || frame.ack))
      throw protocolError(`the server's first frame is ${frame.type}, not SETTINGS (RFC 9113 §3.4)`);
    switch (frame.type) {
      case 'SETTINGS':
        if (frame.ack) this.onSettingsAck();
        else this.onSettings(frame.settings);
        return;
      case 'PING':
        if (!frame.ack) this.writer.frame({ type: 'PING', streamId: 0, ack: true, data: frame.data });
        else this.onPingAck(frame.data);
        return;
      case 'GOAWAY':
        this.onGoaway(frame);
        return;
      case 'WINDOW_UPDATE':
        this.onWindowUpdate(frame.streamId, frame.increment);
        return;
      case 'RST_STREAM':
        this.onReset(frame.streamId, frame.errorCode);
        return;
      case 'HEADERS':
      case 'PUSH_PROMISE':
        // §8.4: with push disabled, a PUSH_PROMISE is a connection error.
        if (frame.type === 'PUSH_PROMISE' && !this.local.pushEnabled) throw protocolError('PUSH_PROMISE although SETTINGS_ENABLE_PUSH is 0');
        this.onHeaderBlock(this.assembler.start(frame));
        return;
      case 'CONTINUATION':
        this.onHeaderBlock(this.assembler.continue(frame));
        return;
      case 'DATA':
        this.onData(frame.streamId, frame.data, frame.padLength, frame.endStream);
        return;
      case 'PRIORITY':
      case 'UNKNOWN':
        // PRIORITY is advisory and may name any stream (§6.3); unknown types are ignored (§4.1).
        return;
    }
  }

  /** The stream a frame is for, or what became of it. Server-initiated ids are never opened by us. */
  private target(id: number): Target {
    const stream = this.streams.get(id);
    if (stream) return stream;
    const closed = this.closedStreams.get(id);
    if (closed) return closed;
    return id % 2 === 1 && id <= this.lastOpenedId ? 'closed' : 'idle';
  }

  private onSettings(settings: Setting[]): void {
    const change = applyPeerSettings(this.peer, settings);
    for (const size of change.headerTableSizes) this.encoder.setTableSizeLimit(size);
    // §6.9.2: a new initial window moves every open stream's send window, below zero included.
    if (change.windowDelta)
      for (const stream of this.streams.values())
        if (!stream.sendWindow.grow(change.windowDelta))
          throw protocolError(`SETTINGS_INITIAL_WINDOW_SIZE ${this.peer.initialWindowSize} overflows stream ${stream.id}'s window`, 'FLOW_CONTROL_ERROR');
    const first = !this.serverPrefaceSeen;
    this.serverPrefaceSeen = true;
    if (first) {
      clearTimeout(this.settingsTimer);
      for (const waiter of this.settingsWaiters.splice(0)) waiter.resolve();
    }
    // Chrome sends its first HEADERS right behind its own SETTINGS, so its ACK of the server's
    // SETTINGS follows that HEADERS; hold the ACK back until then (or the next turn of the loop).
    if (!this.http2.settingsAckBeforeHeaders && this.headersSent === 0) {
      this.deferredAcks++;
      setImmediate(() => {
        if (this.state === 'open') this.flushDeferredAcks();
      });
    } else {
      this.ackAlone();
    }
    this.openPending();
    this.pumpData();
    this.notify();
  }

  private onSettingsAck(): void {
    if (this.local.headerTableSize < DEFAULT_HEADER_TABLE_SIZE) this.decoder.setTableSizeLimit(this.local.headerTableSize);
  }

  private onPingAck(data: Uint8Array): void {
    const key = Buffer.from(data).toString('hex');
    const ping = this.pings.get(key);
    if (!ping) return;
    this.pings.delete(key);
    ping.resolve(this.now() - ping.sentAt);
  }

  private onGoaway(frame: GoawayFrame): void {
    const first = this.goaway === undefined;
    // §6.8: a later GOAWAY may lower last-stream-id, never raise it.
    const lastStreamId = first ? frame.lastStreamId : Math.min(frame.lastStreamId, this.goaway!.lastStreamId);
    this.goaway = { lastStreamId, errorCode: frame.errorCode };
    const name = errorCodeName(frame.errorCode) ?? `0x${frame.errorCode.toString(16)}`;
    for (const stream of [...this.streams.values()]) {
      if (stream.id <= lastStreamId) continue;
      // §6.8: streams above last-stream-id were not processed: safe to retry elsewhere. (One
      // that already has its response head plainly was; a server saying otherwise is not believed.)
      const message = `stream ${stream.id} was not processed: the server sent GOAWAY (${name}, last stream ${lastStreamId})`;
      stream.fail(stream.responded ? new RemoteProtocolError(message, name) : refused(message));
      this.removeStream(stream);
    }
    this.rejectPending(refused(`the server sent GOAWAY (${name}) before this request was sent`));
    if (this.streams.size === 0) this.shutDown(undefined);
    this.notify();
  }

  private onWindowUpdate(streamId: number, increment: number): void {
    if (streamId === 0) {
      if (!this.connectionSend.grow(increment)) throw protocolError('WINDOW_UPDATE overflows the connection window', 'FLOW_CONTROL_ERROR');
      this.pumpData();
      return;
    }
    const target = this.target(streamId);
    if (target === 'idle') throw protocolError(`WINDOW_UPDATE on idle stream ${streamId}`);
    if (!(target instanceof H2Stream)) return;
    if (!target.sendWindow.grow(increment)) {
      this.resetStream(target, 'FLOW_CONTROL_ERROR', `WINDOW_UPDATE overflows stream ${streamId}'s window`);
      return;
    }
    this.pumpData();
  }

  private onReset(streamId: number, code: number): void {
    const target = this.target(streamId);
    if (target === 'idle') throw protocolError(`RST_STREAM on idle stream ${streamId}`);
    if (!(target instanceof H2Stream)) return;
    if (code === ErrorCode.NO_ERROR && target.remoteEnded) {
      // §8.1: the response is complete and the server wants no more of the request body.
      target.outbound?.stop();
      target.localEnded = true;
      this.afterStreamEvent(target);
      return;
    }
    const name = errorCodeName(code) ?? `0x${code.toString(16)}`;
    const error = new RemoteProtocolError(`the server reset stream ${streamId} (${name})`, name);
    // §8.7: REFUSED_STREAM means nothing was processed.
    if (code === ErrorCode.REFUSED_STREAM && this.sendAgain(target)) return;
    target.fail(code === ErrorCode.REFUSED_STREAM ? markReplayable(error) : error);
    this.removeStream(target);
  }

  /**
   * A stream the server refused (typically: we opened more than its MAX_CONCURRENT_STREAMS
   * before its SETTINGS arrived, as a browser may) goes back to the front of the queue, to be
   * sent again on this connection, when its body can be replayed. A new connection for it
   * would be both slower and unlike a browser.
   */
  private sendAgain(stream: H2Stream): boolean {
    const entry = this.requestOf.get(stream);
    if (!entry || stream.responded || this.closed || entry.refusals >= MAX_REFUSALS) return false;
    if (entry.body !== null && !(entry.body instanceof Uint8Array)) return false;
    entry.refusals++;
    entry.attempt++;
    stream.fail(new RemoteProtocolError(`stream ${stream.id} refused; sent again`, 'REFUSED_STREAM'));
    this.enqueue(entry, true);
    this.removeStream(stream);
    return true;
  }

  private onHeaderBlock(complete: CompleteHeaderBlock | undefined): void {
    if (!complete) return;
    // Every block is decoded, even for a stream we dropped: the HPACK table must stay in step.
    const fields = this.decoder.decode(complete.block).fields.map((f) => [f.name, f.value] as const);
    if (complete.kind === 'push') {
      this.refusePush(complete.streamId, complete.promisedStreamId);
      return;
    }
    const target = this.target(complete.streamId);
    if (target === 'idle') throw protocolError(`HEADERS on stream ${complete.streamId}, which we never opened`);
    if (target === 'ended') throw protocolError(`HEADERS on closed stream ${complete.streamId}`, 'STREAM_CLOSED');
    if (!(target instanceof H2Stream)) return;
    this.guard(target, () => target.onHeaders(fields, complete.endStream));
    this.afterStreamEvent(target);
  }

  /** Only reached when the profile leaves push enabled: the promise is refused (§8.4). */
  private refusePush(streamId: number, promisedStreamId: number): void {
    if (this.target(streamId) === 'idle') throw protocolError(`PUSH_PROMISE on idle stream ${streamId}`);
    if (promisedStreamId % 2 !== 0 || promisedStreamId <= this.lastPromisedId)
      throw protocolError(`PUSH_PROMISE promises invalid stream ${promisedStreamId}`);
    this.lastPromisedId = promisedStreamId;
    this.closedStreams.add(promisedStreamId, 'reset');
    this.writer.reset(promisedStreamId, ErrorCode.REFUSED_STREAM);
  }

  private onData(streamId: number, data: Uint8Array, padLength: number | undefined, endStream: boolean): void {
    // §6.9: the whole payload counts, padding included.
    const flowLength = data.length + (padLength === undefined ? 0 : padLength + 1);
    if (!this.connectionReceive.receive(flowLength)) throw protocolError('DATA beyond the connection flow-control window', 'FLOW_CONTROL_ERROR');
    const target = this.target(streamId);
    if (target === 'idle') throw protocolError(`DATA on stream ${streamId}, which we never opened`);
    if (target === 'ended') throw protocolError(`DATA on closed stream ${streamId}`, 'STREAM_CLOSED');
    if (!(target instanceof H2Stream)) {
      // Late DATA for a stream we reset: nobody reads it, give the window back at once.
      this.creditConnection(flowLength);
      return;
    }
    if (!target.receiveWindow.receive(flowLength)) {
      this.creditConnection(flowLength);
      this.resetStream(target, 'FLOW_CONTROL_ERROR', `DATA beyond stream ${streamId}'s flow-control window`);
      return;
    }
    // Padding is never read by anyone: it is released now; the data when the reader takes it.
    if (flowLength > data.length) this.release(target, flowLength - data.length);
    if (!this.guard(target, () => target.onData(data, endStream))) this.creditConnection(data.length);
    this.afterStreamEvent(target);
  }

  // -------------------------------------------------------------------------------------------
  // Flow control on the receiving side

  /** Octets of `stream` that left our buffers: replenish the windows the Chrome way. */
  private release(stream: H2Stream, octets: number): void {
    if (this.state === 'closed') return;
    this.creditConnection(octets);
    if (stream.reset || stream.remoteEnded) return;
    const increment = stream.receiveWindow.consumed(octets);
    if (increment) this.writer.windowUpdate(stream.id, increment);
  }

  private creditConnection(octets: number): void {
    const increment = this.connectionReceive.consumed(octets);
    if (increment && this.state === 'open') this.writer.windowUpdate(0, increment);
  }

  // -------------------------------------------------------------------------------------------
  // Stream endings

  /** Runs a stream's handler; a StreamError resets that stream only. False when it did. */
  private guard(stream: H2Stream, handler: () => void): boolean {
    try {
      handler();
      return true;
    } catch (error) {
      if (!(error instanceof StreamError)) throw error;
      this.resetStream(stream, error.code, error.message);
      return false;
    }
  }

  /** A stream error (§5.4.2): RST_STREAM with `code`, and the request fails with the reason. */
  private resetStream(stream: H2Stream, code: ErrorCodeName, message: string): void {
    this.writer.reset(stream.id, ErrorCode[code]);
    stream.fail(new RemoteProtocolError(message, code));
    this.removeStream(stream);
  }

  /** Our side gives up a stream (abort, body cancelled, request body failed): RST_STREAM CANCEL. */
  private cancelStream(stream: H2Stream, reason: Error): void {
    if (this.streams.get(stream.id) === stream) {
      this.writer.reset(stream.id, ErrorCode.CANCEL);
      stream.fail(reason);
      this.removeStream(stream);
    } else {
      // Already closed on the wire: only what is still buffered for the reader fails.
      stream.fail(reason);
    }
  }

  private afterStreamEvent(stream: H2Stream): void {
    if (stream.finished && this.streams.get(stream.id) === stream) this.removeStream(stream);
  }

  private removeStream(stream: H2Stream): void {
    if (this.streams.get(stream.id) !== stream) return;
    this.streams.delete(stream.id);
    this.dependencies.onStreamDestruction(stream.id);
    this.closedStreams.add(stream.id, stream.reset ? 'reset' : 'ended');
    if (this.goaway && this.streams.size === 0) {
      this.shutDown(undefined);
    } else {
      this.openPending();
    }
    this.notify();
  }

  private rejectPending(error: Error): void {
    for (const entry of this.pending.splice(0)) {
      if (entry.signal && entry.onAbort) entry.signal.removeEventListener('abort', entry.onAbort);
      entry.reject(error);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Connection endings

  /** A connection error (§5.4.1): GOAWAY with its code, then everything pending fails with it. */
  private connectionError(error: unknown): void {
    if (this.state === 'closed') return;
    const failure =
      error instanceof RemoteProtocolError ? error : new RemoteProtocolError(`HTTP/2 session failed: ${error instanceof Error ? error.message : String(error)}`, 'INTERNAL_ERROR');
    const code = ErrorCode[failure.code as ErrorCodeName] ?? ErrorCode.PROTOCOL_ERROR;
    this.writer.goaway(this.lastPromisedId, code, failure.message.slice(0, 256));
    this.shutDown(failure);
  }

  private onTransportEnd(): void {
    try {
      this.reader.end();
    } catch (error) {
      this.onTransportGone(error as Error);
      return;
    }
    this.onTransportGone(undefined);
  }

  private onTransportGone(cause: Error | undefined): void {
    if (this.state === 'closed') return;
    let error: Error;
    if (cause instanceof HTTPError) error = cause;
    else if (cause) error = new ConnectError(`the HTTP/2 connection failed: ${cause.message}`, (cause as NodeJS.ErrnoException).code ?? '', { cause });
    else if (this.goaway)
      error = new RemoteProtocolError(
        `the server closed the connection after GOAWAY (${errorCodeName(this.goaway.errorCode) ?? this.goaway.errorCode}) before the response completed`,
        'CONNECTION_CLOSED',
      );
    else error = new RemoteProtocolError('the server closed the connection before the response completed', 'CONNECTION_CLOSED');
    this.shutDown(error);
    this.transport.destroy();
  }

  /**
   * The session takes nothing more: open streams fail with `error` (none when the session wound
   * down after GOAWAY), queued requests are retryable, and the transport is ended, then destroyed
   * if it lingers.
   */
  private shutDown(error: Error | undefined): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.settingsTimer);
    const failure = error ?? new RemoteProtocolError('the HTTP/2 session closed', 'CONNECTION_CLOSED');
    for (const stream of [...this.streams.values()]) {
      stream.fail(failure);
      this.streams.delete(stream.id);
    }
    this.scheduler.clear();
    this.rejectPending(refused(`the HTTP/2 session closed before this request was sent: ${failure.message}`));
    for (const ping of this.pings.values()) ping.reject(failure);
    this.pings.clear();
    for (const waiter of this.settingsWaiters.splice(0)) waiter.reject(failure);
    const t = this.transport;
    if (!t.destroyed) {
      t.end();
      setTimeout(() => t.destroy(), this.closeGraceMs).unref();
    }
    this.notify();
  }

  private closedReason(): string {
    if (this.goaway) return `the server sent GOAWAY (${errorCodeName(this.goaway.errorCode) ?? this.goaway.errorCode}); open a new connection`;
    if (this.nextStreamId > MAX_STREAM_ID) return 'HTTP/2 stream identifiers are exhausted on this connection';
    return 'the HTTP/2 session is closed';
  }

  private notify(): void {
    if (this.notifyScheduled || !this.options.onStateChange) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      this.options.onStateChange?.();
    });
  }
}

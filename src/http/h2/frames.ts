/**
 * The HTTP/2 frame codec (RFC 9113 §4, §6): one frame's bytes to a typed value and back.
 *
 * Decoding is strict, as RFC 9113 asks of a receiver: a payload whose length does not fit its
 * type is FRAME_SIZE_ERROR, a frame on the wrong kind of stream (or padding longer than the
 * payload, a self-dependency, an out-of-range setting) is PROTOCOL_ERROR. Everything the peer can
 * get wrong surfaces as a `RemoteProtocolError` carrying the RFC 9113 error-code name, so the
 * session can put it straight into GOAWAY or RST_STREAM. Encoding rejects values that cannot be
 * put on the wire with a `RangeError`: those are our bugs, not the peer's.
 */
import { RemoteProtocolError } from '../../errors.js';
import {
  FRAME_HEADER_LENGTH,
  FrameFlag,
  FrameType,
  MAX_ALLOWED_FRAME_SIZE,
  MAX_WINDOW_SIZE,
  SettingsId,
  DEFAULT_MAX_FRAME_SIZE,
  type Frame,
  type FrameHeader,
  type HeadersFrame,
  type Priority,
  type Setting,
} from './frame-types.js';

const MAX_STREAM_ID = 0x7fff_ffff;

function frameSizeError(message: string): RemoteProtocolError {
  return new RemoteProtocolError(message, 'FRAME_SIZE_ERROR');
}

function protocolError(message: string, code = 'PROTOCOL_ERROR'): RemoteProtocolError {
  return new RemoteProtocolError(message, code);
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** Reads the 9-octet frame header at `offset` (the caller guarantees 9 octets are there). */
export function decodeFrameHeader(bytes: Uint8Array, offset = 0): FrameHeader {
  if (bytes.length - offset < FRAME_HEADER_LENGTH) throw new RangeError('a frame header needs 9 octets');
  return {
    length: (bytes[offset]! << 16) | (bytes[offset + 1]! << 8) | bytes[offset + 2]!,
    typeId: bytes[offset + 3]!,
    flags: bytes[offset + 4]!,
    // The R bit "MUST be ignored when receiving" (§4.1).
    streamId: u32(bytes, offset + 5) & MAX_STREAM_ID,
  };
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Frame types that exist only on a stream, and those that exist only on the connection. */
const STREAM_ONLY = new Set<number>([
  FrameType.DATA,
  FrameType.HEADERS,
  FrameType.PRIORITY,
  FrameType.RST_STREAM,
  FrameType.PUSH_PROMISE,
  FrameType.CONTINUATION,
]);
const CONNECTION_ONLY = new Set<number>([FrameType.SETTINGS, FrameType.PING, FrameType.GOAWAY]);

const TYPE_NAMES = Object.fromEntries(Object.entries(FrameType).map(([name, id]) => [id, name])) as Record<number, string>;

/**
 * Splits off the Pad Length octet and the trailing padding of a PADDED payload. `fixed` is the
 * number of octets that must sit between them (HEADERS' priority block, PUSH_PROMISE's stream id).
 */
function unpad(
  what: string,
  header: FrameHeader,
  payload: Uint8Array,
  fixed: number,
): { body: Uint8Array; padLength: number | undefined } {
  if (!(header.flags & FrameFlag.PADDED)) {
    if (payload.length < fixed) throw frameSizeError(`${what} payload of ${payload.length} octets is shorter than ${fixed}`);
    return { body: payload, padLength: undefined };
  }
  if (payload.length < 1 + fixed) throw frameSizeError(`padded ${what} payload of ${payload.length} octets is too short`);
  const padLength = payload[0]!;
  // §6.1: padding as long as the payload or longer is a connection error of type PROTOCOL_ERROR.
  if (padLength > payload.length - 1 - fixed) throw protocolError(`${what} padding of ${padLength} octets exceeds the payload`);
  return { body: payload.subarray(1, payload.length - padLength), padLength };
}

function readPriority(what: string, streamId: number, b: Uint8Array): Priority {
  const word = u32(b, 0);
  const dependsOn = word & MAX_STREAM_ID;
  // §5.3.1 (RFC 7540): a stream cannot depend on itself.
  if (dependsOn === streamId) throw protocolError(`${what} on stream ${streamId} depends on itself`);
  return { exclusive: (word & 0x8000_0000) !== 0, dependsOn, weight: b[4]! + 1 };
}

/** The checks RFC 9113 §6.5.2 puts on individual SETTINGS values. */
function checkSetting(s: Setting): void {
  switch (s.id) {
    case SettingsId.ENABLE_PUSH:
    case SettingsId.ENABLE_CONNECT_PROTOCOL:
    case SettingsId.NO_RFC7540_PRIORITIES:
      if (s.value > 1) throw protocolError(`SETTINGS id ${s.id} must be 0 or 1, got ${s.value}`);
      return;
    case SettingsId.INITIAL_WINDOW_SIZE:
      if (s.value > MAX_WINDOW_SIZE) throw protocolError(`SETTINGS_INITIAL_WINDOW_SIZE ${s.value} exceeds 2^31-1`, 'FLOW_CONTROL_ERROR');
      return;
    case SettingsId.MAX_FRAME_SIZE:
      if (s.value < DEFAULT_MAX_FRAME_SIZE || s.value > MAX_ALLOWED_FRAME_SIZE)
        throw protocolError(`SETTINGS_MAX_FRAME_SIZE ${s.value} is outside [16384, 16777215]`);
      return;
    default:
      // Unknown settings "MUST be ignored" (§6.5.2); they are kept for the caller to see.
      return;
  }
}

/**
 * Decodes one frame from its header and exactly `header.length` payload octets. The returned
 * value's byte fields are views into `payload`.
 */
export function decodeFrame(header: FrameHeader, payload: Uint8Array): Frame {
  if (payload.length !== header.length) throw new RangeError(`payload is ${payload.length} octets, header says ${header.length}`);
  const { typeId, flags, streamId } = header;
  const name = TYPE_NAMES[typeId];
  if (name !== undefined) {
    if (STREAM_ONLY.has(typeId) && streamId === 0) throw protocolError(`${name} frame on stream 0`);
    if (CONNECTION_ONLY.has(typeId) && streamId !== 0) throw protocolError(`${name} frame on stream ${streamId}`);
  }
  switch (typeId) {
    case FrameType.DATA: {
      const { body, padLength } = unpad('DATA', header, payload, 0);
      return { type: 'DATA', streamId, flags, endStream: (flags & FrameFlag.END_STREAM) !== 0, data: body, padLength };
    }
    case FrameType.HEADERS: {
      const hasPriority = (flags & FrameFlag.PRIORITY) !== 0;
      const { body, padLength } = unpad('HEADERS', header, payload, hasPriority ? 5 : 0);
      const frame: HeadersFrame = {
        type: 'HEADERS',
        streamId,
        flags,
        endStream: (flags & FrameFlag.END_STREAM) !== 0,
        endHeaders: (flags & FrameFlag.END_HEADERS) !== 0,
        headerBlock: hasPriority ? body.subarray(5) : body,
        padLength,
      };
      if (hasPriority) frame.priority = readPriority('HEADERS', streamId, body);
      return frame;
    }
    case FrameType.PRIORITY:
      if (payload.length !== 5) throw frameSizeError(`PRIORITY payload is ${payload.length} octets, not 5`);
      return { type: 'PRIORITY', streamId, flags, priority: readPriority('PRIORITY', streamId, payload) };
    case FrameType.RST_STREAM:
      if (payload.length !== 4) throw frameSizeError(`RST_STREAM payload is ${payload.length} octets, not 4`);
      return { type: 'RST_STREAM', streamId, flags, errorCode: u32(payload, 0) };
    case FrameType.SETTINGS: {
      const ack = (flags & FrameFlag.ACK) !== 0;
      if (ack && payload.length !== 0) throw frameSizeError(`SETTINGS ACK with a ${payload.length}-octet payload`);
      if (payload.length % 6 !== 0) throw frameSizeError(`SETTINGS payload of ${payload.length} octets is not a multiple of 6`);
      const settings: Setting[] = [];
      for (let at = 0; at < payload.length; at += 6) {
        const setting = { id: (payload[at]! << 8) | payload[at + 1]!, value: u32(payload, at + 2) };
        checkSetting(setting);
        settings.push(setting);
      }
      return { type: 'SETTINGS', streamId, flags, ack, settings };
    }
    case FrameType.PUSH_PROMISE: {
      const { body, padLength } = unpad('PUSH_PROMISE', header, payload, 4);
      const promisedStreamId = u32(body, 0) & MAX_STREAM_ID;
      if (promisedStreamId === 0) throw protocolError('PUSH_PROMISE promises stream 0');
      return {
        type: 'PUSH_PROMISE',
        streamId,
        flags,
        endHeaders: (flags & FrameFlag.END_HEADERS) !== 0,
        promisedStreamId,
        headerBlock: body.subarray(4),
        padLength,
      };
    }
    case FrameType.PING:
      if (payload.length !== 8) throw frameSizeError(`PING payload is ${payload.length} octets, not 8`);
      return { type: 'PING', streamId, flags, ack: (flags & FrameFlag.ACK) !== 0, data: payload };
    case FrameType.GOAWAY:
      if (payload.length < 8) throw frameSizeError(`GOAWAY payload of ${payload.length} octets is shorter than 8`);
      return {
        type: 'GOAWAY',
        streamId,
        flags,
        lastStreamId: u32(payload, 0) & MAX_STREAM_ID,
        errorCode: u32(payload, 4),
        debugData: payload.subarray(8),
      };
    case FrameType.WINDOW_UPDATE: {
      if (payload.length !== 4) throw frameSizeError(`WINDOW_UPDATE payload is ${payload.length} octets, not 4`);
      const increment = u32(payload, 0) & MAX_WINDOW_SIZE;
      if (increment === 0) throw protocolError(`WINDOW_UPDATE with increment 0 on stream ${streamId}`);
      return { type: 'WINDOW_UPDATE', streamId, flags, increment };
    }
    case FrameType.CONTINUATION:
      return { type: 'CONTINUATION', streamId, flags, endHeaders: (flags & FrameFlag.END_HEADERS) !== 0, headerBlock: payload };
    default:
      return { type: 'UNKNOWN', typeId, streamId, flags, payload };
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

function checkRange(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${what} ${value} is outside [${min}, ${max}]`);
}

/**
 * Writes a frame with no checks at all: any type, flags, stream id and payload. For tests and for
 * deliberately odd frames; `encodeFrame` is the checked path.
 */
export function encodeFrameRaw(typeId: number, flags: number, streamId: number, payload: Uint8Array): Uint8Array {
  checkRange('frame length', payload.length, 0, MAX_ALLOWED_FRAME_SIZE);
  const out = new Uint8Array(FRAME_HEADER_LENGTH + payload.length);
  out[0] = payload.length >>> 16;
  out[1] = payload.length >>> 8;
  out[2] = payload.length;
  out[3] = typeId;
  out[4] = flags;
  out[5] = streamId >>> 24;
  out[6] = streamId >>> 16;
  out[7] = streamId >>> 8;
  out[8] = streamId;
  out.set(payload, FRAME_HEADER_LENGTH);
  return out;
}

/** Builds a payload from parts: octets, or [value, width] big-endian integers. */
function payloadOf(...parts: (Uint8Array | readonly [number, 1 | 2 | 4])[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p instanceof Uint8Array ? p.length : p[1];
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    if (p instanceof Uint8Array) {
      out.set(p, at);
      at += p.length;
    } else {
      const [value, width] = p;
      for (let i = width - 1; i >= 0; i--) out[at + width - 1 - i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
      at += width;
    }
  }
  return out;
}

/** Pad Length octet, content, then zero padding (§6.1: padding octets MUST be zero). */
function padded(padLength: number | undefined, ...content: Uint8Array[]): Uint8Array {
  if (padLength === undefined) return payloadOf(...content);
  checkRange('pad length', padLength, 0, 255);
  return payloadOf([padLength, 1], ...content, new Uint8Array(padLength));
}

function priorityBytes(streamId: number, p: Priority): Uint8Array {
  checkRange('priority dependency', p.dependsOn, 0, MAX_STREAM_ID);
  checkRange('priority weight', p.weight, 1, 256);
  if (p.dependsOn === streamId) throw new RangeError(`stream ${streamId} cannot depend on itself`);
  return payloadOf([(p.exclusive ? 0x8000_0000 : 0) + p.dependsOn, 4], [p.weight - 1, 1]);
}

/** The flag bits each type defines; the rest may be carried through from `frame.flags`. */
const DEFINED_FLAGS: Record<Frame['type'], number> = {
  DATA: FrameFlag.END_STREAM | FrameFlag.PADDED,
  HEADERS: FrameFlag.END_STREAM | FrameFlag.END_HEADERS | FrameFlag.PADDED | FrameFlag.PRIORITY,
  PRIORITY: 0,
  RST_STREAM: 0,
  SETTINGS: FrameFlag.ACK,
  PUSH_PROMISE: FrameFlag.END_HEADERS | FrameFlag.PADDED,
  PING: FrameFlag.ACK,
  GOAWAY: 0,
  WINDOW_UPDATE: 0,
  CONTINUATION: FrameFlag.END_HEADERS,
  UNKNOWN: 0,
};

function bit(on: boolean, flag: number): number {
  return on ? flag : 0;
}

/** The typed parts of a frame as (type id, defined flag bits, payload). */
function layout(frame: Frame): [number, number, Uint8Array] {
  switch (frame.type) {
    case 'DATA':
      return [
        FrameType.DATA,
        bit(frame.endStream, FrameFlag.END_STREAM) | bit(frame.padLength !== undefined, FrameFlag.PADDED),
        padded(frame.padLength, frame.data),
      ];
    case 'HEADERS': {
      const prio = frame.priority ? [priorityBytes(frame.streamId, frame.priority)] : [];
      return [
        FrameType.HEADERS,
        bit(frame.endStream, FrameFlag.END_STREAM) |
          bit(frame.endHeaders, FrameFlag.END_HEADERS) |
          bit(frame.padLength !== undefined, FrameFlag.PADDED) |
          bit(frame.priority !== undefined, FrameFlag.PRIORITY),
        padded(frame.padLength, ...prio, frame.headerBlock),
      ];
    }
    case 'PRIORITY':
      return [FrameType.PRIORITY, 0, priorityBytes(frame.streamId, frame.priority)];
    case 'RST_STREAM':
      checkRange('error code', frame.errorCode, 0, 0xffff_ffff);
      return [FrameType.RST_STREAM, 0, payloadOf([frame.errorCode, 4])];
    case 'SETTINGS': {
      if (frame.ack && frame.settings.length) throw new RangeError('a SETTINGS ACK carries no settings');
      const parts: (readonly [number, 2 | 4])[] = [];
      for (const s of frame.settings) {
        checkRange('setting id', s.id, 0, 0xffff);
        checkRange('setting value', s.value, 0, 0xffff_ffff);
        parts.push([s.id, 2], [s.value, 4]);
      }
      return [FrameType.SETTINGS, bit(frame.ack, FrameFlag.ACK), payloadOf(...parts)];
    }
    case 'PUSH_PROMISE':
      checkRange('promised stream id', frame.promisedStreamId, 1, MAX_STREAM_ID);
      return [
        FrameType.PUSH_PROMISE,
        bit(frame.endHeaders, FrameFlag.END_HEADERS) | bit(frame.padLength !== undefined, FrameFlag.PADDED),
        padded(frame.padLength, payloadOf([frame.promisedStreamId, 4]), frame.headerBlock),
      ];
    case 'PING':
      if (frame.data.length !== 8) throw new RangeError(`PING data is ${frame.data.length} octets, not 8`);
      return [FrameType.PING, bit(frame.ack, FrameFlag.ACK), payloadOf(frame.data)];
    case 'GOAWAY':
      checkRange('last stream id', frame.lastStreamId, 0, MAX_STREAM_ID);
      checkRange('error code', frame.errorCode, 0, 0xffff_ffff);
      return [FrameType.GOAWAY, 0, payloadOf([frame.lastStreamId, 4], [frame.errorCode, 4], frame.debugData)];
    case 'WINDOW_UPDATE':
      checkRange('window increment', frame.increment, 1, MAX_WINDOW_SIZE);
      return [FrameType.WINDOW_UPDATE, 0, payloadOf([frame.increment, 4])];
    case 'CONTINUATION':
      return [FrameType.CONTINUATION, bit(frame.endHeaders, FrameFlag.END_HEADERS), payloadOf(frame.headerBlock)];
    case 'UNKNOWN':
      // A known type id here would smuggle an unchecked frame past the typed cases above.
      checkRange('unknown frame type', frame.typeId, 0x0a, 0xff);
      return [frame.typeId, 0, payloadOf(frame.payload)];
  }
}

/** Encodes a typed frame: the 9-octet header and its payload. */
export function encodeFrame(frame: Frame): Uint8Array {
  checkRange('stream id', frame.streamId, 0, MAX_STREAM_ID);
  const [typeId, definedFlags, payload] = layout(frame);
  if (STREAM_ONLY.has(typeId) && frame.streamId === 0) throw new RangeError(`${frame.type} needs a stream id`);
  if (CONNECTION_ONLY.has(typeId) && frame.streamId !== 0) throw new RangeError(`${frame.type} belongs on stream 0`);
  const extra = (frame.flags ?? 0) & 0xff & ~DEFINED_FLAGS[frame.type];
  return encodeFrameRaw(typeId, definedFlags | extra, frame.streamId, payload);
}

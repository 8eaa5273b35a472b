/**
 * HTTP/2 frame vocabulary (RFC 9113 §4-§7): the numbers on the wire and the typed values the
 * frame codec turns them into. Data only; `frames.ts` encodes and decodes.
 */

/** The 24 octets a client sends first (RFC 9113 §3.4): `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`. */
export const CLIENT_PREFACE: Uint8Array = new Uint8Array([
  0x50, 0x52, 0x49, 0x20, 0x2a, 0x20, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x32, 0x2e, 0x30, 0x0d, 0x0a, 0x0d, 0x0a, 0x53, 0x4d,
  0x0d, 0x0a, 0x0d, 0x0a,
]);

/** Every frame starts with a 9-octet header: length (24), type (8), flags (8), R + stream id (1 + 31). */
export const FRAME_HEADER_LENGTH = 9;

/** SETTINGS_MAX_FRAME_SIZE bounds (RFC 9113 §6.5.2): the initial value is also the floor. */
export const DEFAULT_MAX_FRAME_SIZE = 16_384;
export const MAX_ALLOWED_FRAME_SIZE = 0xff_ffff;

/** Largest flow-control window and increment (RFC 9113 §6.9.1). */
export const MAX_WINDOW_SIZE = 0x7fff_ffff;

export const FrameType = {
  DATA: 0x0,
  HEADERS: 0x1,
  PRIORITY: 0x2,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PUSH_PROMISE: 0x5,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9,
} as const;
export type FrameTypeName = keyof typeof FrameType;

/** Flag bits; each is defined only for the frame types named beside it. */
export const FrameFlag = {
  /** DATA, HEADERS */
  END_STREAM: 0x01,
  /** SETTINGS, PING */
  ACK: 0x01,
  /** HEADERS, PUSH_PROMISE, CONTINUATION */
  END_HEADERS: 0x04,
  /** DATA, HEADERS, PUSH_PROMISE */
  PADDED: 0x08,
  /** HEADERS */
  PRIORITY: 0x20,
} as const;

/** SETTINGS parameters (RFC 9113 §6.5.2, RFC 8441 §3, RFC 9218 §2.1). */
export const SettingsId = {
  HEADER_TABLE_SIZE: 0x1,
  ENABLE_PUSH: 0x2,
  MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5,
  MAX_HEADER_LIST_SIZE: 0x6,
  ENABLE_CONNECT_PROTOCOL: 0x8,
  NO_RFC7540_PRIORITIES: 0x9,
} as const;

/** Error codes for RST_STREAM and GOAWAY (RFC 9113 §7). */
export const ErrorCode = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa,
  ENHANCE_YOUR_CALM: 0xb,
  INADEQUATE_SECURITY: 0xc,
  HTTP_1_1_REQUIRED: 0xd,
} as const;
export type ErrorCodeName = keyof typeof ErrorCode;

/** The error-code name for a number, or `undefined` for an unknown code (which peers may send). */
export function errorCodeName(code: number): ErrorCodeName | undefined {
  for (const [name, value] of Object.entries(ErrorCode)) if (value === code) return name as ErrorCodeName;
  return undefined;
}

/** RFC 7540 §5.3 priority data, carried by PRIORITY frames and HEADERS with the PRIORITY flag. */
export interface Priority {
  exclusive: boolean;
  dependsOn: number;
  /** 1..256, as the RFC states it; the wire carries `weight - 1`. */
  weight: number;
}

/** One SETTINGS parameter. Kept as a list, in wire order, duplicates and unknown ids included. */
export interface Setting {
  id: number;
  value: number;
}

/**
 * Fields every frame value has. `flags` is the raw flag octet as received; when encoding, the
 * typed fields decide the defined bits and `flags` only contributes undefined ones (so a decoded
 * frame re-encodes byte for byte).
 */
interface FrameCommon {
  streamId: number;
  flags?: number;
}

/** `padLength` is absent when the PADDED flag is unset; 0 means the flag is set with no padding. */
interface Padded {
  padLength?: number;
}

export interface DataFrame extends FrameCommon, Padded {
  type: 'DATA';
  endStream: boolean;
  data: Uint8Array;
}

export interface HeadersFrame extends FrameCommon, Padded {
  type: 'HEADERS';
  endStream: boolean;
  endHeaders: boolean;
  /** Present exactly when the PRIORITY flag is set. */
  priority?: Priority;
  headerBlock: Uint8Array;
}

export interface PriorityFrame extends FrameCommon {
  type: 'PRIORITY';
  priority: Priority;
}

export interface RstStreamFrame extends FrameCommon {
  type: 'RST_STREAM';
  errorCode: number;
}

export interface SettingsFrame extends FrameCommon {
  type: 'SETTINGS';
  ack: boolean;
  settings: Setting[];
}

export interface PushPromiseFrame extends FrameCommon, Padded {
  type: 'PUSH_PROMISE';
  endHeaders: boolean;
  promisedStreamId: number;
  headerBlock: Uint8Array;
}

export interface PingFrame extends FrameCommon {
  type: 'PING';
  ack: boolean;
  /** Exactly 8 octets. */
  data: Uint8Array;
}

export interface GoawayFrame extends FrameCommon {
  type: 'GOAWAY';
  lastStreamId: number;
  errorCode: number;
  debugData: Uint8Array;
}

export interface WindowUpdateFrame extends FrameCommon {
  type: 'WINDOW_UPDATE';
  increment: number;
}

export interface ContinuationFrame extends FrameCommon {
  type: 'CONTINUATION';
  endHeaders: boolean;
  headerBlock: Uint8Array;
}

/** A frame type this codec does not know: RFC 9113 §4.1 says ignore it, so it is kept raw. */
export interface UnknownFrame extends FrameCommon {
  type: 'UNKNOWN';
  typeId: number;
  payload: Uint8Array;
}

export type Frame =
  | DataFrame
  | HeadersFrame
  | PriorityFrame
  | RstStreamFrame
  | SettingsFrame
  | PushPromiseFrame
  | PingFrame
  | GoawayFrame
  | WindowUpdateFrame
  | ContinuationFrame
  | UnknownFrame;

/** The fixed 9-octet frame header, decoded. */
export interface FrameHeader {
  length: number;
  typeId: number;
  flags: number;
  streamId: number;
}

/**
 * One received HTTP/2 frame as the echo report lists it: the header fields, and of the payload
 * what tells clients apart (settings in order, increments, priorities, flags, the raw HPACK
 * block). DATA is reduced to its length: the report describes the client, not its upload.
 */
import { FrameType, SettingsId, errorCodeName, type Frame, type Priority } from '../../http/h2/index.js';
import { hex } from './json.js';

export interface SettingSummary {
  id: number;
  name: string;
  value: number;
}

export interface FrameSummary {
  type: Frame['type'];
  typeId: number;
  /** The raw flag octet. */
  flags: number;
  streamId: number;
  /** Payload length from the frame header. */
  length: number;
  ack?: boolean;
  settings?: SettingSummary[];
  increment?: number;
  priority?: Priority;
  endStream?: boolean;
  endHeaders?: boolean;
  padLength?: number;
  /** HEADERS / CONTINUATION / PUSH_PROMISE: the header block fragment, hex. */
  headerBlock?: string;
  errorCode?: number;
  errorName?: string;
  lastStreamId?: number;
  /** GOAWAY debug data, PING opaque data, or an unknown frame's payload, hex. */
  data?: string;
}

const SETTING_NAMES = new Map<number, string>(Object.entries(SettingsId).map(([name, id]) => [id, name]));

export function settingSummary(id: number, value: number): SettingSummary {
  return { id, name: SETTING_NAMES.get(id) ?? `UNKNOWN_0x${id.toString(16)}`, value };
}

export function summarizeFrame(frame: Frame, length: number): FrameSummary {
  const typeId = frame.type === 'UNKNOWN' ? frame.typeId : FrameType[frame.type];
  const base: FrameSummary = { type: frame.type, typeId, flags: frame.flags ?? 0, streamId: frame.streamId, length };
  const padding = 'padLength' in frame && frame.padLength !== undefined ? { padLength: frame.padLength } : {};
  switch (frame.type) {
    case 'SETTINGS':
      return { ...base, ack: frame.ack, settings: frame.settings.map((s) => settingSummary(s.id, s.value)) };
    case 'WINDOW_UPDATE':
      return { ...base, increment: frame.increment };
    case 'PRIORITY':
      return { ...base, priority: frame.priority };
    case 'HEADERS':
      return {
        ...base,
        endStream: frame.endStream,
        endHeaders: frame.endHeaders,
        ...(frame.priority ? { priority: frame.priority } : {}),
        ...padding,
        headerBlock: hex(frame.headerBlock),
      };
    case 'CONTINUATION':
      return { ...base, endHeaders: frame.endHeaders, headerBlock: hex(frame.headerBlock) };
    case 'DATA':
      return { ...base, endStream: frame.endStream, ...padding };
    case 'RST_STREAM':
      return { ...base, errorCode: frame.errorCode, errorName: errorCodeName(frame.errorCode) ?? 'UNKNOWN' };
    case 'GOAWAY':
      return {
        ...base,
        lastStreamId: frame.lastStreamId,
        errorCode: frame.errorCode,
        errorName: errorCodeName(frame.errorCode) ?? 'UNKNOWN',
        data: hex(frame.debugData),
      };
    case 'PING':
      return { ...base, ack: frame.ack, data: hex(frame.data) };
    case 'PUSH_PROMISE':
      return { ...base, endHeaders: frame.endHeaders, ...padding, headerBlock: hex(frame.headerBlock) };
    case 'UNKNOWN':
      return { ...base, data: hex(frame.payload) };
  }
}

/**
 * What the profile's SETTINGS commit us to (RFC 9113 §6.5.2), read once: the values we must then
 * honour as a receiver (windows, frame size, table size, header list size). A setting the profile
 * does not send keeps its protocol default, exactly as the server will assume.
 */
import { DEFAULT_MAX_FRAME_SIZE, SettingsId } from './frame-types.js';
import { DEFAULT_HEADER_TABLE_SIZE } from './hpack/dynamic-table.js';
import type { Http2Profile } from '../../profiles/types.js';

/** §6.9.2: every window starts at 65,535 until SETTINGS or WINDOW_UPDATE say otherwise. */
export const DEFAULT_WINDOW_SIZE = 65_535;

export interface LocalSettings {
  headerTableSize: number;
  pushEnabled: boolean;
  initialWindowSize: number;
  maxFrameSize: number;
  /** Our advertised limit, or undefined (no limit advertised). */
  maxHeaderListSize: number | undefined;
  /** The connection receive window once the opening WINDOW_UPDATE is counted. */
  connectionWindow: number;
  /** Each stream's receive window once its WINDOW_UPDATE (Firefox) is counted. */
  streamWindow: number;
}

export function localSettings(http2: Http2Profile): LocalSettings {
  const value = (id: number): number | undefined => {
    let found: number | undefined;
    // A repeated id: the last one wins, as for any SETTINGS receiver (§6.5.3 processes in order).
    for (const [sid, v] of http2.settings) if (sid === id) found = v;
    return found;
  };
  const initialWindowSize = value(SettingsId.INITIAL_WINDOW_SIZE) ?? DEFAULT_WINDOW_SIZE;
  return {
    headerTableSize: value(SettingsId.HEADER_TABLE_SIZE) ?? DEFAULT_HEADER_TABLE_SIZE,
    pushEnabled: (value(SettingsId.ENABLE_PUSH) ?? 1) !== 0,
    initialWindowSize,
    maxFrameSize: value(SettingsId.MAX_FRAME_SIZE) ?? DEFAULT_MAX_FRAME_SIZE,
    maxHeaderListSize: value(SettingsId.MAX_HEADER_LIST_SIZE),
    connectionWindow: DEFAULT_WINDOW_SIZE + (http2.connectionWindowUpdate ?? 0),
    streamWindow: initialWindowSize + (http2.streamWindowUpdate ?? 0),
  };
}

/**
 * The server's SETTINGS (RFC 9113 §6.5.2) as they stand, starting from the protocol defaults,
 * and what a new SETTINGS frame changes. The session applies the effects (encoder table size,
 * stream windows); this file only keeps the values and checks the one rule aimed at servers.
 */
import { RemoteProtocolError } from '../../errors.js';
import { DEFAULT_MAX_FRAME_SIZE, SettingsId, type Setting } from './frame-types.js';
import { DEFAULT_HEADER_TABLE_SIZE } from './hpack/dynamic-table.js';
import { DEFAULT_WINDOW_SIZE } from './local-settings.js';

export interface PeerSettings {
  headerTableSize: number;
  /** Unlimited by the protocol until the server says; we assume 100, as Chrome and Firefox do. */
  maxConcurrentStreams: number;
  initialWindowSize: number;
  maxFrameSize: number;
  maxHeaderListSize: number;
  /** SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 §3): the server takes extended CONNECT (WebSocket). */
  enableConnectProtocol: boolean;
}

export function defaultPeerSettings(): PeerSettings {
  return {
    headerTableSize: DEFAULT_HEADER_TABLE_SIZE,
    maxConcurrentStreams: 100,
    initialWindowSize: DEFAULT_WINDOW_SIZE,
    maxFrameSize: DEFAULT_MAX_FRAME_SIZE,
    maxHeaderListSize: Infinity,
    enableConnectProtocol: false,
  };
}

export interface SettingsChange {
  /** The new SETTINGS_HEADER_TABLE_SIZE, each time one is listed. */
  headerTableSizes: number[];
  /** What each open stream's send window moves by (§6.9.2): new initial size minus the old. */
  windowDelta: number;
}

/** Applies one SETTINGS frame's values in order (a repeated id: each one counts, the last wins). */
export function applyPeerSettings(peer: PeerSettings, settings: readonly Setting[]): SettingsChange {
  const change: SettingsChange = { headerTableSizes: [], windowDelta: 0 };
  for (const { id, value } of settings) {
    switch (id) {
      case SettingsId.HEADER_TABLE_SIZE:
        peer.headerTableSize = value;
        change.headerTableSizes.push(value);
        break;
      case SettingsId.ENABLE_PUSH:
        // §6.5.2: a server has no use for push from a client and must not claim it.
        if (value !== 0) throw new RemoteProtocolError('the server sent SETTINGS_ENABLE_PUSH=1', 'PROTOCOL_ERROR');
        break;
      case SettingsId.MAX_CONCURRENT_STREAMS:
        peer.maxConcurrentStreams = value;
        break;
      case SettingsId.INITIAL_WINDOW_SIZE:
        change.windowDelta += value - peer.initialWindowSize;
        peer.initialWindowSize = value;
        break;
      case SettingsId.MAX_FRAME_SIZE:
        peer.maxFrameSize = value;
        break;
      case SettingsId.MAX_HEADER_LIST_SIZE:
        peer.maxHeaderListSize = value;
        break;
      case SettingsId.ENABLE_CONNECT_PROTOCOL:
        // RFC 8441 §3: 0 or 1, and once 1 it may not go back to 0.
        if (value > 1) throw new RemoteProtocolError(`the server sent SETTINGS_ENABLE_CONNECT_PROTOCOL=${value}`, 'PROTOCOL_ERROR');
        if (peer.enableConnectProtocol && value === 0) throw new RemoteProtocolError('the server turned SETTINGS_ENABLE_CONNECT_PROTOCOL off', 'PROTOCOL_ERROR');
        peer.enableConnectProtocol = value === 1;
        break;
      default:
        // Unknown settings are ignored (§6.5.2).
        break;
    }
  }
  return change;
}

/**
 * The first octets a browser writes on a new HTTP/2 connection, from its profile: the client
 * preface, SETTINGS in the profile's order (ids and values exactly as listed, duplicates and
 * unknown ids included), the connection WINDOW_UPDATE, then the PRIORITY frames older Firefox
 * versions built their dependency tree with. This sequence is most of the Akamai fingerprint.
 */
import type { Http2Profile } from '../../profiles/types.js';
import { CLIENT_PREFACE } from './frame-types.js';
import { encodeFrame } from './frames.js';

export function openingBytes(http2: Http2Profile): Uint8Array {
  const parts: Uint8Array[] = [
    CLIENT_PREFACE,
    encodeFrame({ type: 'SETTINGS', streamId: 0, ack: false, settings: http2.settings.map(([id, value]) => ({ id, value })) }),
  ];
  if (http2.connectionWindowUpdate) parts.push(encodeFrame({ type: 'WINDOW_UPDATE', streamId: 0, increment: http2.connectionWindowUpdate }));
  for (const p of http2.priorityFrames) {
    parts.push(encodeFrame({ type: 'PRIORITY', streamId: p.streamId, priority: { exclusive: p.exclusive, dependsOn: p.dependsOn, weight: p.weight } }));
  }
  return Buffer.concat(parts);
}

/**
 * A profile's HTTP/2 opening from an Akamai fingerprint string. The string fixes SETTINGS, the
 * connection WINDOW_UPDATE, the PRIORITY frames and the pseudo-header order; what it does not
 * show (the HEADERS priority, HPACK habits, the SETTINGS ACK timing) stays the base's.
 */
import { createHash } from 'node:crypto';
import type { Http2Profile, Profile } from '../types.js';
import { parseAkamai } from './akamai-text.js';

export function http2FromAkamai(akamai: string, base: Http2Profile): Http2Profile {
  const parts = parseAkamai(akamai);
  const lastPriority = Math.max(0, ...parts.priorityFrames.map((p) => p.streamId));
  // A base's first stream that only followed its own PRIORITY tree (old Firefox: 15 after 3..13)
  // is not a choice to carry over; a request stream must still come after every PRIORITY stream.
  const floor = base.priorityFrames.length ? 1 : base.firstStreamId;
  const afterPriorities = lastPriority ? lastPriority + (lastPriority % 2 === 0 ? 1 : 2) : 1;
  return {
    ...structuredClone(base),
    settings: parts.settings,
    connectionWindowUpdate: parts.connectionWindowUpdate,
    priorityFrames: parts.priorityFrames,
    pseudoHeaderOrder: parts.pseudoHeaderOrder,
    firstStreamId: Math.max(floor, afterPriorities),
  };
}

/** The profile with its HTTP/2 opening replaced; its id says so, as a different client it is. */
export function profileWithAkamai(profile: Profile, akamai: string, options: { id?: string } = {}): Profile {
  const hash = createHash('md5').update(akamai.trim()).digest('hex').slice(0, 12);
  const { aliases: _aliases, ...rest } = profile;
  return {
    ...rest,
    id: options.id ?? `${profile.id}+h2_${hash}`,
    source: `${profile.source}; HTTP/2 opening from the Akamai fingerprint ${akamai.trim()}`,
    http2: http2FromAkamai(akamai, profile.http2),
  };
}

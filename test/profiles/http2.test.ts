// The profiles' HTTP-level data against the captures: the first frames (SETTINGS, WINDOW_UPDATE,
// PRIORITY, HEADERS flags and priority, stream ids, frame order), the pseudo-header and header
// order with the values (except the identity headers the profiles deliberately change), the HPACK
// choices (re-encoding every captured header block byte for byte), and the Akamai string.
import { describe, expect, it } from 'vitest';
import { akamaiFingerprint } from '../../src/fingerprint/index.js';
import { HpackEncoder, chromePolicy, firefoxPolicy, type EncodingPolicy, type HeaderField } from '../../src/http/h2/index.js';
import { chrome156 } from '../../src/profiles/data/chrome_156.js';
import { firefox153 } from '../../src/profiles/data/firefox_153.js';
import { orderHeaderNames } from '../../src/profiles/header-order.js';
import { hpackPolicy } from '../../src/profiles/hpack-policy.js';
import type { Profile } from '../../src/profiles/types.js';
import { captureFiles, labelOf, readCapture } from '../fingerprint/captures.js';

interface CapturedFrame {
  type: string;
  flags: string;
  stream_id: number;
  settings?: { id: number; value: number }[];
  ack?: boolean;
  increment?: number;
  priority_flag?: boolean;
  exclusive?: boolean;
  depends_on?: number;
  weight?: number;
  header_block_hex?: string;
}

interface H2Capture {
  h2: {
    frames: CapturedFrame[];
    headers_frames: { stream_id: number; headers: { name: string; value: string }[] }[];
    akamai: string;
  };
}

/** Request-carrying captures of each browser (a second connection that sent no request is left out). */
function requestCaptures(prefix: string): [string, H2Capture][] {
  return captureFiles('.json')
    .map(labelOf)
    .filter((label) => label.startsWith(prefix))
    .map((label) => [label, JSON.parse(readCapture(`${label}.json`)) as H2Capture] as [string, H2Capture])
    .filter(([, c]) => c.h2?.headers_frames?.length > 0);
}

/** Identity headers the profiles set on purpose (branded browser on Windows, not headless Linux). */
const IDENTITY = new Set(['user-agent', 'sec-ch-ua', 'sec-ch-ua-platform']);

const cases: [Profile, string, EncodingPolicy][] = [
  [chrome156, 'chromium-', chromePolicy],
  [firefox153, 'firefox-', firefoxPolicy],
];

describe.each(cases)('%s', (profile, prefix, referencePolicy) => {
  const captures = requestCaptures(prefix);
  const h2 = profile.http2;

  it('has request-carrying captures to compare with', () => {
    expect(captures.length).toBeGreaterThanOrEqual(2);
  });

  describe.each(captures)('%s', (_label, capture) => {
    const frames = capture.h2.frames;
    const firstHeaders = frames.findIndex((f) => f.type === 'HEADERS');
    const before = frames.slice(0, firstHeaders);
    const headers = frames[firstHeaders]!;

    it('opens with the same SETTINGS and connection WINDOW_UPDATE, and no PRIORITY frames', () => {
      expect(frames[0]!.type).toBe('SETTINGS');
      expect(frames[0]!.settings!.map((s) => [s.id, s.value])).toEqual(h2.settings);
      expect(frames[1]).toMatchObject({ type: 'WINDOW_UPDATE', stream_id: 0, increment: h2.connectionWindowUpdate });
      expect(before.filter((f) => f.type === 'PRIORITY').length).toBe(h2.priorityFrames.length);
    });

    it('acks the server SETTINGS before or after the first HEADERS as the profile says', () => {
      expect(before.some((f) => f.type === 'SETTINGS' && f.ack === true)).toBe(h2.settingsAckBeforeHeaders);
    });

    it('sends the first HEADERS on the first stream id, with the profile priority', () => {
      expect(headers.stream_id).toBe(h2.firstStreamId);
      expect(headers.priority_flag).toBe(h2.headersPriority !== null);
      expect({ exclusive: headers.exclusive, dependsOn: headers.depends_on, weight: headers.weight }).toEqual(h2.headersPriority);
      // END_STREAM | END_HEADERS | PRIORITY for a GET.
      expect(headers.flags).toBe('0x25');
    });

    it('follows HEADERS with a stream WINDOW_UPDATE only when the profile does', () => {
      const next = frames[firstHeaders + 1];
      const streamUpdate = next?.type === 'WINDOW_UPDATE' && next.stream_id === headers.stream_id ? next.increment : null;
      expect(streamUpdate).toBe(h2.streamWindowUpdate);
    });

    it('sends the pseudo-headers and headers in the profile order, with its values', () => {
      const fields = capture.h2.headers_frames[0]!.headers;
      expect(fields.filter((f) => f.name.startsWith(':')).map((f) => f.name)).toEqual(h2.pseudoHeaderOrder);
      const regular = fields.filter((f) => !f.name.startsWith(':'));
      const ours = [...profile.headers, ...h2.trailingHeaders];
      expect(regular.map((f) => f.name)).toEqual(ours.map(([name]) => name));
      expect(regular.filter((f) => !IDENTITY.has(f.name)).map((f) => [f.name, f.value])).toEqual(ours.filter(([n]) => !IDENTITY.has(n)));
    });

    it('re-encodes every captured header block byte for byte with the profile HPACK rules', () => {
      const encoder = new HpackEncoder({ policy: hpackPolicy(h2.hpack) });
      const blocks = frames.filter((f) => f.type === 'HEADERS').map((f) => f.header_block_hex);
      expect(blocks.length).toBe(capture.h2.headers_frames.length);
      capture.h2.headers_frames.forEach((frame, i) => {
        const fields: HeaderField[] = frame.headers.map((h) => [h.name, h.value]);
        expect(Buffer.from(encoder.encode(fields)).toString('hex')).toBe(blocks[i]);
      });
    });

    it('gives the same Akamai string', () => {
      const akamai = akamaiFingerprint({
        settings: h2.settings,
        ...(h2.connectionWindowUpdate !== null ? { windowUpdate: h2.connectionWindowUpdate } : {}),
        priorities: h2.priorityFrames,
        pseudoHeaderOrder: h2.pseudoHeaderOrder,
      });
      expect(akamai).toBe(capture.h2.akamai);
    });
  });

  it('HPACK rules choose what the HPACK layer policy chooses, for any field and table', () => {
    const policy = hpackPolicy(h2.hpack);
    const names = [':method', ':authority', ':scheme', ':path', ':protocol', 'cookie', 'authorization', 'user-agent', 'accept', 'x-custom', 'te'];
    const values = ['', 'a', 'short=1', 'a-long-cookie-crumb=0123456789', 'x'.repeat(3000), '/index.html'];
    for (const maxSize of [0, 64, 127, 128, 4096, 65536]) {
      for (const name of names) {
        for (const value of values) {
          const table = { size: 0, maxSize };
          expect(policy(name, value, table), `${name}: ${value.slice(0, 20)} @${maxSize}`).toEqual(referencePolicy(name, value, table));
        }
      }
    }
  });

  it('places cookie, content-type, content-length, origin, referer and authorization as in its HTTP/1.1 order', () => {
    const placed = Object.keys(profile.headerPlacement);
    const all = orderHeaderNames(profile, [...profile.headers.map(([n]) => n), ...placed]);
    const http1 = profile.http1.headerOrder.map((n) => n.toLowerCase()).filter((n) => n !== 'host' && n !== 'connection');
    expect(all.filter((n) => !profile.http1.omitHeaders.includes(n))).toEqual(http1);
    // Any subset keeps the relative order of the full list.
    for (const name of placed) {
      const without = orderHeaderNames(profile, [...profile.headers.map(([n]) => n), ...placed.filter((p) => p !== name)]);
      expect(without).toEqual(all.filter((n) => n !== name));
    }
    expect(orderHeaderNames(profile, ['cookie', 'x-page', ...profile.headers.map(([n]) => n)]).at(-1)).toBe('x-page');
  });
});

/**
 * Real client streams (fixtures/captures/*.h2-client.hex: Chromium 156, Firefox 153, curl 7.88,
 * decrypted) through FrameReader and HpackDecoder must give exactly what the independent decode
 * in the matching *.json says; re-encoding must give back the same bytes, and the browser
 * policies must reproduce each browser's header blocks byte for byte.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_PREFACE,
  FrameReader,
  HpackDecoder,
  HpackEncoder,
  chromePolicy,
  encodeFrame,
  firefoxPolicy,
  type DecodedField,
  type EncodingPolicy,
  type Frame,
} from '../../src/http/h2/index.js';
import { fixturePath } from '../helpers/fixtures.js';
import { concat, fromHex, toHex } from './support.js';

const DIR = fixturePath('captures/');

interface JsonFrame {
  type: string;
  type_id: number;
  flags: string;
  stream_id: number;
  length: number;
  offset: number;
  settings?: { id: number; name: string; value: number }[];
  ack?: boolean;
  increment?: number;
  end_stream?: boolean;
  end_headers?: boolean;
  padded?: boolean;
  priority_flag?: boolean;
  exclusive?: boolean;
  depends_on?: number;
  weight?: number;
  header_block_hex?: string;
}

interface JsonHeader {
  name: string;
  value: string;
  repr: string;
  index: string | null;
}

interface Capture {
  label: string;
  stream: Uint8Array;
  frames: JsonFrame[];
  headersFrames: { stream_id: number; headers: JsonHeader[] }[];
}

function loadCaptures(): Capture[] {
  // A missing folder is reported by the first test below: failing, not skipping, is the rule.
  if (!existsSync(DIR)) return [];
  const out: Capture[] = [];
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.h2-client.hex')).sort()) {
    const label = file.slice(0, -'.h2-client.hex'.length);
    const json = JSON.parse(readFileSync(`${DIR}${label}.json`, 'utf8')) as { h2?: { frames: JsonFrame[]; headers_frames?: Capture['headersFrames'] } };
    if (!json.h2) continue; // HTTP/1.1 (node-20-1)
    out.push({ label, stream: fromHex(readFileSync(`${DIR}${file}`, 'utf8')), frames: json.h2.frames, headersFrames: json.h2.headers_frames ?? [] });
  }
  return out;
}

const captures = loadCaptures();

/** tshark's wording for a representation, as the *.json files carry it. */
function tsharkRepr(f: DecodedField): string {
  if (f.representation === 'indexed') return 'Indexed Header Field';
  const kind = { incremental: 'with Incremental Indexing', without: 'without Indexing', never: 'Never Indexed' }[f.representation];
  return `Literal Header Field ${kind} - ${f.index ? 'Indexed Name' : 'New Name'}`;
}

function readAll(stream: Uint8Array): Frame[] {
  const reader = new FrameReader({ expectPreface: true });
  const frames = reader.push(stream);
  reader.end();
  return frames;
}

describe('real client captures (fixtures/captures)', () => {
  it(`finds the captures folder (${DIR})`, () => {
    expect(existsSync(DIR), `${DIR} is missing: these tests need fixtures/captures`).toBe(true);
    expect(captures.length).toBeGreaterThan(0);
  });

  it('covers Chromium, Firefox and curl', () => {
    expect(captures.map((c) => c.label)).toEqual(expect.arrayContaining(['chromium-156-1', 'firefox-153-1', 'curl-7.88.1-1']));
  });

  it('only firefox-153-2.c2 carries no request (its decoded header list is empty on purpose)', () => {
    expect(captures.filter((c) => c.headersFrames.length === 0).map((c) => c.label)).toEqual(['firefox-153-2.c2']);
  });

  describe.each(captures)('$label', ({ stream, frames: expected, headersFrames }) => {
    it('frames decode to what the independent decoder says', () => {
      const frames = readAll(stream);
      expect(frames.length).toBeGreaterThanOrEqual(expected.length);
      let offset = CLIENT_PREFACE.length;
      for (const [i, want] of expected.entries()) {
        const got = frames[i]!;
        const bytes = encodeFrame(got);
        const where = `frame ${i} (${want.type})`;
        expect(got.type, where).toBe(want.type);
        expect(bytes[3], where).toBe(want.type_id);
        expect(got.flags, where).toBe(Number(want.flags));
        expect(got.streamId, where).toBe(want.stream_id);
        expect(bytes.length - 9, where).toBe(want.length);
        expect(offset, where).toBe(want.offset);
        offset += bytes.length;
        if (want.settings) expect(got, where).toMatchObject({ type: 'SETTINGS', ack: want.ack, settings: want.settings.map(({ id, value }) => ({ id, value })) });
        if (want.increment !== undefined) expect(got, where).toMatchObject({ type: 'WINDOW_UPDATE', increment: want.increment });
        if (want.type === 'HEADERS' && got.type === 'HEADERS') {
          expect(got.endStream, where).toBe(want.end_stream);
          expect(got.endHeaders, where).toBe(want.end_headers);
          expect(got.padLength !== undefined, where).toBe(want.padded);
          expect(got.priority !== undefined, where).toBe(want.priority_flag);
          if (want.priority_flag) expect(got.priority, where).toEqual({ exclusive: want.exclusive, dependsOn: want.depends_on, weight: want.weight });
          expect(toHex(got.headerBlock), where).toBe(want.header_block_hex);
        }
      }
    });

    it('the whole stream re-encodes to the same bytes', () => {
      expect(toHex(concat(CLIENT_PREFACE, ...readAll(stream).map(encodeFrame)))).toBe(toHex(stream));
    });

    if (headersFrames.length === 0) {
      // firefox-153-2.c2: a second connection that opened and closed without a request.
      it('carries no HEADERS frame at all (a connection without a request)', () => {
        expect(readAll(stream).filter((f) => f.type === 'HEADERS')).toEqual([]);
        expect(expected.some((f) => f.type === 'HEADERS')).toBe(false);
        expect(expected.map((f) => f.type)).toEqual(['SETTINGS', 'WINDOW_UPDATE', 'GOAWAY']);
      });
    } else {
      it('header blocks decode to the same fields and representations', () => {
        const decoder = new HpackDecoder();
        const blocks = readAll(stream).filter((f) => f.type === 'HEADERS');
        expect(blocks.length).toBe(headersFrames.length);
        for (const [i, want] of headersFrames.entries()) {
          const frame = blocks[i]!;
          expect(frame.streamId).toBe(want.stream_id);
          const fields = decoder.decode(frame.headerBlock).fields;
          expect(fields.map((f) => ({ name: f.name, value: f.value, repr: tsharkRepr(f), index: f.representation === 'indexed' || f.index ? String(f.index) : null }))).toEqual(want.headers);
        }
      });
    }
  });

  const browsers: [string, EncodingPolicy][] = [
    ['chromium', chromePolicy],
    ['firefox', firefoxPolicy],
  ];
  describe.each(browsers)('%s policy', (browser, policy) => {
    const mine = captures.filter((c) => c.label.startsWith(browser) && c.headersFrames.length > 0);

    it.each(mine.map((c) => [c.label, c] as const))('re-encodes every header block of %s byte for byte', (_label, capture) => {
      const decoder = new HpackDecoder();
      const encoder = new HpackEncoder({ policy });
      const blocks = readAll(capture.stream).flatMap((f) => (f.type === 'HEADERS' ? [f.headerBlock] : []));
      expect(blocks.length).toBeGreaterThan(0);
      for (const block of blocks) {
        const fields = decoder.decode(block).fields.map((f) => [f.name, f.value] as const);
        expect(toHex(encoder.encode(fields))).toBe(toHex(block));
        expect(encoder.tableEntries).toEqual(decoder.tableEntries);
      }
    });
  });
});

import { describe, expect, it } from 'vitest';
import { akamaiFromClientStream, akamaiInputFromClientStream } from '../../src/fingerprint/akamai-stream.js';
import { bytesFromHex } from '../../src/fingerprint/hex.js';
import { RemoteProtocolError } from '../../src/errors.js';
import { CLIENT_PREFACE, HpackEncoder, encodeFrame, type Frame } from '../../src/http/h2/index.js';
import { captureFiles, captureJson, labelOf, readCapture } from './captures.js';

/** The Akamai string from the captured client byte streams, read by the project's h2 codec. */

const README_AKAMAI: Record<string, string> = {
  chromium: '1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p',
  firefox: '1:65536;2:0;4:131072;5:16384|12517377|0|m,p,a,s',
  curl: '3:100;4:33554432;2:0|33488897|0|m,p,s,a',
};

const streams = captureFiles('.h2-client.hex');
const h2Streams = streams.filter((f) => captureJson(labelOf(f)).h2 !== undefined);

function outcome(input: Uint8Array): 'value' | 'protocol_error' {
  try {
    akamaiFromClientStream(input);
    return 'value';
  } catch (error) {
    if (error instanceof RemoteProtocolError) return 'protocol_error';
    throw error;
  }
}

describe('akamaiFromClientStream on the captures', () => {
  it('finds the streams', () => {
    expect(h2Streams.length).toBeGreaterThan(0);
    const readme = readCapture('README.md');
    for (const value of Object.values(README_AKAMAI)) expect(readme).toContain(value);
  });

  it.each(h2Streams)('%s equals the .json (and the README for the request-carrying connections)', (file) => {
    const label = labelOf(file);
    const text = akamaiFromClientStream(readCapture(file));
    expect(text).toBe(captureJson(label).h2!.akamai);
    // The README's per-client string; a connection that sent no request (firefox-153-2.c2) has an
    // empty pseudo-header part, as its .json says, and the same first three parts.
    const headline = README_AKAMAI[label.split('-')[0]!]!;
    if (text.endsWith('|')) expect(headline.startsWith(text)).toBe(true);
    else expect(text).toBe(headline);
  });

  it('node (HTTP/1.1, no h2 in its .json) is not HTTP/2: RemoteProtocolError', () => {
    for (const file of streams.filter((f) => !h2Streams.includes(f))) {
      expect(() => akamaiFromClientStream(readCapture(file))).toThrow(RemoteProtocolError);
    }
  });

  it.each(h2Streams)('%s: every prefix gives a value or a RemoteProtocolError', (file) => {
    const bytes = bytesFromHex(readCapture(file));
    const full = akamaiFromClientStream(bytes);
    for (let n = 0; n <= bytes.length; n++) {
      const result = outcome(bytes.subarray(0, n));
      // Once the first request is complete, the rest of the capture is never read.
      if (result === 'value' && akamaiInputFromClientStream(bytes.subarray(0, n)).pseudoHeaderOrder.length > 0) {
        expect(akamaiFromClientStream(bytes.subarray(0, n))).toBe(full);
      }
    }
  });

  it.each(h2Streams)('%s: random byte flips give a value or a RemoteProtocolError', (file) => {
    const original = bytesFromHex(readCapture(file));
    let x = original.length + 1;
    const next = (): number => {
      x = (x * 1103515245 + 12345) >>> 0;
      return x >>> 8;
    };
    for (let i = 0; i < 300; i++) {
      const bytes = original.slice();
      const pos = 24 + (next() % Math.min(120, bytes.length - 24));
      bytes[pos] = next() & 0xff;
      expect(['value', 'protocol_error']).toContain(outcome(bytes));
    }
  });
});

describe('akamaiFromClientStream on built streams', () => {
  const stream = (...frames: Frame[]): Uint8Array => {
    const parts = [CLIENT_PREFACE, ...frames.map(encodeFrame)];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  const block = new HpackEncoder().encode([
    [':method', 'GET'],
    [':path', '/'],
    [':authority', 'example.com'],
    [':scheme', 'https'],
    ['user-agent', 'x'],
  ]);

  it('PRIORITY frames before the request, a header block split over CONTINUATION', () => {
    const bytes = stream(
      { type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 1, value: 65536 }, { id: 4, value: 131072 }, { id: 5, value: 16384 }] },
      { type: 'WINDOW_UPDATE', streamId: 0, increment: 12517377 },
      { type: 'PRIORITY', streamId: 3, priority: { exclusive: false, dependsOn: 0, weight: 201 } },
      { type: 'PRIORITY', streamId: 5, priority: { exclusive: false, dependsOn: 0, weight: 101 } },
      { type: 'PRIORITY', streamId: 9, priority: { exclusive: true, dependsOn: 7, weight: 1 } },
      { type: 'HEADERS', streamId: 13, endStream: true, endHeaders: false, headerBlock: block.subarray(0, 3) },
      { type: 'CONTINUATION', streamId: 13, endHeaders: true, headerBlock: block.subarray(3) },
      { type: 'PRIORITY', streamId: 15, priority: { exclusive: false, dependsOn: 0, weight: 16 } },
      { type: 'WINDOW_UPDATE', streamId: 0, increment: 5 },
    );
    expect(akamaiFromClientStream(bytes)).toBe('1:65536;4:131072;5:16384|12517377|3:0:0:201,5:0:0:101,9:1:7:1|m,p,a,s');
  });

  it('no WINDOW_UPDATE before the request prints 00', () => {
    const bytes = stream(
      { type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 2, value: 0 }] },
      { type: 'HEADERS', streamId: 1, endStream: true, endHeaders: true, headerBlock: block },
      { type: 'WINDOW_UPDATE', streamId: 0, increment: 99 },
    );
    expect(akamaiFromClientStream(bytes)).toBe('2:0|00|0|m,p,a,s');
  });

  it('a header block left open at the end of the stream is an error', () => {
    const bytes = stream(
      { type: 'SETTINGS', streamId: 0, ack: false, settings: [] },
      { type: 'HEADERS', streamId: 1, endStream: true, endHeaders: false, headerBlock: block.subarray(0, 3) },
    );
    expect(() => akamaiFromClientStream(bytes)).toThrow(RemoteProtocolError);
  });
});

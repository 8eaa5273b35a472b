/** FrameReader: arbitrary chunking, the preface, SETTINGS_MAX_FRAME_SIZE and the CONTINUATION rule. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_PREFACE, FrameReader, encodeFrame, encodeFrameRaw, type Frame } from '../../src/http/h2/index.js';
import { fixturePath } from '../helpers/fixtures.js';
import { Rng, concat, expectRemoteError, fromHex, toHex } from './support.js';

const CAPTURE = fixturePath('captures', 'chromium-156-2.h2-client.hex');

function sampleStream(): Uint8Array {
  const frames: Frame[] = [
    { type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 1, value: 65536 }, { id: 4, value: 6291456 }] },
    { type: 'WINDOW_UPDATE', streamId: 0, increment: 15663105 },
    { type: 'HEADERS', streamId: 1, endStream: false, endHeaders: false, headerBlock: fromHex('8286'), priority: { exclusive: true, dependsOn: 0, weight: 256 } },
    { type: 'CONTINUATION', streamId: 1, endHeaders: false, headerBlock: fromHex('84') },
    { type: 'CONTINUATION', streamId: 1, endHeaders: true, headerBlock: fromHex('41') },
    { type: 'DATA', streamId: 1, endStream: true, data: new Uint8Array(1000).fill(7), padLength: 20 },
    { type: 'PING', streamId: 0, ack: false, data: fromHex('0102030405060708') },
    { type: 'UNKNOWN', typeId: 0xee, streamId: 0, payload: fromHex('00') },
    { type: 'GOAWAY', streamId: 0, lastStreamId: 1, errorCode: 0, debugData: new Uint8Array(0) },
  ];
  const bytes = concat(CLIENT_PREFACE, ...frames.map(encodeFrame));
  // A real Chromium opening first; the fixture ships with the repository, so a missing one fails.
  return concat(fromHex(readFileSync(CAPTURE, 'utf8')), bytes.subarray(CLIENT_PREFACE.length));
}

function readInChunks(bytes: Uint8Array, cuts: number[]): Frame[] {
  const reader = new FrameReader({ expectPreface: true });
  const frames: Frame[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    frames.push(...reader.push(bytes.subarray(from, cut)));
    from = cut;
  }
  reader.end();
  return frames;
}

/** Frames as one comparable string: re-encoding is exact (frames.test.ts), and far cheaper to compare than deep equality. */
const wire = (frames: Frame[]): string => frames.map((f) => toHex(encodeFrame(f))).join('|');

describe('FrameReader chunking', () => {
  const stream = sampleStream();
  const whole = readInChunks(stream, []);
  const wholeWire = wire(whole);

  it('reads a real stream plus every frame type in one push', () => {
    expect(whole.map((f) => f.type)).toEqual(expect.arrayContaining(['SETTINGS', 'WINDOW_UPDATE', 'HEADERS', 'CONTINUATION', 'DATA', 'PING', 'UNKNOWN', 'GOAWAY']));
  });

  it('gives the same frames for every single split point', () => {
    for (let cut = 0; cut <= stream.length; cut++) expect(wire(readInChunks(stream, [cut]))).toBe(wholeWire);
  });

  it('gives the same frames one octet at a time and for 300 random chunkings', () => {
    expect(readInChunks(stream, [...stream.keys()])).toEqual(whole);
    const rng = new Rng(7);
    for (let i = 0; i < 300; i++) {
      const cuts = Array.from({ length: rng.int(30) }, () => rng.int(stream.length + 1)).sort((a, b) => a - b);
      expect(wire(readInChunks(stream, cuts))).toBe(wholeWire);
    }
  });

  it('frames own their bytes: later changes to the chunk do not reach them', () => {
    const chunk = encodeFrame({ type: 'DATA', streamId: 1, endStream: false, data: fromHex('aabb') });
    const [frame] = new FrameReader().push(chunk);
    chunk.fill(0);
    expect(frame).toMatchObject({ type: 'DATA', data: fromHex('aabb') });
  });

  it('reports buffered octets and fails at end of stream inside a frame', () => {
    const reader = new FrameReader();
    const ping = encodeFrame({ type: 'PING', streamId: 0, ack: true, data: new Uint8Array(8) });
    expect(reader.push(ping.subarray(0, 10))).toEqual([]);
    expect(reader.buffered).toBe(10);
    expectRemoteError(() => reader.end(), 'PROTOCOL_ERROR', /inside a frame/);
  });
});

describe('FrameReader rules', () => {
  it('checks the client preface, failing on the first wrong octet', () => {
    const reader = new FrameReader({ expectPreface: true });
    expect(reader.push(CLIENT_PREFACE.subarray(0, 5))).toEqual([]);
    expectRemoteError(() => reader.push(fromHex('00')), 'PROTOCOL_ERROR', /preface/);
    expectRemoteError(() => new FrameReader({ expectPreface: true }).push(new TextEncoder().encode('GET / HTTP/1.1\r\n')), 'PROTOCOL_ERROR', /preface/);
  });

  it('rejects a frame over SETTINGS_MAX_FRAME_SIZE from its header alone', () => {
    const header = encodeFrameRaw(0, 0, 1, new Uint8Array(16385)).subarray(0, 9);
    expectRemoteError(() => new FrameReader().push(header), 'FRAME_SIZE_ERROR', /16385 octets exceeds SETTINGS_MAX_FRAME_SIZE 16384/);
    const big = new FrameReader({ maxFrameSize: 1 << 20 });
    expect(big.push(encodeFrameRaw(0, 0, 1, new Uint8Array(16385)))).toHaveLength(1);
    expect(() => big.setMaxFrameSize(100)).toThrow(RangeError);
  });

  it('exactly 16384 octets is allowed', () => {
    expect(new FrameReader().push(encodeFrameRaw(0, 0, 1, new Uint8Array(16384)))).toHaveLength(1);
  });

  const open = encodeFrame({ type: 'HEADERS', streamId: 1, endStream: true, endHeaders: false, headerBlock: fromHex('82') });
  const promise = encodeFrame({ type: 'PUSH_PROMISE', streamId: 1, endHeaders: false, promisedStreamId: 2, headerBlock: fromHex('82') });
  const cont = (streamId: number, endHeaders: boolean) => encodeFrame({ type: 'CONTINUATION', streamId, endHeaders, headerBlock: fromHex('84') });
  const ping = encodeFrame({ type: 'PING', streamId: 0, ack: false, data: new Uint8Array(8) });

  it('accepts HEADERS or PUSH_PROMISE followed by their CONTINUATIONs', () => {
    const reader = new FrameReader();
    expect(reader.push(concat(open, cont(1, false))).map((f) => f.type)).toEqual(['HEADERS', 'CONTINUATION']);
    expect(reader.inHeaderBlock).toBe(true);
    expect(reader.push(concat(cont(1, true), ping, promise, cont(1, true))).map((f) => f.type)).toEqual(['CONTINUATION', 'PING', 'PUSH_PROMISE', 'CONTINUATION']);
    expect(reader.inHeaderBlock).toBe(false);
  });

  it.each([
    ['another frame inside a header block', concat(open, ping), /expected CONTINUATION on stream 1/],
    ['a CONTINUATION on another stream', concat(open, cont(3, true)), /expected CONTINUATION on stream 1, got frame type 9 on stream 3/],
    ['a CONTINUATION with no open block', cont(1, true), /without an open header block/],
    ['a CONTINUATION after END_HEADERS', concat(open, cont(1, true), cont(1, true)), /without an open header block/],
  ])('rejects %s (RFC 9113 §6.10)', (_name, bytes, message) => {
    expectRemoteError(() => new FrameReader().push(bytes), 'PROTOCOL_ERROR', message);
  });

  it('the sequence error is raised from the frame header, before the payload arrives', () => {
    const reader = new FrameReader();
    reader.push(open);
    expectRemoteError(() => reader.push(ping.subarray(0, 9)), 'PROTOCOL_ERROR', /expected CONTINUATION/);
  });

  it('stays failed after an error', () => {
    const reader = new FrameReader();
    const first = expectRemoteError(() => reader.push(cont(1, true)), 'PROTOCOL_ERROR');
    expect(() => reader.push(ping)).toThrow(first);
    expect(() => reader.end()).toThrow(first);
  });
});

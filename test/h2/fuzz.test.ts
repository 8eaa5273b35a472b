/**
 * Seeded fuzzing (~20k cases): random and mutated input to FrameReader, decodeFrame and
 * HpackDecoder yields values or RemoteProtocolError, never another exception. Decoded frames
 * must also re-encode and decode to the same value.
 */
import { describe, expect, it } from 'vitest';
import { RemoteProtocolError } from '../../src/errors.js';
import {
  CLIENT_PREFACE,
  FrameReader,
  HpackDecoder,
  HpackEncoder,
  decodeFrame,
  decodeFrameHeader,
  encodeFrame,
  firefoxPolicy,
  type Frame,
} from '../../src/http/h2/index.js';
import { Rng, concat, fromHex } from './support.js';

/** Runs `fn`; a RemoteProtocolError (with `codes`) counts as a rejection, anything else fails the test. */
function outcome<T>(fn: () => T, codes: readonly string[]): T | 'rejected' {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof RemoteProtocolError)) throw error;
    expect(codes).toContain(error.code);
    return 'rejected';
  }
}

const FRAME_CODES = ['PROTOCOL_ERROR', 'FRAME_SIZE_ERROR', 'FLOW_CONTROL_ERROR'] as const;

function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  let b: Uint8Array = Uint8Array.from(input);
  for (let n = 1 + rng.int(4); n > 0; n--) {
    switch (rng.int(6)) {
      case 0: // flip a bit
        if (b.length) b[rng.int(b.length)]! ^= 1 << rng.int(8);
        break;
      case 1: // replace an octet
        if (b.length) b[rng.int(b.length)] = rng.pick([0x00, 0xff, 0x7f, 0x80, 0x3f, 0x20, rng.int(256)]);
        break;
      case 2: // truncate
        b = b.subarray(0, rng.int(b.length + 1));
        break;
      case 3: {
        // insert random octets
        const at = rng.int(b.length + 1);
        b = concat(b.subarray(0, at), rng.bytes(1 + rng.int(8)), b.subarray(at));
        break;
      }
      case 4: {
        // delete a span
        const at = rng.int(b.length + 1);
        b = concat(b.subarray(0, at), b.subarray(at + 1 + rng.int(8)));
        break;
      }
      default: {
        // duplicate a span
        const at = rng.int(b.length + 1);
        const span = b.subarray(at, at + 1 + rng.int(16));
        b = concat(b.subarray(0, at), span, b.subarray(at));
      }
    }
  }
  return b;
}

/** A valid client stream with every frame type and real header blocks (the seed for mutations). */
function seedStream(): Uint8Array {
  const encoder = new HpackEncoder({ policy: firefoxPolicy });
  const block = encoder.encode([[':method', 'GET'], [':path', '/'], [':authority', 'example.com'], [':scheme', 'https'], ['cookie', 'a=b'], ['user-agent', 'fuzz']]);
  const frames: Frame[] = [
    { type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 1, value: 65536 }, { id: 4, value: 131072 }, { id: 5, value: 16384 }] },
    { type: 'WINDOW_UPDATE', streamId: 0, increment: 12517377 },
    { type: 'HEADERS', streamId: 3, endStream: false, endHeaders: false, headerBlock: block.subarray(0, 10), priority: { exclusive: false, dependsOn: 0, weight: 42 }, padLength: 4 },
    { type: 'CONTINUATION', streamId: 3, endHeaders: true, headerBlock: block.subarray(10) },
    { type: 'DATA', streamId: 3, endStream: true, data: fromHex('68656c6c6f'), padLength: 2 },
    { type: 'PRIORITY', streamId: 5, priority: { exclusive: true, dependsOn: 3, weight: 16 } },
    { type: 'RST_STREAM', streamId: 5, errorCode: 8 },
    { type: 'PUSH_PROMISE', streamId: 3, endHeaders: true, promisedStreamId: 2, headerBlock: fromHex('8286'), padLength: 1 },
    { type: 'PING', streamId: 0, ack: false, data: fromHex('0001020304050607') },
    { type: 'UNKNOWN', typeId: 0x20, streamId: 1, payload: fromHex('abcd') },
    { type: 'GOAWAY', streamId: 0, lastStreamId: 3, errorCode: 0, debugData: fromHex('6279') },
  ];
  return concat(CLIENT_PREFACE, ...frames.map(encodeFrame));
}

/** Valid header blocks to mutate: the RFC 7541 examples and a browser-like request. */
const SEED_BLOCKS = [
  '828684418cf1e3c2e5f23a6ba0ab90f4ff',
  '828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf',
  '488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3',
  '4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d',
  '3fe11f2082048163418aa0e41d139d09b8f34d33877ab5d07f66a281b0dae053fafc087ed4ce6aadf2a7979c89c6bed4b3bdc0b6cae0fed4c452753b',
].map(fromHex);

describe('fuzz: frames', () => {
  it('FrameReader over 8000 random and mutated streams, randomly chunked', () => {
    const rng = new Rng(0xf00d);
    const seed = seedStream();
    let accepted = 0;
    for (let i = 0; i < 8000; i++) {
      const bytes = i % 4 === 0 ? concat(CLIENT_PREFACE, rng.bytes(rng.int(200))) : mutate(rng, seed);
      const maxFrameSize = rng.pick([16384, 1 << 20]);
      const result = outcome(() => {
        const reader = new FrameReader({ expectPreface: true, maxFrameSize });
        const frames: Frame[] = [];
        for (let at = 0; at < bytes.length; ) {
          const step = 1 + rng.int(64);
          frames.push(...reader.push(bytes.subarray(at, at + step)));
          at += step;
        }
        return frames;
      }, FRAME_CODES);
      if (result === 'rejected') continue;
      accepted++;
      for (const frame of result) {
        const again = encodeFrame(frame);
        expect(decodeFrame(decodeFrameHeader(again), again.subarray(9))).toEqual(frame);
      }
    }
    // Both paths are exercised: some mutations survive, most are caught.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(7900);
  });

  it('decodeFrame over 2000 random headers and payloads', () => {
    const rng = new Rng(0xbeef);
    for (let i = 0; i < 2000; i++) {
      const payload = rng.bytes(rng.pick([0, 1, 4, 5, 6, 8, 9, 12, rng.int(40)]));
      const header = { length: payload.length, typeId: rng.int(12), flags: rng.int(256), streamId: rng.pick([0, 1, rng.int(2 ** 31)]) };
      const frame = outcome(() => decodeFrame(header, payload), FRAME_CODES);
      if (frame !== 'rejected') expect(frame.streamId).toBe(header.streamId);
    }
  });
});

describe('fuzz: HPACK decoder', () => {
  it('10000 random and mutated header blocks, with small and large limits', () => {
    const rng = new Rng(0x4ac);
    let accepted = 0;
    for (let i = 0; i < 10000; i++) {
      const decoder = new HpackDecoder({
        tableSizeLimit: rng.pick([0, 64, 256, 4096, 65536]),
        maxHeaderListSize: rng.pick([64, 1024, 256 * 1024]),
        maxStringLength: rng.pick([4, 100, 16384]),
      });
      if (rng.int(10) === 0) decoder.setTableSizeLimit(rng.pick([0, 100]));
      // A few blocks on the same decoder, so table state carries across blocks.
      for (let b = 1 + rng.int(3); b > 0; b--) {
        const block = i % 3 === 0 ? rng.bytes(rng.int(64)) : mutate(rng, rng.pick(SEED_BLOCKS));
        const result = outcome(() => decoder.decode(block), ['COMPRESSION_ERROR']);
        if (result === 'rejected') break;
        accepted++;
        expect(decoder.tableSize).toBeLessThanOrEqual(decoder.tableMaxSize);
        for (const f of result.fields) expect(typeof f.name === 'string' && typeof f.value === 'string').toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(200);
  });
});

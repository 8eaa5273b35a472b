/** The frame codec: every type round-trips, known bytes match, and every RFC 9113 size and stream rule is enforced. */
import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  FrameType,
  SettingsId,
  decodeFrame,
  decodeFrameHeader,
  encodeFrame,
  encodeFrameRaw,
  errorCodeName,
  type Frame,
} from '../../src/http/h2/index.js';
import { expectRemoteError, fromHex, toHex } from './support.js';

function decode(bytes: Uint8Array): Frame {
  return decodeFrame(decodeFrameHeader(bytes), bytes.subarray(9));
}

const raw = (typeId: number, flags: number, streamId: number, payloadHex: string) => encodeFrameRaw(typeId, flags, streamId, fromHex(payloadHex));

describe('frame round trips', () => {
  const block = fromHex('82868441');
  const cases: [string, Frame, string][] = [
    ['DATA', { type: 'DATA', streamId: 1, endStream: false, data: fromHex('68656c6c6f') }, '000005000000000001' + '68656c6c6f'],
    ['DATA end+padded', { type: 'DATA', streamId: 3, endStream: true, data: fromHex('6869'), padLength: 3 }, '000006000900000003' + '03' + '6869' + '000000'],
    ['DATA padded with no padding', { type: 'DATA', streamId: 3, endStream: false, data: fromHex(''), padLength: 0 }, '000001000800000003' + '00'],
    ['HEADERS', { type: 'HEADERS', streamId: 1, endStream: true, endHeaders: true, headerBlock: block }, '000004010500000001' + '82868441'],
    [
      'HEADERS with priority (Chrome)',
      { type: 'HEADERS', streamId: 1, endStream: true, endHeaders: true, priority: { exclusive: true, dependsOn: 0, weight: 256 }, headerBlock: block },
      '000009012500000001' + '80000000ff' + '82868441',
    ],
    [
      'HEADERS priority + padding',
      { type: 'HEADERS', streamId: 5, endStream: false, endHeaders: false, priority: { exclusive: false, dependsOn: 3, weight: 42 }, headerBlock: block, padLength: 2 },
      '00000c012800000005' + '02' + '0000000329' + '82868441' + '0000',
    ],
    ['PRIORITY', { type: 'PRIORITY', streamId: 7, priority: { exclusive: false, dependsOn: 5, weight: 1 } }, '000005020000000007' + '0000000500'],
    ['RST_STREAM', { type: 'RST_STREAM', streamId: 1, errorCode: ErrorCode.CANCEL }, '000004030000000001' + '00000008'],
    [
      'SETTINGS (Chrome)',
      {
        type: 'SETTINGS',
        streamId: 0,
        ack: false,
        settings: [
          { id: SettingsId.HEADER_TABLE_SIZE, value: 65536 },
          { id: SettingsId.ENABLE_PUSH, value: 0 },
          { id: SettingsId.INITIAL_WINDOW_SIZE, value: 6291456 },
          { id: SettingsId.MAX_HEADER_LIST_SIZE, value: 262144 },
        ],
      },
      '000018040000000000' + '000100010000' + '000200000000' + '000400600000' + '000600040000',
    ],
    ['SETTINGS with an unknown id', { type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 0x0a0a, value: 0xffffffff }] }, '000006040000000000' + '0a0affffffff'],
    ['SETTINGS ACK', { type: 'SETTINGS', streamId: 0, ack: true, settings: [] }, '000000040100000000'],
    ['PUSH_PROMISE', { type: 'PUSH_PROMISE', streamId: 1, endHeaders: true, promisedStreamId: 2, headerBlock: block }, '000008050400000001' + '00000002' + '82868441'],
    [
      'PUSH_PROMISE padded',
      { type: 'PUSH_PROMISE', streamId: 1, endHeaders: false, promisedStreamId: 4, headerBlock: block, padLength: 1 },
      '00000a050800000001' + '01' + '00000004' + '82868441' + '00',
    ],
    ['PING', { type: 'PING', streamId: 0, ack: false, data: fromHex('0102030405060708') }, '000008060000000000' + '0102030405060708'],
    ['PING ACK', { type: 'PING', streamId: 0, ack: true, data: fromHex('0000000000000000') }, '000008060100000000' + '0000000000000000'],
    ['GOAWAY', { type: 'GOAWAY', streamId: 0, lastStreamId: 3, errorCode: ErrorCode.NO_ERROR, debugData: fromHex('') }, '000008070000000000' + '0000000300000000'],
    ['GOAWAY with debug data', { type: 'GOAWAY', streamId: 0, lastStreamId: 0x7fffffff, errorCode: 0xdeadbeef, debugData: fromHex('6f6f7073') }, '00000c070000000000' + '7fffffffdeadbeef6f6f7073'],
    ['WINDOW_UPDATE (Chrome)', { type: 'WINDOW_UPDATE', streamId: 0, increment: 15663105 }, '000004080000000000' + '00ef0001'],
    ['WINDOW_UPDATE on a stream, max', { type: 'WINDOW_UPDATE', streamId: 3, increment: 0x7fffffff }, '000004080000000003' + '7fffffff'],
    ['CONTINUATION', { type: 'CONTINUATION', streamId: 1, endHeaders: true, headerBlock: block }, '000004090400000001' + '82868441'],
    ['unknown type', { type: 'UNKNOWN', typeId: 0xfa, streamId: 9, flags: 0xa5, payload: fromHex('beef') }, '000002faa500000009' + 'beef'],
  ];

  it.each(cases)('%s encodes to known bytes and decodes back', (_name, frame, hex) => {
    const bytes = encodeFrame(frame);
    expect(toHex(bytes)).toBe(hex);
    const decoded = decode(bytes);
    expect(decoded).toMatchObject({ ...frame, flags: bytes[4] });
    expect(toHex(encodeFrame(decoded))).toBe(hex);
  });

  it('ignores the reserved bit of stream ids, window increments and promised ids on receipt', () => {
    expect(decode(raw(FrameType.WINDOW_UPDATE, 0, 0x80000003, '80000001'))).toMatchObject({ streamId: 3, increment: 1 });
    expect(decode(raw(FrameType.PUSH_PROMISE, 4, 1, '80000002'))).toMatchObject({ promisedStreamId: 2 });
    expect(decode(raw(FrameType.GOAWAY, 0, 0, '8000000100000000'))).toMatchObject({ lastStreamId: 1 });
  });

  it('keeps undefined flag bits, so a decoded frame re-encodes byte for byte', () => {
    const bytes = raw(FrameType.PING, 0xfe, 0, '0000000000000000');
    const frame = decode(bytes);
    expect(frame).toMatchObject({ type: 'PING', ack: false, flags: 0xfe });
    expect(encodeFrame(frame)).toEqual(bytes);
  });

  it('names error codes', () => {
    expect(errorCodeName(0x9)).toBe('COMPRESSION_ERROR');
    expect(errorCodeName(0x42)).toBeUndefined();
  });
});

describe('frame decoding is strict', () => {
  it.each([
    ['DATA on stream 0', raw(0x0, 0, 0, '00'), 'PROTOCOL_ERROR', /DATA frame on stream 0/],
    ['HEADERS on stream 0', raw(0x1, 4, 0, '82'), 'PROTOCOL_ERROR', /stream 0/],
    ['PRIORITY on stream 0', raw(0x2, 0, 0, '0000000110'), 'PROTOCOL_ERROR', /stream 0/],
    ['RST_STREAM on stream 0', raw(0x3, 0, 0, '00000000'), 'PROTOCOL_ERROR', /stream 0/],
    ['PUSH_PROMISE on stream 0', raw(0x5, 4, 0, '00000002'), 'PROTOCOL_ERROR', /stream 0/],
    ['CONTINUATION on stream 0', raw(0x9, 4, 0, '82'), 'PROTOCOL_ERROR', /stream 0/],
    ['SETTINGS on a stream', raw(0x4, 0, 1, ''), 'PROTOCOL_ERROR', /SETTINGS frame on stream 1/],
    ['PING on a stream', raw(0x6, 0, 1, '0000000000000000'), 'PROTOCOL_ERROR', /stream 1/],
    ['GOAWAY on a stream', raw(0x7, 0, 1, '0000000000000000'), 'PROTOCOL_ERROR', /stream 1/],
    ['PRIORITY of 4 octets', raw(0x2, 0, 1, '00000000'), 'FRAME_SIZE_ERROR', /not 5/],
    ['PRIORITY of 6 octets', raw(0x2, 0, 1, '000000000000'), 'FRAME_SIZE_ERROR', /not 5/],
    ['RST_STREAM of 3 octets', raw(0x3, 0, 1, '000000'), 'FRAME_SIZE_ERROR', /not 4/],
    ['SETTINGS of 5 octets', raw(0x4, 0, 0, '0001000010'), 'FRAME_SIZE_ERROR', /multiple of 6/],
    ['SETTINGS of 13 octets', raw(0x4, 0, 0, '00010000100000020000000000'), 'FRAME_SIZE_ERROR', /multiple of 6/],
    ['SETTINGS ACK with a payload', raw(0x4, 1, 0, '000100001000'), 'FRAME_SIZE_ERROR', /ACK/],
    ['SETTINGS_ENABLE_PUSH 2', raw(0x4, 0, 0, '000200000002'), 'PROTOCOL_ERROR', /0 or 1/],
    ['SETTINGS_INITIAL_WINDOW_SIZE 2^31', raw(0x4, 0, 0, '000480000000'), 'FLOW_CONTROL_ERROR', /2\^31-1/],
    ['SETTINGS_MAX_FRAME_SIZE 16383', raw(0x4, 0, 0, '000500003fff'), 'PROTOCOL_ERROR', /MAX_FRAME_SIZE/],
    ['SETTINGS_MAX_FRAME_SIZE 2^24', raw(0x4, 0, 0, '000501000000'), 'PROTOCOL_ERROR', /MAX_FRAME_SIZE/],
    ['PUSH_PROMISE of 3 octets', raw(0x5, 4, 1, '000000'), 'FRAME_SIZE_ERROR', /shorter than 4/],
    ['PUSH_PROMISE of stream 0', raw(0x5, 4, 1, '00000000'), 'PROTOCOL_ERROR', /promises stream 0/],
    ['PING of 7 octets', raw(0x6, 0, 0, '00000000000000'), 'FRAME_SIZE_ERROR', /not 8/],
    ['PING of 9 octets', raw(0x6, 0, 0, '000000000000000000'), 'FRAME_SIZE_ERROR', /not 8/],
    ['GOAWAY of 7 octets', raw(0x7, 0, 0, '00000000000000'), 'FRAME_SIZE_ERROR', /shorter than 8/],
    ['WINDOW_UPDATE of 3 octets', raw(0x8, 0, 0, '000001'), 'FRAME_SIZE_ERROR', /not 4/],
    ['WINDOW_UPDATE of 5 octets', raw(0x8, 0, 0, '0000000001'), 'FRAME_SIZE_ERROR', /not 4/],
    ['WINDOW_UPDATE of 0', raw(0x8, 0, 0, '00000000'), 'PROTOCOL_ERROR', /increment 0/],
    ['WINDOW_UPDATE of 0 (reserved bit set)', raw(0x8, 0, 1, '80000000'), 'PROTOCOL_ERROR', /increment 0/],
    ['padded DATA with no Pad Length octet', raw(0x0, 8, 1, ''), 'FRAME_SIZE_ERROR', /too short/],
    ['DATA padding as long as the payload', raw(0x0, 8, 1, '01'), 'PROTOCOL_ERROR', /padding of 1 octets exceeds/],
    ['DATA padding longer than the payload', raw(0x0, 8, 1, 'ff0000'), 'PROTOCOL_ERROR', /exceeds/],
    ['HEADERS padding past the priority block', raw(0x1, 0x2c, 1, '01' + '0000000010'), 'PROTOCOL_ERROR', /exceeds/],
    ['HEADERS with PRIORITY but 4 octets', raw(0x1, 0x24, 1, '00000000'), 'FRAME_SIZE_ERROR', /shorter than 5/],
    ['padded HEADERS with PRIORITY but 5 octets', raw(0x1, 0x2c, 1, '0000000000'), 'FRAME_SIZE_ERROR', /too short/],
    ['PUSH_PROMISE padding over the promised id', raw(0x5, 0x0c, 1, '020000000200'), 'PROTOCOL_ERROR', /exceeds/],
    ['HEADERS depending on its own stream', raw(0x1, 0x24, 3, '0000000310'), 'PROTOCOL_ERROR', /depends on itself/],
    ['PRIORITY depending on its own stream', raw(0x2, 0, 3, '8000000310'), 'PROTOCOL_ERROR', /depends on itself/],
  ])('%s', (_name, bytes, code, message) => {
    expectRemoteError(() => decode(bytes), code, message);
  });

  it('lets the padding take the whole payload after the Pad Length octet', () => {
    expect(decode(raw(0x0, 8, 1, '020000'))).toMatchObject({ type: 'DATA', data: new Uint8Array(0), padLength: 2 });
  });

  it('keeps an unknown SETTINGS id and an unknown frame type', () => {
    expect(decode(raw(0x4, 0, 0, 'ffff00000007'))).toMatchObject({ settings: [{ id: 0xffff, value: 7 }] });
    expect(decode(raw(0x0a, 0xff, 0, ''))).toMatchObject({ type: 'UNKNOWN', typeId: 0x0a, flags: 0xff, streamId: 0 });
  });
});

describe('frame encoding refuses what cannot go on the wire', () => {
  const block = new Uint8Array(0);
  it.each<[string, Frame]>([
    ['DATA on stream 0', { type: 'DATA', streamId: 0, endStream: false, data: block }],
    ['SETTINGS on a stream', { type: 'SETTINGS', streamId: 1, ack: false, settings: [] }],
    ['SETTINGS ACK with settings', { type: 'SETTINGS', streamId: 0, ack: true, settings: [{ id: 1, value: 0 }] }],
    ['a setting value over 32 bits', { type: 'SETTINGS', streamId: 0, ack: false, settings: [{ id: 1, value: 2 ** 32 }] }],
    ['weight 0', { type: 'PRIORITY', streamId: 1, priority: { exclusive: false, dependsOn: 0, weight: 0 } }],
    ['weight 257', { type: 'PRIORITY', streamId: 1, priority: { exclusive: false, dependsOn: 0, weight: 257 } }],
    ['a self-dependency', { type: 'PRIORITY', streamId: 1, priority: { exclusive: false, dependsOn: 1, weight: 16 } }],
    ['padding over 255', { type: 'DATA', streamId: 1, endStream: false, data: block, padLength: 256 }],
    ['a 7-octet PING', { type: 'PING', streamId: 0, ack: false, data: new Uint8Array(7) }],
    ['a zero window increment', { type: 'WINDOW_UPDATE', streamId: 0, increment: 0 }],
    ['a stream id over 2^31-1', { type: 'RST_STREAM', streamId: 2 ** 31, errorCode: 0 }],
    ['a known type as UNKNOWN', { type: 'UNKNOWN', typeId: FrameType.HEADERS, streamId: 1, payload: block }],
    ['PUSH_PROMISE of stream 0', { type: 'PUSH_PROMISE', streamId: 1, endHeaders: true, promisedStreamId: 0, headerBlock: block }],
  ])('%s', (_name, frame) => {
    expect(() => encodeFrame(frame)).toThrow(RangeError);
  });
});

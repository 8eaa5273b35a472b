/** RFC 6455 / RFC 7692 framing as pure functions, against the RFCs' own examples. */
import { describe, expect, it } from 'vitest';
import { WebSocketHandshakeError, WebSocketProtocolError } from '../../src/errors.js';
import { encodeClosePayload, parseClosePayload } from '../../src/websocket/close-frame.js';
import { PerMessageDeflate, parseDeflateResponse } from '../../src/websocket/deflate.js';
import { FrameReader } from '../../src/websocket/frame-reader.js';
import { encodeFrame } from '../../src/websocket/frame-writer.js';
import { acceptFor } from '../../src/websocket/handshake.js';
import { MessageAssembler } from '../../src/websocket/message-assembler.js';
import { Opcode } from '../../src/websocket/opcodes.js';

const bytes = (...octets: number[]): Uint8Array => Uint8Array.from(octets);
const reader = (allowRsv1 = false): FrameReader => new FrameReader({ maxFramePayload: 1 << 20, allowRsv1 });

describe('RFC 6455 §5.7 examples', () => {
  it('masks "Hello" as the RFC does', () => {
    const frame = encodeFrame({ opcode: Opcode.TEXT, payload: Buffer.from('Hello'), fin: true }, bytes(0x37, 0xfa, 0x21, 0x3d));
    expect([...frame]).toEqual([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);
  });

  it('reads an unmasked "Hello", one octet at a time', () => {
    const r = reader();
    const wire = bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    for (let i = 0; i < wire.length - 1; i++) {
      r.push(wire.subarray(i, i + 1));
      expect(r.next()).toBeNull();
    }
    r.push(wire.subarray(wire.length - 1));
    const frame = r.next()!;
    expect(frame.fin).toBe(true);
    expect(Buffer.from(frame.payload).toString()).toBe('Hello');
  });

  it('reads a fragmented "Hel" + "lo" as one message', () => {
    const r = reader();
    r.push(bytes(0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f));
    const assembler = new MessageAssembler(1 << 20, null);
    expect(assembler.push(r.next()!)).toBeNull();
    expect(assembler.push(r.next()!)).toEqual({ binary: false, data: 'Hello' });
  });

  it('reads 256 and 65536 octet binary frames (16- and 64-bit lengths)', () => {
    const r = reader();
    r.push(Buffer.concat([bytes(0x82, 0x7e, 0x01, 0x00), Buffer.alloc(256, 1)]));
    expect(r.next()!.payload.length).toBe(256);
    r.push(Buffer.concat([bytes(0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0), Buffer.alloc(65536, 2)]));
    expect(r.next()!.payload.length).toBe(65536);
  });

  it('computes the §1.3 accept', () => {
    expect(acceptFor('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
});

describe('hostile frames', () => {
  const failsWith = (wire: Uint8Array, code: number, allowRsv1 = false): void => {
    const r = reader(allowRsv1);
    r.push(wire);
    try {
      r.next();
      expect.unreachable('the frame was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(WebSocketProtocolError);
      expect((error as WebSocketProtocolError).closeCode).toBe(code);
    }
  };
  it('refuses a masked server frame', () => failsWith(bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58), 1002));
  it('refuses reserved opcodes and RSV bits', () => {
    failsWith(bytes(0x83, 0x00), 1002);
    failsWith(bytes(0xc1, 0x00), 1002);
    failsWith(bytes(0xa1, 0x00), 1002, true);
  });
  it('refuses fragmented or long control frames', () => {
    failsWith(bytes(0x09, 0x00), 1002);
    failsWith(bytes(0x89, 0x7e, 0x00, 0x7e), 1002);
  });
  it('refuses an oversized length at its header, without waiting for the payload', () => {
    failsWith(bytes(0x82, 0x7f, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 1009);
    failsWith(bytes(0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0), 1002);
  });
  it('refuses invalid UTF-8, even split across fragments', () => {
    const assembler = new MessageAssembler(1 << 20, null);
    expect(() => assembler.push({ fin: true, rsv1: false, opcode: Opcode.TEXT, payload: bytes(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80) })).toThrow(WebSocketProtocolError);
    const ok = new MessageAssembler(1 << 20, null);
    expect(ok.push({ fin: false, rsv1: false, opcode: Opcode.TEXT, payload: bytes(0xce) })).toBeNull();
    expect(ok.push({ fin: true, rsv1: false, opcode: Opcode.CONTINUATION, payload: bytes(0xba) })).toEqual({ binary: false, data: 'κ' });
  });
  it('refuses bad close payloads', () => {
    expect(() => parseClosePayload(bytes(0x03))).toThrow(WebSocketProtocolError);
    expect(() => parseClosePayload(encodeClosePayload(1005))).toThrow(WebSocketProtocolError);
    expect(() => parseClosePayload(encodeClosePayload(999))).toThrow(WebSocketProtocolError);
    expect(() => parseClosePayload(bytes(0x03, 0xe8, 0xff))).toThrow(WebSocketProtocolError);
    expect(parseClosePayload(encodeClosePayload(4000, 'bye'))).toEqual({ code: 4000, reason: 'bye' });
    expect(parseClosePayload(new Uint8Array(0))).toEqual({ code: 1005, reason: '' });
  });
  it('refuses a continuation with nothing to continue and a message inside a message', () => {
    const a = new MessageAssembler(1 << 20, null);
    expect(() => a.push({ fin: true, rsv1: false, opcode: Opcode.CONTINUATION, payload: bytes() })).toThrow(WebSocketProtocolError);
    a.push({ fin: false, rsv1: false, opcode: Opcode.BINARY, payload: bytes(1) });
    expect(() => a.push({ fin: true, rsv1: false, opcode: Opcode.BINARY, payload: bytes(2) })).toThrow(WebSocketProtocolError);
  });
  it('counts a message over its limit across fragments', () => {
    const a = new MessageAssembler(10, null);
    a.push({ fin: false, rsv1: false, opcode: Opcode.BINARY, payload: new Uint8Array(8) });
    expect(() => a.push({ fin: true, rsv1: false, opcode: Opcode.CONTINUATION, payload: new Uint8Array(8) })).toThrow(/over the limit/);
  });
});

describe('permessage-deflate (RFC 7692)', () => {
  it('inflates the §7.2.3.1 "Hello" and keeps the context across messages (§7.2.3.2)', async () => {
    const d = new PerMessageDeflate(parseDeflateResponse(['permessage-deflate'], true)!, 1 << 20);
    expect(Buffer.from(await d.decompress(bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00))).toString()).toBe('Hello');
    expect(Buffer.from(await d.decompress(bytes(0xf2, 0x00, 0x11, 0x00, 0x00))).toString()).toBe('Hello');
  });
  it('round-trips through a peer inflater and bounds a bomb at the message limit', async () => {
    const params = parseDeflateResponse(['permessage-deflate; client_max_window_bits=15'], true)!;
    const ours = new PerMessageDeflate(params, 1 << 20);
    const theirs = new PerMessageDeflate(params, 1 << 20);
    for (const text of ['a', 'aaaa'.repeat(1000), '']) expect(Buffer.from(await theirs.decompress(await ours.compress(Buffer.from(text)))).toString()).toBe(text);
    const small = new PerMessageDeflate(params, 1000);
    await expect(small.decompress(await ours.compress(new Uint8Array(100_000)))).rejects.toThrow(/limit/);
  });
  it('refuses answers a browser refuses', () => {
    expect(parseDeflateResponse([], true)).toBeNull();
    expect(() => parseDeflateResponse(['permessage-deflate; client_max_window_bits=10'], false)).toThrow(WebSocketHandshakeError);
    expect(() => parseDeflateResponse(['permessage-deflate; server_max_window_bits=7'], true)).toThrow(WebSocketHandshakeError);
    expect(() => parseDeflateResponse(['permessage-deflate; foo'], true)).toThrow(WebSocketHandshakeError);
    expect(() => parseDeflateResponse(['x-webkit-deflate-frame'], true)).toThrow(WebSocketHandshakeError);
    expect(parseDeflateResponse(['permessage-deflate; server_no_context_takeover; server_max_window_bits=10'], false)).toMatchObject({ serverNoContextTakeover: true, serverMaxWindowBits: 10 });
  });
});

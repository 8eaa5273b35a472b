// Reading the first ClientHello out of a classic pcap: every capture's pcap gives exactly its
// `*.clienthello-record.hex`; hand-made pcaps cover the other link types, IPv6, a hello split over
// TCP segments that arrive out of order and retransmitted, and the files that cannot be read.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestError } from '../../src/errors.js';
import { profileFromClientHello } from '../../src/fingerprint/clone/from-client-hello.js';
import { profileFromPcap } from '../../src/fingerprint/clone/from-pcap.js';
import { clientHelloFromPcap } from '../../src/profiles/custom/index.js';
import { hex } from '../../src/tls/wire/writer.js';
import { CAPTURES_DIR, captureFiles, labelOf, readCapture } from '../fingerprint/captures.js';
import { hexBytes } from './replay.js';

interface Packet {
  seq: number;
  payload: Uint8Array;
  /** Bytes the capture kept of the frame, when a snap length cut it. */
  snap?: number;
}

function u16(v: number): number[] {
  return [v >> 8, v & 0xff];
}

function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

function tcp(seq: number, payload: Uint8Array): Uint8Array {
  // Ports 40000 -> 8443, data offset 5 words, ACK|PSH; checksums are not read.
  return Uint8Array.from([...u16(40000), ...u16(8443), ...u32(seq), ...u32(0), 0x50, 0x18, ...u16(65535), 0, 0, 0, 0, ...payload]);
}

function ipv4(segment: Uint8Array): Uint8Array {
  return Uint8Array.from([0x45, 0, ...u16(20 + segment.length), 0, 0, 0x40, 0, 64, 6, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1, ...segment]);
}

function ipv6(segment: Uint8Array): Uint8Array {
  const loopback = [...new Array(15).fill(0), 1];
  return Uint8Array.from([0x60, 0, 0, 0, ...u16(segment.length), 6, 64, ...loopback, ...loopback, ...segment]);
}

const LINKS: Record<string, { type: number; frame: (ip: Uint8Array, v6: boolean) => number[] }> = {
  ethernet: { type: 1, frame: (ip, v6) => [...new Array(12).fill(0), ...u16(v6 ? 0x86dd : 0x0800), ...ip] },
  'ethernet with a VLAN tag': { type: 1, frame: (ip, v6) => [...new Array(12).fill(0), 0x81, 0, 0, 7, ...u16(v6 ? 0x86dd : 0x0800), ...ip] },
  'BSD loopback (NULL)': { type: 0, frame: (ip, v6) => [v6 ? 30 : 2, 0, 0, 0, ...ip] },
  'OpenBSD loopback (LOOP)': { type: 108, frame: (ip, v6) => [0, 0, 0, v6 ? 24 : 2, ...ip] },
  'raw IP': { type: 101, frame: (ip) => [...ip] },
  'Linux cooked': { type: 113, frame: (ip, v6) => [0, 0, 0, 772, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, ...u16(v6 ? 0x86dd : 0x0800), ...ip].map((b) => b & 0xff) },
};

/** A little-endian classic pcap (what tcpdump writes on x86). */
function pcap(link: keyof typeof LINKS, packets: Packet[], v6 = false): Uint8Array {
  const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  const out = [...le32(0xa1b2c3d4), 2, 0, 4, 0, ...le32(0), ...le32(0), ...le32(262144), ...le32(LINKS[link]!.type)];
  for (const p of packets) {
    const frame = LINKS[link]!.frame((v6 ? ipv6 : ipv4)(tcp(p.seq, p.payload)), v6);
    const kept = frame.slice(0, p.snap ?? frame.length);
    out.push(...le32(0), ...le32(0), ...le32(kept.length), ...le32(frame.length), ...kept);
  }
  return Uint8Array.from(out);
}

const record = hexBytes(readCapture('chromium-156-1.clienthello-record.hex'));
const ISN = 0xfffff000; // the sequence numbers wrap inside the hello

/** The record in three segments: sent out of order, the middle one twice. */
function split(bytes: Uint8Array): Packet[] {
  const a = bytes.subarray(0, 700);
  const b = bytes.subarray(700, 1400);
  const c = bytes.subarray(1400);
  return [
    { seq: ISN, payload: a },
    { seq: (ISN + 1400) >>> 0, payload: c },
    { seq: (ISN + 700) >>> 0, payload: b },
    { seq: (ISN + 700) >>> 0, payload: b },
  ];
}

describe('the captures\' pcaps', () => {
  const pcaps = captureFiles('.pcap');

  it('are found (one per first connection)', () => {
    expect(pcaps.length).toBeGreaterThanOrEqual(7);
  });

  it.each(pcaps.map((f) => [f] as const))('%s: the first ClientHello is the capture\'s record, and clones the same', (file) => {
    const label = labelOf(file.replace(/\.pcap$/, '.json'));
    const bytes = new Uint8Array(readFileSync(join(CAPTURES_DIR, file)));
    expect(hex(clientHelloFromPcap(bytes))).toBe(hex(hexBytes(readCapture(`${label}.clienthello-record.hex`))));
    const options = /^(curl|node)-/.test(label) ? { allowUnimplemented: true } : {};
    expect(profileFromPcap(bytes, options)).toEqual(profileFromClientHello(readCapture(`${label}.clienthello.hex`), options));
  });
});

describe('hand-made pcaps', () => {
  it.each(Object.keys(LINKS).map((k) => [k] as const))('%s, IPv4 and IPv6, the hello split over segments out of order and retransmitted', (link) => {
    for (const v6 of [false, true]) expect(hex(clientHelloFromPcap(pcap(link, split(record), v6)))).toBe(hex(record));
  });

  it('skips other traffic before the hello, and what follows the hello in its flow', () => {
    const http = new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n');
    const appData = Uint8Array.of(0x17, 0x03, 0x03, 0x00, 0x01, 0xff);
    const packets = [{ seq: 5, payload: http }, { seq: ISN, payload: Uint8Array.from([...record, ...appData]) }];
    expect(hex(clientHelloFromPcap(pcap('ethernet', packets)))).toBe(hex(record));
  });

  it('reads a hello spread over two TLS records', () => {
    const message = record.subarray(5);
    const first = Uint8Array.from([0x16, 0x03, 0x01, ...u16(2), ...message.subarray(0, 2)]);
    const second = Uint8Array.from([0x16, 0x03, 0x01, ...u16(message.length - 2), ...message.subarray(2)]);
    const records = Uint8Array.from([...first, ...second]);
    expect(hex(clientHelloFromPcap(pcap('raw IP', split(records))))).toBe(hex(records));
  });

  const refused: [string, () => Uint8Array, RegExp][] = [
    ['a pcapng file', () => Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a, ...new Array(40).fill(0)]), /pcapng/],
    ['something else', () => new TextEncoder().encode('this is not a packet capture at all'), /not a pcap/],
    ['a file cut inside its header', () => Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1), /shorter than a pcap header/],
    ['a capture without TLS', () => pcap('ethernet', [{ seq: 1, payload: new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n') }]), /no TCP payload starts a TLS ClientHello/],
    ['a hello whose middle segment was not captured', () => pcap('ethernet', split(record).filter((_, i) => i !== 2 && i !== 3)), /continues past the captured bytes/],
    ['a frame cut by the snap length', () => pcap('ethernet', [{ seq: ISN, payload: record, snap: 200 }]), /snap length/],
    ['an unknown link type', () => {
      const bytes = pcap('raw IP', split(record));
      bytes[20] = 147;
      return bytes;
    }, /link type 147/],
  ];

  it.each(refused)('refuses %s', (_name, input, reason) => {
    expect(() => clientHelloFromPcap(input())).toThrow(RequestError);
    expect(() => clientHelloFromPcap(input())).toThrow(reason);
  });
});

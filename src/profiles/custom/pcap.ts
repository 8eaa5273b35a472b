/**
 * The first ClientHello in a classic libpcap file (what tcpdump writes), as the TLS record bytes
 * that carried it, reassembled when it spans TCP segments. Link types: Ethernet (VLAN tags
 * skipped), BSD loopback (NULL, LOOP), raw IP, Linux cooked v1/v2; IPv4, and IPv6 without
 * extension headers. pcapng is refused by name: tcpdump's default is classic pcap.
 */
import { RequestError } from '../../errors.js';

const MAGIC = new Map<number, { little: boolean }>([
  [0xa1b2c3d4, { little: false }],
  [0xa1b23c4d, { little: false }],
  [0xd4c3b2a1, { little: true }],
  [0x4d3cb2a1, { little: true }],
]);
const PCAPNG = 0x0a0d0d0a;
const TCP = 6;

interface Segment {
  flow: string;
  seq: number;
  payload: Uint8Array;
}

function refuse(why: string): never {
  throw new RequestError(`no ClientHello read from this pcap: ${why}`);
}

/** The IP packet inside a link-layer frame, or undefined for frames that carry none. */
function ipPacket(frame: Uint8Array, linkType: number): Uint8Array | undefined {
  switch (linkType) {
    case 0: // NULL: a 4-byte address family in the capturing host's byte order
    case 108: // LOOP: the same, in network order
      return frame.subarray(4);
    case 1: {
      let at = 12;
      while ((frame[at] === 0x81 && frame[at + 1] === 0x00) || (frame[at] === 0x88 && frame[at + 1] === 0xa8)) at += 4;
      const etherType = (frame[at]! << 8) | frame[at + 1]!;
      return etherType === 0x0800 || etherType === 0x86dd ? frame.subarray(at + 2) : undefined;
    }
    case 101: // raw IP
      return frame;
    case 113: // Linux cooked v1
      return frame.subarray(16);
    case 276: // Linux cooked v2
      return frame.subarray(20);
    default:
      return refuse(`link type ${linkType} is not read (Ethernet, loopback, raw IP and Linux cooked are)`);
  }
}

function tcpSegment(ip: Uint8Array): Segment | undefined {
  const view = new DataView(ip.buffer, ip.byteOffset, ip.byteLength);
  let src: string;
  let dst: string;
  let tcp: Uint8Array;
  if (ip.length >= 20 && ip[0]! >> 4 === 4) {
    if (ip[9] !== TCP) return undefined;
    src = ip.subarray(12, 16).join('.');
    dst = ip.subarray(16, 20).join('.');
    tcp = ip.subarray((ip[0]! & 0x0f) * 4, Math.min(view.getUint16(2), ip.length));
  } else if (ip.length >= 40 && ip[0]! >> 4 === 6) {
    if (ip[6] !== TCP) return undefined;
    src = Buffer.from(ip.subarray(8, 24)).toString('hex');
    dst = Buffer.from(ip.subarray(24, 40)).toString('hex');
    tcp = ip.subarray(40, 40 + view.getUint16(4));
  } else return undefined;
  if (tcp.length < 20) return undefined;
  const ports = new DataView(tcp.buffer, tcp.byteOffset, 8);
  return {
    flow: `${src}:${ports.getUint16(0)}>${dst}:${ports.getUint16(2)}`,
    seq: ports.getUint32(4),
    payload: tcp.subarray((tcp[12]! >> 4) * 4),
  };
}

/** Every TCP segment with a payload, in capture order. */
function segments(bytes: Uint8Array): Segment[] {
  if (bytes.length < 24) refuse('the file is shorter than a pcap header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) === PCAPNG) refuse('this is pcapng; save it as classic pcap (tcpdump -w, or editcap -F pcap)');
  const format = MAGIC.get(view.getUint32(0));
  if (!format) refuse('not a pcap file (unknown magic number)');
  const linkType = view.getUint32(20, format.little) & 0xffff;
  const out: Segment[] = [];
  for (let at = 24; at + 16 <= bytes.length; ) {
    const captured = view.getUint32(at + 8, format.little);
    const original = view.getUint32(at + 12, format.little);
    const frame = bytes.subarray(at + 16, at + 16 + captured);
    at += 16 + captured;
    const ip = ipPacket(frame, linkType);
    const segment = ip && tcpSegment(ip);
    if (!segment || segment.payload.length === 0) continue;
    // A frame cut by the snap length would splice a hole into the stream.
    if (captured < original) refuse(`a packet was truncated to ${captured} of ${original} bytes by the capture's snap length`);
    out.push(segment);
  }
  return out;
}

/** A handshake record (22) of TLS (3.x) whose message is a ClientHello (1). */
function startsClientHello(payload: Uint8Array): boolean {
  return payload[0] === 22 && payload[1] === 3 && (payload.length < 6 || payload[5] === 1);
}

/** The flow's bytes from `start` on, in sequence order, retransmissions dropped, up to the first gap. */
function stream(flow: Segment[], start: number): Uint8Array {
  const offset = (s: Segment): number => (s.seq - start) >>> 0;
  const chunks: Uint8Array[] = [];
  let have = 0;
  for (const s of [...flow].filter((s) => offset(s) < 0x80000000).sort((a, b) => offset(a) - offset(b))) {
    const at = offset(s);
    if (at > have) break;
    if (at + s.payload.length <= have) continue;
    chunks.push(s.payload.subarray(have - at));
    have = at + s.payload.length;
  }
  return Buffer.concat(chunks);
}

/** The records holding the ClientHello: read until the handshake message's length is covered. */
function helloRecords(bytes: Uint8Array): Uint8Array {
  const missing = (): never => refuse(`the ClientHello continues past the captured bytes (${bytes.length} bytes of its records were captured)`);
  const head: number[] = [];
  let at = 0;
  let have = 0;
  let need = Infinity;
  while (have < need) {
    if (at + 5 > bytes.length) missing();
    const length = (bytes[at + 3]! << 8) | bytes[at + 4]!;
    if (at + 5 + length > bytes.length) missing();
    for (let i = 0; i < length && head.length < 4; i++) head.push(bytes[at + 5 + i]!);
    have += length;
    at += 5 + length;
    // The handshake header (type, u24 length) may itself straddle records.
    if (head.length === 4) need = 4 + ((head[1]! << 16) | (head[2]! << 8) | head[3]!);
  }
  return bytes.subarray(0, at);
}

export function clientHelloFromPcap(bytes: Uint8Array): Uint8Array {
  const all = segments(bytes);
  const first = all.find((s) => startsClientHello(s.payload));
  if (!first) refuse('no TCP payload starts a TLS ClientHello (QUIC and other protocols are not read)');
  return helloRecords(stream(all.filter((s) => s.flow === first.flow), first.seq));
}

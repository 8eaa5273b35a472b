/**
 * The first ClientHello in a classic pcap file (tcpdump's default format), so `fingerprint --file`
 * reads a capture as it comes off the wire. Only what that needs: Ethernet, Linux cooked (v1, v2),
 * BSD loopback and raw IP link types; IPv4 and IPv6 without extension headers; TCP segments put
 * back in sequence order per direction. pcapng is not read (tcpdump writes classic pcap).
 */

const LINK_NULL = 0;
const LINK_ETHERNET = 1;
const LINK_RAW = 101;
const LINK_LOOP = 108;
const LINK_SLL = 113;
const LINK_SLL2 = 276;
const TCP = 6;

export function isPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 24) return false;
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  return [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic);
}

interface Segment {
  seq: number;
  payload: Uint8Array;
}

/** TLS records carrying the first ClientHello seen, or an Error saying why there is none. */
export function clientHelloFromPcap(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = view.getUint32(0, false) === 0xd4c3b2a1 || view.getUint32(0, false) === 0x4d3cb2a1;
  const linkType = view.getUint32(20, little) & 0xffff;
  const flows = new Map<string, Segment[]>();
  let helloFlow: string | undefined;
  for (let at = 24; at + 16 <= bytes.length; ) {
    const captured = view.getUint32(at + 8, little);
    const frame = bytes.subarray(at + 16, at + 16 + captured);
    at += 16 + captured;
    const tcp = tcpOf(frame, linkType);
    if (!tcp || tcp.payload.length === 0) continue;
    const segments = flows.get(tcp.flow) ?? [];
    flows.set(tcp.flow, segments);
    segments.push({ seq: tcp.seq, payload: tcp.payload });
    // A handshake record (22) of TLS (0x03xx) whose message is a ClientHello (1).
    if (helloFlow === undefined && tcp.payload[0] === 22 && tcp.payload[1] === 3 && tcp.payload[5] === 1) helloFlow = tcp.flow;
  }
  if (helloFlow === undefined) throw new Error('no TLS ClientHello in this pcap (TCP only; QUIC is not read)');
  return reassemble(flows.get(helloFlow)!);
}

/** The flow's bytes from its first ClientHello segment on, retransmissions dropped. */
function reassemble(segments: Segment[]): Uint8Array {
  const start = segments.find((s) => s.payload[0] === 22)!.seq;
  const chunks: Uint8Array[] = [];
  let next = start;
  for (const s of [...segments].sort((a, b) => ((a.seq - start) >>> 0) - ((b.seq - start) >>> 0))) {
    const offset = (next - s.seq) >>> 0;
    if (((s.seq - start) >>> 0) > ((next - start) >>> 0)) break; // a gap: what follows was not captured
    if (offset >= s.payload.length) continue;
    chunks.push(s.payload.subarray(offset));
    next = (s.seq + s.payload.length) >>> 0;
  }
  const records = Buffer.concat(chunks);
  // Only the records of the hello itself: the record lengths say where it ends.
  let end = 0;
  let total = -1;
  let have = 0;
  while (end + 5 <= records.length && (total < 0 || have < total)) {
    const length = records.readUInt16BE(end + 3);
    const fragment = records.subarray(end + 5, end + 5 + length);
    if (total < 0 && fragment.length >= 4) total = 4 + ((fragment[1]! << 16) | (fragment[2]! << 8) | fragment[3]!);
    have += fragment.length;
    end += 5 + length;
  }
  return records.subarray(0, Math.min(end, records.length));
}

function tcpOf(frame: Uint8Array, linkType: number): { flow: string; seq: number; payload: Uint8Array } | undefined {
  const ip = networkLayer(frame, linkType);
  if (!ip || ip.length < 20) return undefined;
  const view = new DataView(ip.buffer, ip.byteOffset, ip.byteLength);
  let src: string;
  let dst: string;
  let segment: Uint8Array;
  if (ip[0]! >> 4 === 4) {
    if (ip[9] !== TCP) return undefined;
    const headerLength = (ip[0]! & 0x0f) * 4;
    const totalLength = view.getUint16(2);
    src = ip.subarray(12, 16).join('.');
    dst = ip.subarray(16, 20).join('.');
    segment = ip.subarray(headerLength, Math.min(totalLength, ip.length));
  } else if (ip[0]! >> 4 === 6 && ip.length >= 40) {
    if (ip[6] !== TCP) return undefined;
    src = Buffer.from(ip.subarray(8, 24)).toString('hex');
    dst = Buffer.from(ip.subarray(24, 40)).toString('hex');
    segment = ip.subarray(40, 40 + view.getUint16(4));
  } else return undefined;
  if (segment.length < 20) return undefined;
  const tcp = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
  const dataOffset = (segment[12]! >> 4) * 4;
  return {
    flow: `${src}:${tcp.getUint16(0)}>${dst}:${tcp.getUint16(2)}`,
    seq: tcp.getUint32(4),
    payload: segment.subarray(dataOffset),
  };
}

function networkLayer(frame: Uint8Array, linkType: number): Uint8Array | undefined {
  switch (linkType) {
    case LINK_ETHERNET: {
      let at = 12;
      // 802.1Q VLAN tags sit between the addresses and the EtherType.
      while (frame[at] === 0x81 && frame[at + 1] === 0x00) at += 4;
      return frame.subarray(at + 2);
    }
    case LINK_NULL:
    case LINK_LOOP:
      return frame.subarray(4);
    case LINK_RAW:
      return frame;
    case LINK_SLL:
      return frame.subarray(16);
    case LINK_SLL2:
      return frame.subarray(20);
    default:
      return undefined;
  }
}

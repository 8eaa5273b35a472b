/**
 * Where `fingerprint` reads a ClientHello from: hex on the command line, or a file holding hex
 * text (the captures' `*.clienthello.hex`), raw bytes (a handshake message or TLS records) or a
 * packet capture. Which one a file is, is told from its content, not its name.
 */
import { readFileSync } from 'node:fs';
import { bytesFromHex } from '../fingerprint/hex.js';
import { clientHelloFromPcap } from '../profiles/custom/pcap.js';

/** Classic pcap in either byte order, microsecond or nanosecond; and pcapng, which the reader refuses by name. */
const CAPTURE_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a]);

function isCapture(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && CAPTURE_MAGICS.has(new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false));
}

/** Bytes `parseClientHello` takes: a handshake message (0x01...) or TLS records (0x16 0x03...). */
export function helloBytesFromFile(path: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  if (isCapture(bytes)) return clientHelloFromPcap(bytes);
  if (bytes[0] === 0x01 || bytes[0] === 0x16) return bytes;
  return bytesFromHex(Buffer.from(bytes).toString('latin1'));
}

export function helloBytesFromHex(text: string): Uint8Array {
  return bytesFromHex(text);
}

/**
 * Where `fingerprint` reads a ClientHello from: hex on the command line, or a file holding hex
 * text (the captures' `*.clienthello.hex`), raw bytes (a handshake message or TLS records) or a
 * pcap. Which one a file is, is told from its content, not its name.
 */
import { readFileSync } from 'node:fs';
import { bytesFromHex } from '../fingerprint/hex.js';
import { clientHelloFromPcap, isPcap } from './pcap.js';

/** Bytes `parseClientHello` takes: a handshake message (0x01...) or TLS records (0x16 0x03...). */
export function helloBytesFromFile(path: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  if (isPcap(bytes)) return clientHelloFromPcap(bytes);
  if (bytes[0] === 0x01 || bytes[0] === 0x16) return bytes;
  return bytesFromHex(Buffer.from(bytes).toString('latin1'));
}

export function helloBytesFromHex(text: string): Uint8Array {
  return bytesFromHex(text);
}

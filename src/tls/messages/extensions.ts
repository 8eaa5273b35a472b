import { fatal } from '../alerts.js';
import type { ByteReader } from '../wire/reader.js';

/** Reads an extensions block into a map, rejecting duplicates (RFC 8446 §4.2). */
export function readExtensions(r: ByteReader, what: string): Map<number, Uint8Array> {
  const list = r.sub(2, `${what} extensions`);
  const out = new Map<number, Uint8Array>();
  while (list.remaining) {
    const type = list.u16('extension type');
    const data = list.vec(2, 'extension data');
    if (out.has(type)) throw fatal('illegal_parameter', `${what}: duplicate extension ${type}`);
    out.set(type, data);
  }
  return out;
}

/** Rejects extensions the server may not send because we did not offer them (RFC 8446 §4.2). */
export function checkOffered(received: Map<number, Uint8Array>, offered: Set<number>, what: string): void {
  for (const type of received.keys()) {
    if (!offered.has(type)) throw fatal('unsupported_extension', `${what} carries extension ${type} that we did not offer`);
  }
}

/**
 * RFC 8446 §4.2: an extension we know but that is not specified for this message (the table's
 * "TLS 1.3" column) aborts with illegal_parameter, even if we offered it in the ClientHello: ALPN,
 * say, belongs in EncryptedExtensions, never in a TLS 1.3 ServerHello.
 */
export function checkAllowedIn(received: Map<number, Uint8Array>, allowed: ReadonlySet<number>, what: string): void {
  for (const type of received.keys()) {
    if (!allowed.has(type)) throw fatal('illegal_parameter', `${what} carries extension ${type}, which RFC 8446 §4.2 does not allow there`);
  }
}

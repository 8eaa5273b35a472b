import { ByteReader, decodeError } from '../tls/wire/reader.js';
import { concatBytes } from '../bytes/concat.js';

/** The largest TLSPlaintext fragment (RFC 8446 §5.1). */
const MAX_FRAGMENT = 1 << 14;

export interface UnwrappedHandshake {
  /** The handshake message: type, u24 length, body. */
  message: Uint8Array;
  /** Record-layer version of the first record (0x0301 for every modern client), if records were given. */
  recordVersion?: number;
  /** How many records carried the message (a large hello may be split). */
  recordCount?: number;
}

/**
 * Reassembles a handshake message from one or more TLS records (content type 22). Strict: every
 * record must be a handshake record of a 0x03xx version with a fragment of 1..2^14 bytes, and the
 * records must carry exactly one handshake message, nothing before, after or in between, because
 * a ClientHello is always the first and only thing in its flight.
 */
export function handshakeFromRecords(input: Uint8Array): UnwrappedHandshake {
  const r = new ByteReader(input, 'record');
  const fragments: Uint8Array[] = [];
  let have = 0;
  let need = -1;
  let recordVersion = 0;
  let recordCount = 0;
  while (need < 0 || have < need) {
    const type = r.u8('content_type');
    if (type !== 22) throw decodeError(`record: content type ${type}, expected handshake (22)`);
    const version = r.u16('legacy_record_version');
    if (version >>> 8 !== 0x03) throw decodeError(`record: version 0x${version.toString(16)} is not TLS`);
    const fragment = r.vec(2, 'fragment', 1, MAX_FRAGMENT);
    if (recordCount === 0) recordVersion = version;
    recordCount++;
    fragments.push(fragment);
    have += fragment.length;
    if (need < 0 && have >= 4) need = 4 + lengthOf(fragments);
  }
  if (have !== need) throw decodeError(`record: ${have - need} bytes after the handshake message`);
  r.end();
  const message = fragments.length === 1 ? fragments[0]! : concatBytes(fragments);
  return { message, recordVersion, recordCount };
}

/** The u24 body length from the first 4 bytes spread over the fragments so far. */
function lengthOf(fragments: Uint8Array[]): number {
  const head: number[] = [];
  for (const f of fragments) {
    for (let i = 0; i < f.length && head.length < 4; i++) head.push(f[i]!);
  }
  return (head[1]! << 16) | (head[2]! << 8) | head[3]!;
}

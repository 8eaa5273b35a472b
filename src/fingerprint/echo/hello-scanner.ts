/**
 * Finds the ClientHello at the start of a client's byte stream, before any TLS library sees it:
 * the records (content type 22) that carry the first handshake message, however the stream was
 * cut into TCP segments and however the client split the message over records.
 *
 * It only frames; it does not parse the hello (clienthello.ts does that, strictly). What it
 * checks is what lets it give up early on a client that is not speaking TLS at all, so a port
 * scanner or a plaintext HTTP request costs a few bytes, not a buffer and a timeout.
 */

/** The largest TLSPlaintext fragment (RFC 8446 §5.1). */
const MAX_FRAGMENT = 1 << 14;
const RECORD_HEADER = 5;
const CONTENT_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;

export interface ScannedHello {
  /** The ClientHello handshake message: type 01, u24 length, body. */
  message: Uint8Array;
  /** How many stream bytes the records carrying it take (headers included). */
  recordBytes: number;
  recordCount: number;
  /** The first record's legacy_record_version (0x0301 for most clients). */
  recordVersion: number;
}

export type ScanResult = { status: 'incomplete' } | { status: 'complete'; hello: ScannedHello } | { status: 'invalid'; reason: string };

/** Default bound on a ClientHello; post-quantum shares and ECH make ~2 KB hellos, 64 KiB leaves room for anything sane. */
export const DEFAULT_MAX_HELLO_LENGTH = 64 * 1024;

/**
 * Looks at the bytes received so far. `incomplete` means wait for more; `invalid` means this is
 * not a TLS client's first flight (or its hello is larger than `maxLength`).
 */
export function scanClientHello(stream: Uint8Array, maxLength = DEFAULT_MAX_HELLO_LENGTH): ScanResult {
  const fragments: Uint8Array[] = [];
  let have = 0;
  let need = -1;
  let at = 0;
  let recordVersion = 0;
  while (need < 0 || have < need) {
    if (stream.length - at < RECORD_HEADER) return checkPartialHeader(stream.subarray(at));
    const type = stream[at]!;
    const version = (stream[at + 1]! << 8) | stream[at + 2]!;
    const length = (stream[at + 3]! << 8) | stream[at + 4]!;
    if (type !== CONTENT_HANDSHAKE) return invalid(`record content type ${type}, not handshake (22)`);
    if (version >>> 8 !== 0x03) return invalid(`record version 0x${version.toString(16)} is not TLS`);
    if (length === 0 || length > MAX_FRAGMENT) return invalid(`record length ${length} is outside 1..${MAX_FRAGMENT}`);
    if (fragments.length === 0) recordVersion = version;
    if (stream.length - at - RECORD_HEADER < length) {
      // The message type and length may already be readable in this partial record.
      const partial = stream.subarray(at + RECORD_HEADER);
      return checkMessageHead([...fragments, partial], maxLength) ?? { status: 'incomplete' };
    }
    const fragment = stream.subarray(at + RECORD_HEADER, at + RECORD_HEADER + length);
    fragments.push(fragment);
    have += length;
    at += RECORD_HEADER + length;
    const head = checkMessageHead(fragments, maxLength);
    if (head) return head;
    if (need < 0 && have >= 4) need = 4 + messageLength(fragments);
  }
  const message = joinPrefix(fragments, need);
  return { status: 'complete', hello: { message, recordBytes: at, recordCount: fragments.length, recordVersion } };
}

function invalid(reason: string): ScanResult {
  return { status: 'invalid', reason };
}

/** Fewer than 5 bytes of a record header: judge the type and version bytes that are there. */
function checkPartialHeader(head: Uint8Array): ScanResult {
  if (head.length >= 1 && head[0] !== CONTENT_HANDSHAKE) return invalid(`record content type ${head[0]}, not handshake (22)`);
  if (head.length >= 2 && head[1] !== 0x03) return invalid(`record version major ${head[1]} is not TLS`);
  return { status: 'incomplete' };
}

/** Rejects, as soon as its first bytes are in, a first handshake message that is not a ClientHello or is too long. */
function checkMessageHead(fragments: readonly Uint8Array[], maxLength: number): ScanResult | undefined {
  const head = joinPrefix(fragments, 4, true);
  if (head.length >= 1 && head[0] !== HANDSHAKE_CLIENT_HELLO) return invalid(`first handshake message has type ${head[0]}, not ClientHello (1)`);
  if (head.length === 4) {
    const length = messageLength([head]);
    if (4 + length > maxLength) return invalid(`ClientHello of ${length} bytes exceeds the ${maxLength}-byte limit`);
  }
  return undefined;
}

function messageLength(fragments: readonly Uint8Array[]): number {
  const head = joinPrefix(fragments, 4);
  return (head[1]! << 16) | (head[2]! << 8) | head[3]!;
}

/** The first `n` bytes of the fragments joined (fewer when `partial` and they hold fewer). */
function joinPrefix(fragments: readonly Uint8Array[], n: number, partial = false): Uint8Array {
  const total = fragments.reduce((sum, f) => sum + f.length, 0);
  const out = new Uint8Array(partial ? Math.min(n, total) : n);
  let at = 0;
  for (const f of fragments) {
    if (at >= out.length) break;
    const part = f.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

import { RemoteProtocolError, TLSError } from '../errors.js';
import { CLIENT_PREFACE, FRAME_HEADER_LENGTH, FrameReader, HpackDecoder, MAX_ALLOWED_FRAME_SIZE, type Frame } from '../http/h2/index.js';
import { akamaiFingerprint, type AkamaiInput } from './akamai.js';
import { bytesFromHex } from './hex.js';
import { concatBytes } from '../bytes/concat.js';

/**
 * The Akamai inputs from a client's decrypted byte stream (preface + frames, as in the captures'
 * `*.h2-client.hex`), read with the project's HTTP/2 frame reader and HPACK decoder:
 *
 * - SETTINGS: the first non-ACK SETTINGS frame;
 * - WINDOW_UPDATE: the first connection-level (stream 0) one before the first HEADERS (Firefox's
 *   stream-level update that follows its HEADERS is not part of the fingerprint);
 * - PRIORITY: every PRIORITY frame before the first HEADERS (the priority block inside HEADERS,
 *   which Chrome and Firefox send, is not a PRIORITY frame and does not count);
 * - pseudo-headers: of the first header block (HEADERS + CONTINUATIONs), decoded by HPACK.
 *
 * Reading stops at the end of the first header block: later frames (the next request, GOAWAY,
 * or a capture cut at 8 KiB in the middle of a frame) are never parsed. A stream that ends
 * cleanly before any request (a connection opened and closed unused) gives an empty
 * pseudo-header part. Not HTTP/2, a framing or HPACK error, or a stream cut before the first
 * request is complete: RemoteProtocolError.
 */
export function akamaiInputFromClientStream(input: Uint8Array | string): AkamaiInput {
  const bytes = typeof input === 'string' ? hexStream(input) : input;
  // The client's frames are bounded by the server's SETTINGS_MAX_FRAME_SIZE, which a passive
  // observer does not know: allow the protocol maximum.
  const reader = new FrameReader({ expectPreface: true, maxFrameSize: MAX_ALLOWED_FRAME_SIZE });
  const out: AkamaiInput = { settings: [], priorities: [], pseudoHeaderOrder: [] };
  let sawSettings = false;
  let block: Uint8Array[] | undefined;

  const take = (frame: Frame): boolean => {
    if (block) {
      // The frame reader guarantees only CONTINUATIONs of the open block come here.
      if (frame.type !== 'CONTINUATION') return false;
      block.push(frame.headerBlock);
      return frame.endHeaders;
    }
    switch (frame.type) {
      case 'SETTINGS':
        if (!frame.ack && !sawSettings) {
          sawSettings = true;
          out.settings = frame.settings.map((s) => [s.id, s.value]);
        }
        return false;
      case 'WINDOW_UPDATE':
        if (frame.streamId === 0 && out.windowUpdate === undefined) out.windowUpdate = frame.increment;
        return false;
      case 'PRIORITY':
        out.priorities.push({ streamId: frame.streamId, ...frame.priority });
        return false;
      case 'HEADERS':
        block = [frame.headerBlock];
        return frame.endHeaders;
      default:
        return false;
    }
  };

  // Feed the reader one frame at a time (cut at the frame-length field) so that nothing after
  // the first request is ever decoded.
  let at = Math.min(CLIENT_PREFACE.length, bytes.length);
  reader.push(bytes.subarray(0, at));
  let done = false;
  while (!done && at + FRAME_HEADER_LENGTH <= bytes.length) {
    const length = (bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!;
    const end = at + FRAME_HEADER_LENGTH + length;
    if (end > bytes.length) break;
    for (const frame of reader.push(bytes.subarray(at, end))) done = take(frame) || done;
    at = end;
  }
  if (!done && (at !== bytes.length || block !== undefined || at < CLIENT_PREFACE.length)) {
    throw new RemoteProtocolError('client stream ends before its first request is complete', 'PROTOCOL_ERROR');
  }
  if (block) {
    const decoded = new HpackDecoder({ tableSizeLimit: HPACK_TABLE_LIMIT }).decode(block.length === 1 ? block[0]! : concatBytes(block));
    out.pseudoHeaderOrder = decoded.fields.map((f) => f.name).filter((name) => name.startsWith(':'));
  }
  return out;
}

/**
 * The client's encoder may grow its table up to the server's SETTINGS_HEADER_TABLE_SIZE, which we
 * do not know; a larger decoder table decodes any valid first block the same, so be generous.
 */
const HPACK_TABLE_LIMIT = 1 << 24;

/** The Akamai fingerprint string of a client's byte stream (see `akamaiInputFromClientStream`). */
export function akamaiFromClientStream(input: Uint8Array | string): string {
  return akamaiFingerprint(akamaiInputFromClientStream(input));
}

/** Hex text of a stream; bad hex is reported as this layer's error, not as a TLS one. */
function hexStream(text: string): Uint8Array {
  try {
    return bytesFromHex(text);
  } catch (error) {
    if (error instanceof TLSError) throw new RemoteProtocolError(error.message, 'PROTOCOL_ERROR');
    throw error;
  }
}

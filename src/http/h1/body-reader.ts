import { RemoteProtocolError } from '../../errors.js';
import type { BodyFraming } from './body-framing.js';
import { HeadBudget, readHeaderFields } from './header-block.js';
import { MAX_LINE_BYTES } from './limits.js';
import type { StreamReader } from './stream-reader.js';

/** chunk-size [ BWS ";" chunk-ext ] (RFC 9112 §7.1); 13 hex digits stay below 2^53. */
const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]{1,13})[ \t]*(?:;[^\0\r\n]*)?$/;

/**
 * The raw (still content-coded) body bytes, as views of what the socket delivered. Trailers of a
 * chunked body are appended to `trailers`. Ends early only by throwing: a body cut short by the
 * connection closing is a RemoteProtocolError, never a silently short body.
 */
export async function* readBody(reader: StreamReader, framing: BodyFraming, trailers: [string, string][]): AsyncGenerator<Uint8Array, void> {
  switch (framing.kind) {
    case 'none':
      return;
    case 'length':
      yield* readLength(reader, framing.length);
      return;
    case 'close':
      for (let chunk = await reader.read(Infinity); chunk; chunk = await reader.read(Infinity)) yield chunk;
      return;
    case 'chunked':
      yield* readChunked(reader, trailers);
      return;
  }
}

async function* readLength(reader: StreamReader, length: number): AsyncGenerator<Uint8Array, void> {
  let remaining = length;
  while (remaining > 0) {
    const chunk = await reader.read(remaining);
    if (!chunk) throw new RemoteProtocolError(`connection closed after ${length - remaining} of ${length} body bytes`, 'INCOMPLETE_MESSAGE');
    remaining -= chunk.length;
    yield chunk;
  }
}

async function* readChunked(reader: StreamReader, trailers: [string, string][]): AsyncGenerator<Uint8Array, void> {
  for (;;) {
    const line = await reader.readLine(MAX_LINE_BYTES, 'a chunk size line');
    if (line === null) throw new RemoteProtocolError('connection closed before the last chunk', 'INCOMPLETE_MESSAGE');
    const m = CHUNK_SIZE_LINE.exec(line);
    if (!m) throw new RemoteProtocolError(`malformed chunk size line: ${JSON.stringify(line.slice(0, 80))}`, 'BAD_CHUNK');
    const size = parseInt(m[1]!, 16);
    if (size === 0) {
      trailers.push(...(await readHeaderFields(reader, new HeadBudget('trailers'), 'the trailers')));
      return;
    }
    let remaining = size;
    while (remaining > 0) {
      const chunk = await reader.read(remaining);
      if (!chunk) throw new RemoteProtocolError('connection closed in the middle of a chunk', 'INCOMPLETE_MESSAGE');
      remaining -= chunk.length;
      yield chunk;
    }
    await readChunkEnd(reader);
  }
}

/** The CRLF (or bare LF) that must follow a chunk's data: anything else means the size lied. */
async function readChunkEnd(reader: StreamReader): Promise<void> {
  let byte = await reader.read(1);
  if (byte?.[0] === 0x0d) byte = await reader.read(1);
  if (!byte) throw new RemoteProtocolError('connection closed in the middle of a chunk', 'INCOMPLETE_MESSAGE');
  if (byte[0] !== 0x0a) throw new RemoteProtocolError('chunk data longer than its declared size', 'BAD_CHUNK');
}

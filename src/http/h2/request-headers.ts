/**
 * A request's header block as a browser lays it out (pseudo-headers in the profile's order, then
 * the caller's fields in theirs), and the HEADERS + CONTINUATION frames that carry it.
 */
import { RequestError } from '../../errors.js';
import type { Priority } from './frame-types.js';
import { encodeFrame } from './frames.js';
import type { HeaderField } from './hpack/encoder.js';
import { checkRequestLine } from './pseudo-headers.js';

export interface RequestLine {
  method: string;
  scheme: string;
  authority: string;
  path: string;
  /**
   * RFC 8441 extended CONNECT (`websocket`): the request then carries all five pseudo-headers,
   * `:protocol` after the profile's four (Chromium's CreateSpdyHeadersFromHttpRequestForWebSocket
   * puts it last). Only on a connection whose server sent SETTINGS_ENABLE_CONNECT_PROTOCOL=1.
   */
  protocol?: string;
}

/**
 * §8.2.2: fields that only mean something to an HTTP/1.1 connection; a server must treat a
 * request carrying them as malformed, so they never go out (`te` only as "trailers").
 */
const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);
const BAD_NAME = /[^!#$%&'*+\-.^_`|~0-9a-z]/;
const BAD_VALUE = /[\0\r\n]/;

/** Request pseudo-headers in RFC order: where the profile's list leaves one out, it goes last. */
const PSEUDO_HEADERS = [':method', ':scheme', ':authority', ':path'] as const;

/**
 * The field list of a request: pseudo-headers in `pseudoOrder`, then `headers` with names lower
 * cased and in the order given. CONNECT (§8.5) carries only `:method` and `:authority`. Every
 * pseudo-header is validated first (pseudo-headers.ts); a bad one is a RequestError.
 */
export function requestFields(line: RequestLine, headers: readonly (readonly [string, string])[], pseudoOrder: readonly string[]): HeaderField[] {
  checkRequestLine(line);
  const values: Record<string, string> = { ':method': line.method, ':scheme': line.scheme, ':authority': line.authority, ':path': line.path };
  const extended = line.method === 'CONNECT' && line.protocol !== undefined;
  const wanted = line.method === 'CONNECT' && !extended ? new Set([':method', ':authority']) : new Set<string>(PSEUDO_HEADERS);
  const order = [...pseudoOrder.filter((n) => wanted.has(n)), ...PSEUDO_HEADERS.filter((n) => wanted.has(n) && !pseudoOrder.includes(n))];
  const fields: HeaderField[] = order.map((name) => [name, values[name]!] as const);
  if (extended) fields.push([':protocol', line.protocol!]);
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    if (name === '' || BAD_NAME.test(name)) throw new RequestError(`invalid header name ${JSON.stringify(rawName)}`);
    if (BAD_VALUE.test(value)) throw new RequestError(`header ${rawName} has a NUL, CR or LF in its value`);
    if (CONNECTION_SPECIFIC.has(name) || (name === 'te' && value.toLowerCase() !== 'trailers')) continue;
    fields.push([name, value]);
  }
  return fields;
}

export interface HeaderFramesOptions {
  endStream: boolean;
  priority: Priority | undefined;
  /** The peer's SETTINGS_MAX_FRAME_SIZE. */
  maxFrameSize: number;
}

/**
 * HEADERS, then as many CONTINUATIONs as the block needs (§6.10), as one buffer: they must leave
 * back to back, nothing may come between them.
 */
export function headerBlockFrames(streamId: number, block: Uint8Array, options: HeaderFramesOptions): Uint8Array {
  const priorityOctets = options.priority ? 5 : 0;
  const first = Math.min(block.length, options.maxFrameSize - priorityOctets);
  const frames: Uint8Array[] = [];
  const headers = encodeFrame({
    type: 'HEADERS',
    streamId,
    endStream: options.endStream,
    endHeaders: first === block.length,
    ...(options.priority ? { priority: options.priority } : {}),
    headerBlock: block.subarray(0, first),
  });
  frames.push(headers);
  for (let at = first; at < block.length; at += options.maxFrameSize) {
    const end = Math.min(block.length, at + options.maxFrameSize);
    frames.push(encodeFrame({ type: 'CONTINUATION', streamId, endHeaders: end === block.length, headerBlock: block.subarray(at, end) }));
  }
  return frames.length === 1 ? headers : Buffer.concat(frames);
}


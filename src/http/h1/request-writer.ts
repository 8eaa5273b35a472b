import { RequestError } from '../../errors.js';
import { isToken } from './header-block.js';

/** One HTTP/1.1 request as it goes on the wire: headers already final, in order and spelling. */
export interface H1Request {
  method: string;
  /** origin-form (`/path?q`) or, to an HTTP proxy, absolute-form (`http://host/path`). */
  target: string;
  headers: [string, string][];
  /** A buffered body, a streamed one (written as its chunks arrive), or none. */
  body: Uint8Array | AsyncIterable<Uint8Array> | null;
}

const BAD_TARGET = /[\0-\x20\x7f]/;
const BAD_VALUE = /[\0\r\n]/;

/**
 * The request line and header block, exactly as given: no header is added, dropped, re-spelled
 * or moved here (that was decided by whoever built the list). Anything that could split the head
 * (CR, LF, NUL in a value, a non-token name) is a RequestError, so a caller's string can never
 * inject a header or a second request.
 */
export function encodeRequestHead(request: H1Request): Buffer {
  if (!isToken(request.method)) throw new RequestError(`invalid method: ${JSON.stringify(request.method)}`);
  if (!request.target || BAD_TARGET.test(request.target)) throw new RequestError(`invalid request target: ${JSON.stringify(request.target)}`);
  // The usual case, every value latin1: the head is one string, encoded once.
  let head = `${request.method} ${request.target} HTTP/1.1\r\n`;
  let latin1 = true;
  for (const [name, value] of request.headers) {
    if (!isToken(name)) throw new RequestError(`invalid header name: ${JSON.stringify(name)}`);
    if (BAD_VALUE.test(value)) throw new RequestError(`invalid character in the value of header ${name}`);
    if (latin1 && !LATIN1.test(value)) latin1 = false;
    head += `${name}: ${value}\r\n`;
  }
  if (latin1) return Buffer.from(`${head}\r\n`, 'latin1');
  const parts: Buffer[] = [Buffer.from(`${request.method} ${request.target} HTTP/1.1\r\n`, 'latin1')];
  for (const [name, value] of request.headers) parts.push(Buffer.from(`${name}: `, 'latin1'), encodeValue(value), CRLF);
  parts.push(CRLF);
  return Buffer.concat(parts);
}

const LATIN1 = /^[\0-\xff]*$/;

const CRLF = Buffer.from('\r\n');

/** latin1 when every character fits a byte (what a browser's ByteString is), else UTF-8. */
function encodeValue(value: string): Buffer {
  return LATIN1.test(value) ? Buffer.from(value, 'latin1') : Buffer.from(value, 'utf8');
}

/** Whether the headers ask for a chunked body (a caller-set `Transfer-Encoding: chunked`). */
export function sendsChunked(headers: readonly [string, string][]): boolean {
  return headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && /(^|,)\s*chunked\s*$/i.test(v));
}

/** One chunk of a streamed body in chunked coding (empty for an empty chunk, which would end the body). */
export function encodeChunk(data: Uint8Array): Buffer[] {
  if (data.length === 0) return [];
  return [Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.length), CRLF];
}

export const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');

/** A buffered body in chunked coding: one chunk and the last-chunk. */
export function encodeChunked(body: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  if (body.length > 0) out.push(Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1'), Buffer.from(body.buffer, body.byteOffset, body.length), CRLF);
  out.push(Buffer.from('0\r\n\r\n', 'latin1'));
  return out;
}

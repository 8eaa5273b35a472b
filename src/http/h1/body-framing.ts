import { RemoteProtocolError } from '../../errors.js';
import { listValues } from './header-block.js';
import type { ResponseHead } from './response-head.js';

/** How the end of a response body is found (RFC 9112 §6.3). */
export type BodyFraming = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

/**
 * The framing of a final response to `method`, in RFC 9112 §6.3's order: no body for HEAD, 1xx,
 * 204 and 304 whatever the fields say; then Transfer-Encoding; then Content-Length; else the body
 * runs to the end of the connection. A response with both Transfer-Encoding and Content-Length
 * is refused outright: §6.3 rule 3 calls it a possible smuggling attempt, and a client that picks
 * one reading can be steered into desynchronising a reused connection.
 */
export function bodyFraming(method: string, head: ResponseHead): BodyFraming {
  if (method === 'HEAD' || head.status < 200 || head.status === 204 || head.status === 304) return { kind: 'none' };
  const codings = listValues(head.headers, 'transfer-encoding').map((c) => c.toLowerCase());
  const lengths = listValues(head.headers, 'content-length');
  if (codings.length > 0) {
    if (lengths.length > 0) throw new RemoteProtocolError('response has both Transfer-Encoding and Content-Length', 'CONFLICTING_FRAMING');
    // HTTP/1.0 has no transfer codings (§6.1): such a message is read to the close.
    if (head.minorVersion === 0) return { kind: 'close' };
    if (codings[codings.length - 1] !== 'chunked') return { kind: 'close' };
    if (codings.slice(0, -1).some((c) => c !== 'identity')) {
      throw new RemoteProtocolError(`unsupported transfer coding: ${codings.join(', ')}`, 'UNSUPPORTED_TRANSFER_CODING');
    }
    return { kind: 'chunked' };
  }
  if (lengths.length > 0) return { kind: 'length', length: contentLength(lengths) };
  return { kind: 'close' };
}

/** Repeated Content-Length values are accepted only when identical (§6.3 rule 5). */
function contentLength(values: string[]): number {
  const first = values[0]!;
  if (!/^[0-9]{1,15}$/.test(first)) throw new RemoteProtocolError(`invalid Content-Length: ${JSON.stringify(first.slice(0, 40))}`, 'BAD_CONTENT_LENGTH');
  if (values.some((v) => v !== first)) throw new RemoteProtocolError(`conflicting Content-Length values: ${values.join(', ')}`, 'BAD_CONTENT_LENGTH');
  return Number(first);
}

/**
 * Whether the connection may carry another request after this exchange (RFC 9112 §9.3):
 * HTTP/1.1 persists unless either side said `close`; HTTP/1.0 only when the server said
 * `keep-alive`; a body delimited by the close never leaves a reusable connection.
 */
export function keepsAlive(head: ResponseHead, framing: BodyFraming, requestHeaders: readonly [string, string][]): boolean {
  if (framing.kind === 'close') return false;
  const response = listValues(head.headers, 'connection').map((t) => t.toLowerCase());
  const request = listValues(requestHeaders, 'connection').map((t) => t.toLowerCase());
  if (response.includes('close') || request.includes('close')) return false;
  if (head.minorVersion === 0) return response.includes('keep-alive');
  return true;
}

/**
 * Following a redirect, with tls_requests' method rules: 303 and 302 turn any method but HEAD
 * into GET, 301 turns POST into GET, 307 and 308 keep the method and the body. Credentials do
 * not follow to another origin (an http → https upgrade of the same host excepted, as in httpx):
 * Authorization and a Proxy-Authorization the caller set go, as Host does (the Fetch standard's
 * HTTP-redirect fetch, curl since CVE-2018-1000007 and CVE-2022-27776); the Cookie field is left
 * for the client to compute again for the new URL (the jar's cookies for it, and per-request
 * cookies only on the first request's origin).
 *
 * The Location field is read as Chrome reads it (net/http/http_stream_parser.cc): copies with
 * different values are ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION, never joined with ", "; its raw
 * octets are UTF-8, percent-encoded once by the URL parser (our HTTP layers hand fields over as
 * latin1 text, one character per octet, so they are turned back into octets first).
 */
import { RemoteProtocolError, RequestError } from '../errors.js';
import type { Response } from './response.js';
import { Request } from './request.js';
import { isHttpsUpgrade, sameOrigin } from './url.js';

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export function redirectMethod(status: number, method: string): string {
  if ((status === 303 || status === 302) && method !== 'HEAD') return 'GET';
  if (status === 301 && method === 'POST') return 'GET';
  return method;
}

/** The Location, resolved against the URL that answered. */
export function redirectTarget(response: Response): URL {
  const location = singleLocation(response);
  if (location === null) throw new RemoteProtocolError(`redirect response (${response.status}) without a Location header from ${response.url}`, 'MISSING_LOCATION');
  let url: URL;
  try {
    url = new URL(location, response.url);
  } catch {
    throw new RemoteProtocolError(`invalid URL in the Location header: ${JSON.stringify(location)}`, 'INVALID_LOCATION');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RemoteProtocolError(`redirect to an unsupported scheme: ${JSON.stringify(location)}`, 'INVALID_LOCATION');
  }
  return url;
}

function singleLocation(response: Response): string | null {
  const values = response.headers.getAll('location');
  if (values.length === 0) return null;
  if (values.some((v) => v !== values[0]))
    throw new RemoteProtocolError(
      `redirect response (${response.status}) with ${values.length} different Location headers from ${response.url} (Chrome: ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION)`,
      'MULTIPLE_LOCATION',
    );
  return octetsAsUtf8(values[0]!);
}

/** latin1 text holding raw octets (each char < 0x100, some >= 0x80) read back as UTF-8; malformed sequences become U+FFFD, as in Chrome. */
function octetsAsUtf8(value: string): string {
  if (!/[\x80-\xff]/.test(value) || /[^\x00-\xff]/.test(value)) return value;
  return new TextDecoder('utf-8').decode(Buffer.from(value, 'latin1'));
}

export function redirectRequest(request: Request, response: Response): Request {
  const from = new URL(request.url);
  const to = redirectTarget(response);
  const method = redirectMethod(response.status, request.method);
  // 307 and 308 send the body again, and a streamed one was used up by the first request.
  if (method === request.method && request.stream !== null) {
    throw new RequestError(`streamed body cannot be resent: ${response.status} redirect to ${to.href} (read the body into bytes to follow it)`);
  }
  const next = new Request(method, to, { headers: request.headers, content: request.content });
  if (method !== request.method) {
    next.content = null;
    for (const name of ['content-type', 'content-length', 'transfer-encoding']) next.headers.delete(name);
  }
  if (!sameOrigin(from, to)) {
    next.headers.delete('host');
    // A proxy credential never follows to another origin, not even an https upgrade: inside a
    // CONNECT tunnel it would reach the origin server itself.
    next.headers.delete('proxy-authorization');
    if (!isHttpsUpgrade(from, to)) next.headers.delete('authorization');
  }
  next.headers.delete('cookie');
  return next;
}

/**
 * The request pseudo-headers checked as strictly as HTTP/1.1 checks its request line, before a
 * single octet goes out. HPACK carries any octet, so a CR, LF or NUL in `:path` or `:authority`
 * reaches an HTTP/2 front end intact, which may turn it into HTTP/1.1 for the origin: the h2→h1
 * request-smuggling class (RFC 9113 §8.2.1, §10.3). A caller's string must never do that.
 *
 * - `:method`: a token (RFC 9110 §9.1, §5.6.2).
 * - `:scheme`: RFC 3986 §3.1 `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
 * - `:authority`: RFC 9113 §8.3.1 — the authority of RFC 3986 §3.2 without userinfo: host (a
 *   reg-name, IPv4 or bracketed IP literal) and an optional port; CONNECT requires the port
 *   (§8.5).
 * - `:path`: not empty; "/"-rooted, or "*" for OPTIONS (§8.3.1); no control octet, space or DEL
 *   (RFC 3986 allows none of them, and CR/LF/NUL are what smuggling needs).
 */
import { RequestError } from '../../errors.js';
import type { RequestLine } from './request-headers.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+\-.]*$/;
/** reg-name / IPv4address: unreserved, pct-encoded and sub-delims (RFC 3986 §3.2.2). */
const REG_NAME = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
/** IP-literal: IPv6 (with an RFC 6874 zone) or IPvFuture, kept loose inside the brackets but never a control. */
const IP_LITERAL = /^\[[0-9A-Za-z:.\-_~%]+\]$/;
const PORT = /^[0-9]{0,5}$/;
const BAD_PATH_OCTET = /[\x00-\x20\x7f]/;

export function checkRequestLine(line: RequestLine): void {
  if (!TOKEN.test(line.method)) throw new RequestError(`invalid HTTP/2 :method ${JSON.stringify(line.method)}: not a token`);
  // RFC 8441 §4: an extended CONNECT is shaped like any request (:scheme, :path, no port needed).
  const plainConnect = line.method === 'CONNECT' && line.protocol === undefined;
  checkAuthority(line.authority, plainConnect);
  if (plainConnect) return;
  if (line.protocol !== undefined && !TOKEN.test(line.protocol)) throw new RequestError(`invalid HTTP/2 :protocol ${JSON.stringify(line.protocol)}: not a token`);
  if (!SCHEME.test(line.scheme)) throw new RequestError(`invalid HTTP/2 :scheme ${JSON.stringify(line.scheme)}`);
  const path = line.path;
  if (path === '' || BAD_PATH_OCTET.test(path) || !(path.startsWith('/') || (path === '*' && line.method === 'OPTIONS')))
    throw new RequestError(`invalid HTTP/2 :path ${JSON.stringify(path)}: it must start with "/" and hold no control octet, space or DEL`);
}

function checkAuthority(authority: string, portRequired: boolean): void {
  const fail = (why: string): never => {
    throw new RequestError(`invalid HTTP/2 :authority ${JSON.stringify(authority)}: ${why}`);
  };
  if (authority === '') fail('empty');
  if (authority.includes('@')) fail('userinfo is not allowed (RFC 9113 §8.3.1)');
  let host: string;
  let port: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) fail('unclosed IP literal');
    host = authority.slice(0, close + 1);
    const rest = authority.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) fail('junk after the IP literal');
      port = rest.slice(1);
    }
    if (!IP_LITERAL.test(host)) fail('not an IP literal');
  } else {
    const colon = authority.lastIndexOf(':');
    host = colon < 0 ? authority : authority.slice(0, colon);
    port = colon < 0 ? undefined : authority.slice(colon + 1);
    if (host === '' || !REG_NAME.test(host)) fail('the host is not a host name or address');
  }
  if (port !== undefined && (!PORT.test(port) || Number(port) > 65_535)) fail('the port is not a number up to 65535');
  if (portRequired && !port) fail('CONNECT needs host:port (RFC 9113 §8.5)');
}

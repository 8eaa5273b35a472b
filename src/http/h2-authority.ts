/**
 * A caller's Host header on HTTP/2. HTTP/2 has no Host field of its own: it becomes the
 * `:authority` pseudo-header (RFC 9113 §8.3.1), which must be `host[:port]` with no userinfo. A
 * value that is not one would be a malformed request (a server resets the stream, or worse
 * routes it somewhere unexpected), so it is refused before anything is sent.
 */
import { isIPv6 } from 'node:net';
import { RequestError } from '../errors.js';

/** RFC 3986 reg-name or IPv4address: unreserved, pct-encoded and sub-delims, never empty. */
const REG_NAME = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;
const PORT = /^[0-9]{1,5}$/;

/** The `:authority` a user's Host header asks for, or null when there is none. */
export function authorityFromHost(headers: readonly [string, string][]): string | null {
  const values = headers.filter(([name]) => name.toLowerCase() === 'host').map(([, value]) => value.trim());
  if (values.length === 0) return null;
  // Two Hosts leave the target ambiguous; HTTP/1.1 servers must answer 400 (RFC 9112 §3.2).
  if (values.length > 1) throw new RequestError(`more than one Host header (${values.map((v) => JSON.stringify(v)).join(', ')}): HTTP/2 has one :authority`);
  const value = values[0]!;
  if (!isAuthority(value)) throw new RequestError(`invalid Host header ${JSON.stringify(value)} for HTTP/2 :authority: expected host or host:port`);
  return value;
}

function isAuthority(value: string): boolean {
  let host = value;
  let port: string | null = null;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) return false;
    host = value.slice(1, close);
    const rest = value.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return false;
      port = rest.slice(1);
    }
    if (!isIPv6(host)) return false;
  } else {
    const colon = value.lastIndexOf(':');
    if (colon >= 0) {
      host = value.slice(0, colon);
      port = value.slice(colon + 1);
    }
    if (!REG_NAME.test(host)) return false;
  }
  return port === null || (PORT.test(port) && Number(port) <= 65535);
}

/**
 * Crawlee decides that a proxy is failing (and retires the session that uses it, so the retry
 * goes out through another) by looking for got's and Node's words in the error message
 * (ECONNREFUSED, ECONNRESET, ERR_TUNNEL_CONNECTION_FAILED...). A connection refused already says
 * ECONNREFUSED; a proxy that refuses the tunnel or fails SOCKS says it in our words, so the
 * marker Crawlee knows is added to them.
 */
import { ProxyError } from '../errors.js';

const MARKER = 'ERR_TUNNEL_CONNECTION_FAILED';

export function forCrawlee(error: unknown): unknown {
  if (!(error instanceof ProxyError) || error.message.includes(MARKER)) return error;
  return new ProxyError(`${error.message} (${MARKER})`, error.code, { cause: error });
}

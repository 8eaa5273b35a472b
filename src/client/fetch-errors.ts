/**
 * How the fetch facade fails: as WHATWG fetch does, so code written against fetch catches what
 * it expects. An aborted signal rejects with the signal's reason (a DOMException AbortError, or
 * TimeoutError for `AbortSignal.timeout()`); anything the network or the request did wrong is a
 * TypeError, with the library's typed error as its `cause` for callers who want the detail.
 */
import { HTTPError, RequestError } from '../errors.js';

export function asFetchError(error: unknown, signal: AbortSignal | undefined, networkMessage = 'fetch failed'): unknown {
  if (signal?.aborted) return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
  if (!(error instanceof HTTPError)) return error;
  // A request that could not be built (an invalid or relative URL...) says why, as fetch's "Failed to parse URL" does.
  if (error instanceof RequestError) return new TypeError(error.message, { cause: error });
  return new TypeError(networkMessage, { cause: error });
}

import { AbortError, HTTPError } from '../errors.js';

/** Listening to a caller's AbortSignal for one request, without leaking the listener. */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (signal === undefined) return () => {};
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

/**
 * What an aborted call rejects with: the library's own error when the signal carries one (the
 * client closing aborts with ClientClosedError), else AbortError.
 */
export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof HTTPError ? signal.reason : new AbortError('request aborted');
}

/**
 * Errors only the client throws: they never cross a thread, so they live here rather than in
 * src/errors.ts (which the pool must be able to rebuild). They extend the library's base class,
 * so `instanceof HTTPError` still catches everything.
 */
import { HTTPError } from '../errors.js';

/** `content`, `text` or `json()` on a streamed response before `read()`. */
export class ResponseNotRead extends HTTPError {
  override name = 'ResponseNotRead';
}

/** A streamed body iterated a second time, or after `close()`. */
export class StreamConsumed extends HTTPError {
  override name = 'StreamConsumed';
}

/** A rotator with nothing to hand out, or given something it cannot use (tls_requests' name). */
export class RotatorError extends HTTPError {
  override name = 'RotatorError';
}

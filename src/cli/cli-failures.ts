/** Failures the request command makes itself, on top of the library's errors (error-message.ts maps them). */

/** -f and a 4xx/5xx answer: curl's exit 22, with curl's words. */
export class HttpFailError extends Error {
  override name = 'HttpFailError';
  constructor(readonly status: number) {
    super(`The requested URL returned error: ${status}`);
  }
}

/** -s without -S: the failure keeps its exit code, and its message is not printed. */
export class SilencedFailure extends Error {
  override name = 'SilencedFailure';
  constructor(override readonly cause: unknown) {
    super('silenced');
  }
}

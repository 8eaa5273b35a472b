import { AbortError, TimeoutError, type TimeoutPhase } from '../errors.js';

/**
 * One request's cancellation: the caller's signal and the request's timeout folded into one
 * AbortSignal whose `reason` is already the typed error to throw (AbortError or TimeoutError,
 * naming the phase that ran out of time). Every layer below just passes the signal on.
 */
export class Deadline {
  private readonly controller: AbortController;
  private readonly external: AbortSignal | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** What the request is doing now; a TimeoutError says where time ran out. */
  phase: TimeoutPhase = 'pool';

  /**
   * `own`: the controller behind `external`, made for this request alone (the worker's): the
   * deadline aborts it directly rather than making a second one that listens to it (two
   * AbortControllers and a listener per request were a measurable share of a worker's time).
   */
  constructor(
    private readonly timeoutMs: number,
    external: AbortSignal | undefined,
    private readonly what: string,
    own?: AbortController,
  ) {
    if (own !== undefined && own.signal === external) {
      this.controller = own;
      this.external = undefined;
    } else {
      this.controller = new AbortController();
      this.external = external;
      if (external?.aborted) this.onExternalAbort();
      else external?.addEventListener('abort', this.onExternalAbort, { once: true });
    }
    this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** (Re)starts the countdown from now; a timeout of 0 means none. */
  arm(): void {
    this.disarm();
    if (this.timeoutMs > 0 && !this.controller.signal.aborted) {
      this.timer = setTimeout(() => {
        const seconds = this.timeoutMs >= 1000 ? ` (${this.timeoutMs / 1000} s)` : '';
        this.controller.abort(new TimeoutError(`${this.what} timed out after ${this.timeoutMs} ms${seconds} (${this.phase})`, this.phase, this.timeoutMs));
      }, this.timeoutMs);
    }
  }

  /** Stops the countdown (while a streamed body waits for its consumer). */
  disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disarm();
    this.external?.removeEventListener('abort', this.onExternalAbort);
  }

  /**
   * The error a failed request should surface: once the deadline or the caller has aborted, the
   * abort's own reason, whatever error the abort caused below (a reset socket, a TLS alert...).
   */
  outcome(error: unknown): unknown {
    return this.controller.signal.aborted ? this.controller.signal.reason : error;
  }

  private readonly onExternalAbort = (): void => {
    const reason: unknown = this.external?.reason;
    // The pool may abort with our own typed errors (a timeout it measured, say): keep them.
    const error = reason instanceof AbortError || reason instanceof TimeoutError ? reason : new AbortError(`${this.what} aborted`, { cause: reason });
    this.controller.abort(error);
  };
}

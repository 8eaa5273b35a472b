/**
 * The abort signal of one call: aborted by the caller's own signal or by the client closing.
 * Each call has its own controller rather than sharing the client's signal (or
 * AbortSignal.any over it): a hundred calls in flight would hang a hundred listeners on one
 * signal, which Node reports as a leak, and AbortSignal.any on Node 20 keeps its sources alive.
 */
export class CallSignal {
  readonly #controller = new AbortController();
  #unlink: () => void = () => {};

  constructor(outer?: AbortSignal) {
    if (!outer) return;
    if (outer.aborted) {
      this.#controller.abort(outer.reason);
      return;
    }
    const onAbort = (): void => this.#controller.abort(outer.reason);
    outer.addEventListener('abort', onAbort, { once: true });
    this.#unlink = () => outer.removeEventListener('abort', onAbort);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#controller.abort(reason);
  }

  /** The call is over: stop listening to the caller's signal. */
  dispose(): void {
    this.#unlink();
    this.#unlink = () => {};
  }
}

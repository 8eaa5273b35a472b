/** What each request's code on the main thread needs from the pool that started it. */
export interface PendingCall {
  /** Rejects the caller now (the pool is closing). */
  fail(error: Error): void;
}

export interface CallContext {
  signal: AbortSignal | undefined;
  /** How long past `timeout` the main thread waits for an unresponsive worker. */
  graceMs: number;
  /** Calls not yet settled, so `close()` can reject them. */
  pending: Set<PendingCall>;
  /** Counts the outcome once, when the caller's promise (or stream) settles. */
  settled(ok: boolean): void;
}

/**
 * The main thread's own clock on a request, so a wedged worker cannot hang its caller. The
 * worker's HTTP layer enforces `timeout` itself, with the precise phase; shortly after it should
 * have fired, the main thread asks the worker to abort; if even that goes unanswered for the
 * grace period, the caller gets a TimeoutError without the worker.
 */
import { TimeoutError } from '../errors.js';

/** Lets the worker's own, more precise timeout error win the race with ours. */
const NUDGE_DELAY_MS = 100;

export interface DeadlineHandlers {
  /** The worker should have timed out by now: tell it to. */
  nudge(): void;
  /** The worker did not answer: give up on it. */
  expire(error: TimeoutError): void;
}

/** Arms the deadline (none when `timeoutMs` is 0) and returns the function that disarms it. */
export function armDeadline(timeoutMs: number, graceMs: number, handlers: DeadlineHandlers): () => void {
  if (!(timeoutMs > 0)) return () => {};
  const nudgeAt = timeoutMs + Math.min(NUDGE_DELAY_MS, graceMs / 2);
  // One timer at a time: a request costs one timer, re-armed only if it runs this late.
  let timer = setTimeout(() => {
    handlers.nudge();
    timer = setTimeout(
      () => handlers.expire(new TimeoutError(`request timed out after ${timeoutMs} ms (worker unresponsive)`, 'total', timeoutMs)),
      timeoutMs + graceMs - nudgeAt,
    );
  }, nudgeAt);
  return () => clearTimeout(timer);
}

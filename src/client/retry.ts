/**
 * Retries of requests that never reached the server: a connection that failed to open, or a
 * connect that timed out. Only idempotent methods (RFC 9110 §9.2.2), since a retried POST could
 * act twice if the failure came late. A proxy's refusal is not retried: it would refuse again.
 */
import { AbortError, ConnectError, ProxyError, TimeoutError } from '../errors.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

export function isRetryable(method: string, error: unknown): boolean {
  if (!IDEMPOTENT.has(method)) return false;
  if (error instanceof ProxyError) return false;
  return error instanceof ConnectError || (error instanceof TimeoutError && error.phase === 'connect');
}

/** Delay before retry `n` (1-based): at once, then 250 ms doubling up to 2 s (httpcore's shape). */
export function retryDelay(n: number): number {
  return n <= 1 ? 0 : Math.min(250 * 2 ** (n - 2), 2_000);
}

export async function withRetries<T>(
  method: string,
  retries: number,
  signal: AbortSignal | undefined,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  if (retries === 0) return attempt(0);
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= retries || !isRetryable(method, error)) throw error;
      await sleep(retryDelay(n + 1), signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError('aborted while waiting to retry'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The pool behind the module-level functions (`get(url)` and friends): created on first use,
 * shared by every caller that brings no client. It never keeps the process alive: idle threads
 * are unref'd, so a script that awaits one request exits when it is done.
 */
import { PoolError } from '../errors.js';
import { WorkerPool, type PoolOptions } from './pool.js';

let shared: WorkerPool | null = null;
let sharedOptions: PoolOptions = {};

/**
 * Options for the shared pool; only before its first request (its connections live in its threads
 * after that). A pool only warmed by a new client is replaced.
 */
export function configureDefaultPool(options: PoolOptions): void {
  if (shared !== null && !shared.closed && shared.used) throw new PoolError('the default pool is already running; configure it before the first request');
  if (shared !== null) void shared.close();
  shared = null;
  sharedOptions = { ...options };
}

export function defaultPool(): WorkerPool {
  if (shared === null || shared.closed) shared = new WorkerPool(sharedOptions);
  return shared;
}

/** Whether the shared pool is running (it may hold connections). */
export function hasDefaultPool(): boolean {
  return shared !== null && !shared.closed;
}

/** Closes the shared pool (a later request starts a fresh one). */
export async function closeDefaultPool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}

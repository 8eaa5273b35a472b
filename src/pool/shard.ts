/**
 * One shard: a piscina instance with exactly one thread, which serves every origin hashed to
 * it. piscina queues, spawns on demand, respawns after a crash and lets an idle thread exit;
 * this class turns piscina's own failures (a dead thread) into PoolError.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { FixedQueue, Piscina } from 'piscina';
import { PoolError } from '../errors.js';
import type { WorkerResult, WorkerTask } from './messages.js';
import type { WorkerEntry } from './worker-file.js';

export interface ShardOptions {
  entry: WorkerEntry;
  /** Requests served at once by the thread (HTTP/2 multiplexes many on one connection). */
  concurrency: number;
  /** An idle thread exits after this long (taking its idle connections with it). */
  idleTimeoutMs: number;
  resourceLimits: ResourceLimits | undefined;
}

export class Shard {
  readonly index: number;
  readonly #piscina: Piscina<WorkerTask, WorkerResult>;
  #inFlight = 0;
  /** Thread failures piscina had no request to report to (a crash while idle). */
  #idleFailures = 0;

  constructor(index: number, options: ShardOptions) {
    this.index = index;
    this.#piscina = new Piscina<WorkerTask, WorkerResult>({
      filename: options.entry.filename,
      execArgv: options.entry.execArgv,
      ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
      // No thread until needed, and none kept once idle: piscina unrefs a thread with no task,
      // so an idle pool never keeps the process alive.
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: options.idleTimeoutMs,
      concurrentTasksPerWorker: options.concurrency,
      // Between tasks piscina's default Atomics.wait() blocks the thread's event loop, which
      // would freeze the keep-alive connections and HTTP/2 sessions that live there.
      atomics: 'disabled',
      recordTiming: false,
      // piscina's default queue object is one shared instance; each shard gets its own.
      taskQueue: new FixedQueue(),
    });
    // Without a listener, a thread that dies while idle would throw 'error' on the main thread.
    this.#piscina.on('error', () => this.#idleFailures++);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get idleFailures(): number {
    return this.#idleFailures;
  }

  /** Runs a task; a rejection is always a PoolError, since the worker encodes its own errors. */
  async run(task: WorkerTask, transferList: (ArrayBuffer | WorkerTask['port'])[]): Promise<WorkerResult> {
    this.#inFlight++;
    try {
      return await this.#piscina.run(task, { transferList });
    } catch (error) {
      throw new PoolError(`${describe(error)} (shard ${this.index})`, { cause: error });
    } finally {
      this.#inFlight--;
    }
  }

  /** Terminates the thread; its in-flight tasks reject (their callers were told already). */
  close(): Promise<void> {
    return this.#piscina.destroy();
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return `worker failed: ${String(error)}`;
  // piscina's own words for a thread that called process.exit or was killed.
  if (error.message.startsWith('worker exited')) return error.message;
  if (error.message === 'Terminating worker thread') return 'worker terminated';
  // postMessage refused the task: nothing reached the worker.
  if (error.name === 'DataCloneError') return `request could not be sent to the worker: ${error.message}`;
  if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') return `worker exited: out of memory (${error.message})`;
  // Anything else is what killed the thread: an exception nobody caught (a timer, an emitter).
  return `worker exited after an uncaught ${error.name}: ${error.message}`;
}

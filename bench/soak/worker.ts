/**
 * The soak run's worker entry: the real worker runtime and HTTP layer (src/pool, src/http), plus
 * one fault hook. A request for `/__soak/kill-worker` makes its thread exit a moment later, taking
 * every request that thread is serving with it: the pool must reject those with PoolError, spawn
 * a new thread, and carry on. (The pool accepts another entry file for tests: `workerFile`.)
 */
import { performRequest } from '../../src/http/dispatch.js';
import type { RequestHandler } from '../../src/pool/handler.js';
import { createTaskRunner } from '../../src/pool/run-task.js';

export const KILL_PATH = '/__soak/kill-worker';

const handler: RequestHandler = (request, options) => {
  if (new URL(request.url).pathname === KILL_PATH) {
    // Let the requests already on this thread get going, then die as a crash would.
    setTimeout(() => process.exit(1), 20);
    return new Promise(() => {});
  }
  return performRequest(request, options);
};

export default createTaskRunner(handler);

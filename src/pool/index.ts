/** The worker pool: the main thread's dispatcher, and the contract the worker's handler fulfils. */
export { WorkerPool, type PoolOptions, type PoolStats, type RequestOptions } from './pool.js';
export { defaultPool, configureDefaultPool, closeDefaultPool, hasDefaultPool } from './default-pool.js';
export type { StreamedResponse } from './stream-call.js';
export type { StreamBody } from './body-stream.js';
export type { SocketEvents, SocketLink } from './socket-call.js';
export type { HandlerOptions, RequestHandler } from './handler.js';
export type * from './messages.js';

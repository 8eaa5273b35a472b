/**
 * The HTTP layer's face for the worker (src/pool): `performRequest` and the thread's pool, plus
 * the session contract the HTTP/2 session implements.
 */
export { performRequest, defaultPool, closeScope, type HttpResponse, type PerformOptions } from './dispatch.js';
export { ConnectionPool, DEFAULT_POOL_LIMITS, type ConnectionPoolOptions, type PoolLimits, type Lease } from './origin-pool.js';
export {
  isReplayable,
  markReplayable,
  type ExchangeResponse,
  type H2Request,
  type H2Session,
  type H2SessionFactory,
  type H2SessionOptions,
  type ResponseBody,
  type Transport,
} from './session.js';

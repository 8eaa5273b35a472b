/**
 * tls-requests: an HTTP client that looks like a real browser on the wire.
 *
 * This is the public face, and it loads only what the caller's thread needs: the client, the
 * errors, the profiles and the fingerprint tools (the echo server loads when one is started).
 * The TLS engine runs in the worker threads; to use it directly, import `tls-requests/tls`.
 */
export * from './errors.js';
export * from './client/index.js';
export { WorkerPool, configureDefaultPool, closeDefaultPool, type PoolOptions, type PoolStats } from './pool/index.js';
export * from './profiles/index.js';
export * from './fingerprint/toolkit.js';

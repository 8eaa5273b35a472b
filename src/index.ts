/**
 * tls-requests: an HTTP client that looks like a real browser on the wire.
 *
 * This is the public face. The TLS engine is also usable on its own through `tls-requests/tls`.
 */
export * from './errors.js';
export { connect, type ConnectOptions, TLSConnection } from './tls/index.js';
export * from './client/index.js';
export * from './profiles/index.js';
export * from './fingerprint/index.js';

/**
 * A pool worker whose handler answers at once, with no network: what is left of a request's cost
 * is the pool's own (structured clone, MessagePorts, piscina). Used by bench/pool-roundtrip.ts.
 */
import { createTaskRunner } from '../../src/pool/run-task.js';

const BODY_BYTES = 100;

export default createTaskRunner(async (request) => ({
  status: 200,
  reason: 'OK',
  httpVersion: 'HTTP/1.1',
  headers: [
    ['content-type', 'application/octet-stream'],
    ['content-length', String(BODY_BYTES)],
  ],
  body: new Uint8Array(BODY_BYTES),
  url: request.url,
  tls: null,
  connectionReused: true,
  headersElapsedMs: 0,
}));

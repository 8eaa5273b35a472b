/**
 * The transport a client uses when given none: the shared worker pool, looked up on each call
 * (so a closed shared pool is replaced by a fresh one). Clients never close it: it is shared,
 * and its idle threads do not keep the process alive.
 */
import { closeDefaultPool, defaultPool, hasDefaultPool } from '../pool/index.js';
import type { Transport } from './transport.js';

export const sharedTransport: Transport = {
  streamsRequestBodies: true,
  request: (message, options) => defaultPool().request(message, options),
  stream: (message, options) => defaultPool().stream(message, options),
  websocket: (message, options, call) => defaultPool().websocket(message, options, call),
  close: () => closeDefaultPool(),
  // A pool that has not started has no connections to close; do not start one for that.
  warm: () => defaultPool().warm(),
  closeScope: (scope) => (hasDefaultPool() ? defaultPool().closeScope(scope) : Promise.resolve()),
};

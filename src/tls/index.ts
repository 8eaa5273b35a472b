/** The TLS engine's public face: `connect()` and the types around it. Usable without HTTP or the pool. */
export { connect, type ConnectOptions } from './connect.js';
export { TLSConnection } from './connection.js';
export type { SessionTicket13 } from './handshake-types.js';
export { MemorySession12Cache, type Session12, type Session12Cache } from './session12.js';
export { MemoryTicketStore13, type TicketStore13, type MemoryTicketStore13Options } from './session13.js';
export type { ClientHelloSpec, ExtensionSpec } from '../vocabulary/hello-spec.js';
export { GREASE } from '../vocabulary/hello-spec.js';
export { defaultHelloSpec } from './hello/default.js';
export { buildClientHello } from './hello/build.js';
export type { CryptoProvider, RandomSource } from './crypto/provider.js';
export { systemRandom, seededRandom } from './random.js';
export { systemClock, fixedClock, type Clock } from './clock.js';
export { cipherSuiteName } from '../vocabulary/cipher-suites.js';

import { http2SessionFactory } from './h2/session-factory.js';
import type { H2Session, H2SessionFactory, H2SessionOptions } from './session.js';

/**
 * Where the origin pool gets its HTTP/2 sessions: our own session (src/http/h2/session.ts) by
 * default. Tests may plug in a scripted one with `setH2SessionFactory`.
 */
let factory: H2SessionFactory = http2SessionFactory;

export function setH2SessionFactory(next: H2SessionFactory | null): void {
  factory = next ?? http2SessionFactory;
}

export function createH2Session(options: H2SessionOptions): H2Session {
  return factory(options);
}

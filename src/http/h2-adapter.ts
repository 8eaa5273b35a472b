import { HTTPError } from '../errors.js';
import type { H2Session, H2SessionFactory, H2SessionOptions } from './session.js';

/**
 * Where the origin pool gets its HTTP/2 sessions. TODO(h2 session): once src/http/h2's session
 * lands, register it here by default (import its factory and assign `factory`); until then a
 * connection whose ALPN says h2 fails with a clear error instead of being spoken to wrongly.
 * Tests (and the session's engineer, before wiring) can plug a factory in with
 * `setH2SessionFactory`.
 */
let factory: H2SessionFactory | null = null;

export function setH2SessionFactory(next: H2SessionFactory | null): void {
  factory = next;
}

export function createH2Session(options: H2SessionOptions): H2Session {
  if (!factory) {
    throw new HTTPError(
      `the server chose HTTP/2 (ALPN h2), and the HTTP/2 session is not wired in yet; use http2: 'http1' to force HTTP/1.1`,
    );
  }
  return factory(options);
}

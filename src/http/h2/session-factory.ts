/**
 * The HTTP/2 session as the origin pool asks for it (`H2SessionFactory`, src/http/session.ts):
 * `Http2Session` implements `H2Session` directly, so the adapter only unpacks the options. It is
 * the default of `ConnectionPoolOptions.createH2Session` (src/http/origin-pool.ts).
 */
import type { H2Session, H2SessionFactory, H2SessionOptions } from '../session.js';
import { Http2Session } from './session.js';

export const http2SessionFactory: H2SessionFactory = (options: H2SessionOptions): H2Session =>
  new Http2Session(options.transport.stream, { profile: options.profile, onStateChange: options.onStateChange });

/**
 * A stream error (RFC 9113 §5.4.2): the server broke the rules for one stream only. The session
 * answers it with RST_STREAM carrying `code` and fails that one request; the connection and its
 * other streams carry on. Connection errors are `RemoteProtocolError`s thrown the same way.
 */
import type { ErrorCodeName } from './frame-types.js';

export class StreamError extends Error {
  override name = 'StreamError';
  constructor(
    message: string,
    readonly code: ErrorCodeName = 'PROTOCOL_ERROR',
  ) {
    super(message);
  }
}

/**
 * HPACK's one failure mode: RFC 9113 §4.3 makes any header block the decoder cannot process a
 * connection error of type COMPRESSION_ERROR (the decoder's table can no longer be trusted).
 */
import { RemoteProtocolError } from '../../../errors.js';

export function compressionError(message: string): RemoteProtocolError {
  return new RemoteProtocolError(`HPACK: ${message}`, 'COMPRESSION_ERROR');
}

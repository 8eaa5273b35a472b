import type { Duplex } from 'node:stream';
import { ProxyError } from '../../errors.js';
import { StreamReader } from '../h1/stream-reader.js';

/**
 * Runs a proxy's opening (an HTTP CONNECT, a SOCKS5 exchange) on `socket` and hands the socket
 * over as the tunnel: paused, with any bytes read past the opening put back, so the TLS handshake
 * that follows reads them first. An abort fails the read in progress (as the signal's reason);
 * any failure destroys the socket.
 */
export async function openTunnel(socket: Duplex, signal: AbortSignal, opening: (reader: StreamReader) => Promise<void>): Promise<Duplex> {
  const reader = new StreamReader(socket);
  const onAbort = (): void => reader.fail(signal.reason instanceof Error ? signal.reason : new ProxyError('aborted'));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await opening(reader);
    const rest = reader.detach();
    if (rest.length) socket.unshift(rest);
    return socket;
  } catch (error) {
    socket.destroy();
    throw signal.aborted && signal.reason instanceof Error ? signal.reason : error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

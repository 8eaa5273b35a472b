/**
 * The one place a TCP connection is opened: the TLS engine's `connect()` when it is given no
 * socket, and the HTTP layer for every hop (plain http, a proxy, the TCP under https). Both
 * dial the same way, so a connection looks the same to the network whoever asked for it.
 */
import { connect as netConnect, type LookupFunction, type Socket } from 'node:net';
import { ConnectError } from '../errors.js';

export interface TcpOptions {
  host: string;
  port: number;
  localAddress?: string | null;
  family?: 0 | 4 | 6;
  /** Name resolution for this connection (static overrides, say); the system resolver otherwise. */
  lookup?: LookupFunction;
}

/** Opens a TCP connection; failures are ConnectError, an abort rejects with `signal.reason`. */
export function openTcp(options: TcpOptions, signal?: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const socket = netConnect({
      host: options.host,
      port: options.port,
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      ...(options.family ? { family: options.family } : {}),
    });
    // Browsers disable Nagle: a request head (or a handshake flight) must not wait for an ACK.
    socket.setNoDelay(true);
    const onAbort = (): void => {
      socket.destroy();
      reject(signal?.reason);
    };
    const onError = (error: NodeJS.ErrnoException): void => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(new ConnectError(`cannot connect to ${options.host}:${options.port}: ${error.message}`, error.code ?? '', { cause: error }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('connect', () => {
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

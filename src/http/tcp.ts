import dns from 'node:dns';
import { connect as netConnect, isIP, type LookupFunction, type Socket } from 'node:net';
import { ConnectError } from '../errors.js';

export interface TcpOptions {
  host: string;
  port: number;
  localAddress: string | null;
  family: 0 | 4 | 6;
  /** Static DNS overrides, host → address (RequestMessage.resolve). */
  resolve: Record<string, string>;
}

/**
 * A `lookup` for net.connect that answers from the static overrides first (curl's --resolve), and
 * asks the system resolver for the rest. It honours both call shapes: Node 20's happy-eyeballs
 * connect asks with `all: true`.
 */
export function overrideLookup(overrides: Record<string, string>): LookupFunction {
  return (hostname, options, callback) => {
    const address = overrides[hostname] ?? overrides[hostname.toLowerCase()];
    if (!address) {
      dns.lookup(hostname, options, callback);
      return;
    }
    const family = isIP(address) || 4;
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** Opens a TCP connection; failures are ConnectError, an abort rejects with `signal.reason`. */
export function openTcp(options: TcpOptions, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const socket = netConnect({
      host: options.host,
      port: options.port,
      lookup: overrideLookup(options.resolve),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      ...(options.family ? { family: options.family } : {}),
    });
    // Browsers disable Nagle: a request head must not wait for an ACK.
    socket.setNoDelay(true);
    const onAbort = (): void => {
      socket.destroy();
      reject(signal.reason);
    };
    const onError = (error: NodeJS.ErrnoException): void => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(new ConnectError(`cannot connect to ${options.host}:${options.port}: ${error.message}`, error.code ?? '', { cause: error }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** Resolves a name locally (for SOCKS5 without remote DNS), overrides first. */
export async function resolveHost(host: string, family: 0 | 4 | 6, overrides: Record<string, string>): Promise<string> {
  if (isIP(host)) return host;
  const override = overrides[host] ?? overrides[host.toLowerCase()];
  if (override) return override;
  try {
    const { address } = await dns.promises.lookup(host, { family });
    return address;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new ConnectError(`cannot resolve ${host}: ${e.message}`, e.code ?? '', { cause: error });
  }
}

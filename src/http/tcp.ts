/**
 * Name resolution for the HTTP layer's connections: the static overrides (RequestMessage.resolve)
 * first, the system resolver for the rest. The connections themselves open in src/tls/tcp.ts.
 */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { ConnectError } from '../errors.js';

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

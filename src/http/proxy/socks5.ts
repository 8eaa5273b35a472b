import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { ProxyError } from '../../errors.js';
import { StreamReader } from '../h1/stream-reader.js';
import type { ProxyConfig } from './proxy-url.js';
import { openTunnel } from './tunnel.js';

const VERSION = 0x05;
const AUTH_NONE = 0x00;
const AUTH_PASSWORD = 0x02;
const AUTH_NO_ACCEPTABLE = 0xff;
const CMD_CONNECT = 0x01;
const ATYP_IPV4 = 0x01;
const ATYP_DOMAIN = 0x03;
const ATYP_IPV6 = 0x04;

/** RFC 1928 §6 reply codes. */
const REPLIES: Record<number, string> = {
  1: 'general SOCKS server failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

/**
 * A SOCKS5 CONNECT (RFC 1928) on an open connection to the proxy, with username/password
 * authentication (RFC 1929) when the proxy URL has credentials. `address` is what the proxy is
 * asked to reach: an IP the caller resolved (socks5) or the host name itself (socks5h, the
 * proxy resolves it). Failures are ProxyError with `code` `SOCKS5_<reply>`.
 */
export async function socks5Connect(socket: Duplex, proxy: ProxyConfig, address: string, port: number, signal: AbortSignal): Promise<Duplex> {
  return openTunnel(socket, signal, async (reader) => {
    const withPassword = proxy.username !== '' || proxy.password !== '';
    socket.write(Uint8Array.from(withPassword ? [VERSION, 2, AUTH_NONE, AUTH_PASSWORD] : [VERSION, 1, AUTH_NONE]));
    const [version, method] = await readExact(reader, 2);
    if (version !== VERSION) throw new ProxyError(`not a SOCKS5 proxy (version byte ${version})`, 'SOCKS5_BAD_VERSION');
    if (method === AUTH_PASSWORD && withPassword) await authenticate(socket, reader, proxy);
    else if (method === AUTH_NO_ACCEPTABLE) {
      throw new ProxyError(withPassword ? 'the SOCKS5 proxy accepts none of our authentication methods' : 'the SOCKS5 proxy requires authentication', 'SOCKS5_AUTH_REQUIRED');
    } else if (method !== AUTH_NONE) throw new ProxyError(`the SOCKS5 proxy chose an authentication method we did not offer (${method})`, 'SOCKS5_BAD_METHOD');

    socket.write(Buffer.concat([Uint8Array.from([VERSION, CMD_CONNECT, 0]), encodeAddress(address), Uint8Array.from([port >> 8, port & 0xff])]));
    const [replyVersion, reply, , atyp] = await readExact(reader, 4);
    if (replyVersion !== VERSION) throw new ProxyError(`malformed SOCKS5 reply (version byte ${replyVersion})`, 'SOCKS5_BAD_VERSION');
    if (reply !== 0) throw new ProxyError(`the SOCKS5 proxy could not connect to ${address}:${port}: ${REPLIES[reply!] ?? `reply ${reply}`}`, `SOCKS5_${reply}`);
    // The bound address and port: read and ignored, the tunnel starts after them.
    const boundLength = atyp === ATYP_IPV4 ? 4 : atyp === ATYP_IPV6 ? 16 : atyp === ATYP_DOMAIN ? (await readExact(reader, 1))[0]! : -1;
    if (boundLength < 0) throw new ProxyError(`malformed SOCKS5 reply (address type ${atyp})`, 'SOCKS5_BAD_REPLY');
    await readExact(reader, boundLength + 2);
  });
}

async function authenticate(socket: Duplex, reader: StreamReader, proxy: ProxyConfig): Promise<void> {
  const user = Buffer.from(proxy.username, 'utf8');
  const pass = Buffer.from(proxy.password, 'utf8');
  if (user.length > 255 || pass.length > 255) throw new ProxyError('SOCKS5 username and password are limited to 255 bytes each', 'SOCKS5_AUTH_TOO_LONG');
  socket.write(Buffer.concat([Uint8Array.from([0x01, user.length]), user, Uint8Array.from([pass.length]), pass]));
  const [, status] = await readExact(reader, 2);
  if (status !== 0) throw new ProxyError('the SOCKS5 proxy rejected the username or password', 'SOCKS5_AUTH_FAILED');
}

function encodeAddress(address: string): Uint8Array {
  const family = isIP(address);
  if (family === 4) return Uint8Array.from([ATYP_IPV4, ...address.split('.').map(Number)]);
  if (family === 6) return Uint8Array.from([ATYP_IPV6, ...ipv6Bytes(address)]);
  const name = Buffer.from(address, 'utf8');
  if (name.length > 255) throw new ProxyError('host name too long for SOCKS5', 'SOCKS5_NAME_TOO_LONG');
  return Buffer.concat([Uint8Array.from([ATYP_DOMAIN, name.length]), name]);
}

/** The 16 bytes of an IPv6 literal (with `::` and an optional dotted IPv4 tail). */
export function ipv6Bytes(address: string): number[] {
  let text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

async function readExact(reader: StreamReader, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let filled = 0;
  while (filled < n) {
    const chunk = await reader.read(n - filled);
    if (!chunk) throw new ProxyError('the SOCKS5 proxy closed the connection during the handshake', 'ECONNRESET');
    out.set(chunk, filled);
    filled += chunk.length;
  }
  return out;
}

import type { Duplex } from 'node:stream';
import { HTTPError, ProxyError } from '../../errors.js';
import { encodeRequestHead } from '../h1/request-writer.js';
import { readResponseHead } from '../h1/response-head.js';
import { basicAuthorization, hostPort, type ProxyConfig } from './proxy-url.js';
import { openTunnel } from './tunnel.js';

/**
 * Asks an HTTP proxy for a tunnel (RFC 9110 §9.3.6) on an open connection to it, and returns that
 * connection, now a byte pipe to `host:port`. The request is Chromium's: Host, then
 * `Proxy-Connection: keep-alive`, the User-Agent, and Basic credentials from the proxy URL.
 * Anything but a 2xx is a ProxyError whose `code` is the status (407: credentials refused).
 */
export async function httpConnect(
  socket: Duplex,
  proxy: ProxyConfig,
  target: { host: string; port: number },
  userAgent: string | undefined,
  signal: AbortSignal,
): Promise<Duplex> {
  const authority = hostPort(target.host, target.port);
  const headers: [string, string][] = [
    ['Host', authority],
    ['Proxy-Connection', 'keep-alive'],
  ];
  if (userAgent) headers.push(['User-Agent', userAgent]);
  const authorization = basicAuthorization(proxy);
  if (authorization) headers.push(['Proxy-Authorization', authorization]);

  return openTunnel(socket, signal, async (reader) => {
    socket.write(encodeRequestHead({ method: 'CONNECT', target: authority, headers, body: null }));
    let head;
    try {
      head = await readResponseHead(reader);
    } catch (error) {
      if (signal.aborted || !(error instanceof HTTPError) || error instanceof ProxyError) throw error;
      throw new ProxyError(`the proxy's answer to CONNECT is not HTTP: ${error.message}`, 'BAD_RESPONSE', { cause: error });
    }
    if (!head) throw new ProxyError(`the proxy ${hostPort(proxy.host, proxy.port)} closed the connection instead of answering CONNECT`, 'ECONNRESET');
    if (head.status < 200 || head.status > 299) {
      throw new ProxyError(`the proxy refused CONNECT ${authority}: ${head.status} ${head.reason}`.trim(), String(head.status));
    }
    // A 2xx to CONNECT has no body (RFC 9110 §9.3.6): whatever follows is the tunnel's.
  });
}

/**
 * `startEchoServer` as the package root offers it: the server (its HTTP/1.1 and HTTP/2 sessions,
 * frame parsers, report builders) loads when a server is started, not when the package is
 * imported, so a script that only sends requests does not pay for it.
 */
import type { EchoServer, EchoServerOptions } from './server.js';

export async function startEchoServer(options: EchoServerOptions = {}): Promise<EchoServer> {
  const { startEchoServer: start } = await import('./server.js');
  return start(options);
}

/** What a session knows of its connection before the first request: how it came in, and from whom. */
import type { TlsReport } from './tls-report.js';

export interface ConnectionInfo {
  scheme: 'https' | 'http';
  remoteAddress: string;
  /** The TLS part of every report; absent on the plain-HTTP listener. */
  tls?: TlsReport;
}

/** "::ffff:127.0.0.1" -> "127.0.0.1": httpbin shows the IPv4 address a client used. */
export function peerAddress(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

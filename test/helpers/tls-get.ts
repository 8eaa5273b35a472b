import type { TLSConnection } from '../../src/tls/connection.js';

/** Sends a minimal HTTP/1.1 GET over an established TLS connection and reads until the server closes. */
export async function getOver(conn: TLSConnection, host = 'localhost', path = '/'): Promise<string> {
  conn.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of conn) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

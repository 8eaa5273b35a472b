/**
 * A TLS server on 127.0.0.1 (Node's OpenSSL) that hands each connection to a script once the
 * request head has arrived, with both the TLS socket and the TCP socket under it: the script can
 * end the TLS stream (close_notify, then FIN) and then reset the TCP connection, which Node's
 * own tls.Server cannot do (a TLSSocket has no resetAndDestroy).
 */
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import type { Pki } from '../helpers/pki.js';

export interface TlsScriptServer {
  port: number;
  /** https://localhost:port, which the test PKI's leaf names. */
  url: string;
  close(): Promise<void>;
}

export type TlsScript = (secure: tls.TLSSocket, raw: net.Socket, head: string) => void;

export async function startTlsScriptServer(pki: Pki, script: TlsScript): Promise<TlsScriptServer> {
  const leaf = pki.leaves.ecdsaP256;
  const context = tls.createSecureContext({ key: leaf.keyPem, cert: leaf.chainPem });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((raw) => {
    sockets.add(raw);
    raw.once('close', () => sockets.delete(raw));
    raw.on('error', () => {});
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext: context, ALPNProtocols: ['http/1.1'] });
    // The client's reaction to a reset is the subject of the tests, not a server failure.
    secure.on('error', () => {});
    let head = '';
    let answered = false;
    secure.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!answered && head.includes('\r\n\r\n')) {
        answered = true;
        script(secure, raw, head);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `https://localhost:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
